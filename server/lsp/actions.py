"""Code actions: each fix as a quick fix, fix all of a code, fix all on save, disable for a line."""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from lsprotocol import types

from . import convert

if TYPE_CHECKING:          # the engine is imported after the initialize answer (server/cli.py)
    from ...grammar import Config, Edit, Finding

FIX_ALL_KIND = "source.fixAll.nianbao"
MAX_DISABLES = 8      # disable actions verified per request: each costs a lint of the document


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


def disable_edit(text: str, cfg: Config, findings: list[Finding], f: Finding) -> Edit | None:
    """The comment that silences exactly `f`: `disable-next-line` above its line, else
    `disable-file` at the top, whichever a lint of the text with it proves to remove `f` and
    nothing else and to add nothing (a comment that became a table cell, an unused-suppression
    NB001, a finding anchored at the document start that no line comment covers). None when
    neither does: then the action is not offered."""
    from ...grammar import Edit, line_bounds, newline
    nl = newline(text)
    at = line_bounds(text, f.span.start)[0]
    for edit in (Edit(at, at, f"<!-- nianbao-disable-next-line {f.code} -->{nl}"),
                 Edit(0, 0, f"<!-- nianbao-disable-file {f.code} -->{nl}")):
        if _silences_exactly(text, cfg, findings, f, edit):
            return edit
    return None


def _silences_exactly(text: str, cfg: Config, findings: list[Finding], f: Finding, edit: Edit) -> bool:
    from ...grammar import apply_edits, lint
    at, n = edit.start, len(edit.content)

    def before(k: int) -> int | None:       # an offset in the edited text, in `text`; None inside the comment
        return k if k <= at else k - n if k >= at + n else None
    after = Counter((g.code, g.message, before(g.span.start), before(g.span.end))
                    for g in lint(apply_edits(text, [edit]), cfg))
    want = Counter((g.code, g.message, g.span.start, g.span.end) for g in findings)
    want[(f.code, f.message, f.span.start, f.span.end)] -= 1
    return after == +want and sum(want.values()) == len(findings) - 1


async def _disable_edits(ls, doc, wanted: list[Finding]) -> list[Edit | None]:
    """`disable_edit` for each finding, verified in the document's worker, once per analysis."""
    analysis = doc.analysis

    def verify(f, doc, text, stale):
        if doc.analysis is not analysis:    # edited meanwhile: `wanted` is of another text
            return None
        return disable_edit(text, ls.documents.config_for(doc)[0], analysis.findings, f)
    out = []
    for f in wanted:
        kind = f"disable {analysis.result_id} {f.code} {f.span.start} {f.span.end} {f.message}"
        out.append(await ls.documents.computed(doc, kind, lambda doc, text, stale, f=f: verify(f, doc, text, stale)))
    return out


async def whole_document_fix(ls, doc) -> list[Edit] | None:
    """Every safe fix, as one edit of the document's current version (the fix loop lints the
    text again and again: it runs in the document's worker, never on the event loop)."""
    from ...grammar import Edit
    new = await ls.documents.fixed(doc)
    if new is None or new == doc.text:
        return None
    return [Edit(0, len(doc.text), new)]


def _first_of_each_code(findings: list[Finding]) -> list[Finding]:
    seen: set[str] = set()
    return [f for f in findings if not (f.code in seen or seen.add(f.code))]


def _quick_fixes(ls, doc, here: list[Finding], disables: dict[int, Edit | None]) -> list[types.CodeAction]:
    """For the findings in the range: each one's fix, fix all of its code, disable it (verified)."""
    findings, enc, src, uri = doc.findings, ls.enc, doc.source, doc.uri
    out: list[types.CodeAction] = []
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
        disable = disables.get(id(f))
        if disable is not None:
            where = "本文件中" if "disable-file" in disable.content else "这一行"
            out.append(types.CodeAction(title=f"在{where}停用 {f.code}", kind=types.CodeActionKind.QuickFix,
                                        diagnostics=[diag], edit=_edit(uri, doc.version, src, [disable], enc)))
    return out


def register(ls) -> None:
    @ls.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, FIX_ALL_KIND]))
    async def code_action(ls, params: types.CodeActionParams):
        while True:
            doc = await ls.report(params.text_document.uri)
            if doc is None:
                return None
            only = params.context.only
            if only and any(str(k).startswith("source") for k in only):
                edits = await whole_document_fix(ls, doc)
                if not edits:                   # for the version current now, after the wait
                    return []
                return [types.CodeAction(title="nianbao：修复所有可安全修复的问题", kind=FIX_ALL_KIND,
                                         edit=_edit(doc.uri, doc.version, doc.source, edits, ls.enc))]
            analysis, src = doc.analysis, doc.source
            start = convert.offset(src, params.range.start, ls.enc)
            end = convert.offset(src, params.range.end, ls.enc)
            here = [f for f in analysis.findings if f.span.start <= end and start <= f.span.end]
            firsts = _first_of_each_code(here)[:MAX_DISABLES]
            disables = dict(zip(map(id, firsts), await _disable_edits(ls, doc, firsts)))
            if doc.analysis is analysis:        # no edit meanwhile: everything below is of one version
                return _quick_fixes(ls, doc, here, disables)

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
