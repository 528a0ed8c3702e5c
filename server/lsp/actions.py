"""Code actions: each fix as a quick fix, fix all of a code, fix all on save, disable for a line."""
from __future__ import annotations

from lsprotocol import types

from ...grammar.findings import Edit
from ...grammar.layout import line_bounds, newline
from . import convert

FIX_ALL_KIND = "source.fixAll.nianbao"


def _edit(uri, version, src, edits, enc) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
        edits=convert.text_edits(src, edits, enc))])


def _non_overlapping(fixes):
    chosen = []
    for fix in fixes:
        if all(e.end <= c.start or e.start >= c.end for e in fix.edits for c in chosen) and \
                not any(e.start == e.end == c.start == c.end for e in fix.edits for c in chosen):
            chosen.extend(fix.edits)
    return chosen


async def whole_document_fix(ls, doc) -> list[Edit] | None:
    """Every safe fix, as one edit of the document's current version (the fix loop lints the
    text again and again: it runs in the document's worker, never on the event loop)."""
    new = await ls.documents.fixed(doc)
    if new is None or new == doc.text:
        return None
    return [Edit(0, len(doc.text), new)]


def register(ls) -> None:
    @ls.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, FIX_ALL_KIND]))
    async def code_action(ls, params: types.CodeActionParams):
        doc = await ls.report(params.text_document.uri)
        if doc is None:
            return None
        only = params.context.only
        out: list[types.CodeAction] = []
        if only and any(str(k).startswith("source") for k in only):
            edits = await whole_document_fix(ls, doc)
            if edits:                               # for the version current now, after the wait
                out.append(types.CodeAction(title="nianbao：修复所有可安全修复的问题", kind=FIX_ALL_KIND,
                                            edit=_edit(doc.uri, doc.version, doc.source, edits, ls.enc)))
            return out
        findings = doc.findings
        enc, src, uri = ls.enc, doc.source, doc.uri
        start = convert.offset(src, params.range.start, enc)
        end = convert.offset(src, params.range.end, enc)
        here = [f for f in findings if f.span.start <= end and start <= f.span.end]
        nl = newline(doc.text)
        seen_codes = set()
        for f in here:
            diag = convert.diagnostic(uri, src, f, enc)
            if f.fix:
                out.append(types.CodeAction(
                    title=f"{f.fix.title}（{f.code}）" + ("（不安全）" if f.fix.safety != "safe" else ""),
                    kind=types.CodeActionKind.QuickFix, diagnostics=[diag],
                    is_preferred=f.fix.safety == "safe",
                    edit=_edit(uri, doc.version, src, list(f.fix.edits), enc)))
            if f.code in seen_codes:
                continue
            seen_codes.add(f.code)
            same = [g.fix for g in findings if g.code == f.code and g.fix and g.fix.safety == "safe"]
            if len(same) > 1:
                out.append(types.CodeAction(
                    title=f"修复本文件中所有 {f.code}（{len(same)} 处）", kind=types.CodeActionKind.QuickFix,
                    edit=_edit(uri, doc.version, src, _non_overlapping(same), enc)))
            line_start = line_bounds(doc.text, f.span.start)[0]
            out.append(types.CodeAction(
                title=f"在这一行停用 {f.code}", kind=types.CodeActionKind.QuickFix,
                edit=_edit(uri, doc.version, src,
                           [Edit(line_start, line_start, f"<!-- nianbao-disable-next-line {f.code} -->{nl}")], enc)))
        return out

    @ls.command("nianbao.fixAll")
    async def fix_all_command(ls, uri=None):
        """arguments: [uri]: apply every safe fix to that open document."""
        doc = ls.documents.docs.get(uri) if isinstance(uri, str) else None
        if doc is None:
            return False
        edits = await whole_document_fix(ls, doc)
        if edits:
            ls.workspace_apply_edit(types.ApplyWorkspaceEditParams(
                edit=_edit(uri, doc.version, doc.source, edits, ls.enc), label="nianbao fix all"))
        return bool(edits)
