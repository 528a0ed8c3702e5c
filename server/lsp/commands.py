"""Commands: a new report skeleton for a year and organ (nianbao.newReport)."""
from __future__ import annotations

import datetime

from lsprotocol import types


def register(ls) -> None:
    @ls.command("nianbao.newReport")
    def new_report_command(ls, options=None):
        """arguments: [{"year": 2026, "organ": "某某县人民政府", "layout": "tsv"|"markdown", "uri": …}].

        Returns the skeleton; with the uri of an open document, also inserts it at its start.
        """
        from ...grammar import FIRST_YEAR, new_report, newline
        opts = options if isinstance(options, dict) else {}
        year, organ = opts.get("year"), str(opts.get("organ") or "").strip()
        last = datetime.date.today().year + 1
        if not isinstance(year, int) or not FIRST_YEAR <= year <= last or not organ:
            ls.window_show_message(types.ShowMessageParams(
                types.MessageType.Error, f"nianbao: 需要年度（{FIRST_YEAR}–{last}）和机关名称"))
            return None
        uri = opts.get("uri")
        doc = ls.documents.docs.get(uri) if isinstance(uri, str) else None
        layout = opts.get("layout") or ("markdown" if doc and doc.language == "markdown" else "tsv")
        try:
            text = new_report(year, organ, "markdown" if layout == "markdown" else "tsv",
                              newline(doc.text) if doc and doc.text else "\n")
        except ValueError as e:            # an organ that cannot stand in the title (new_report says why)
            ls.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"nianbao: {e}"))
            return None
        if doc is not None:
            start = types.Position(line=0, character=0)
            ls.workspace_apply_edit(types.ApplyWorkspaceEditParams(label="nianbao: 新建年度报告", edit=types.WorkspaceEdit(
                document_changes=[types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=doc.uri, version=doc.version),
                    edits=[types.TextEdit(range=types.Range(start=start, end=start), new_text=text)])])))
        return text
