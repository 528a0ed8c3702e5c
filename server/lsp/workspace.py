"""Workspace diagnostics (`workspace/diagnostic`, LSP 3.17 pull): every report in the workspace
folders, not only the open ones.

The files are those `nianbao lint FOLDER` reads (server/walk.py: .gitignore, the config's
`exclude`, hidden and build folders left out) that an editor opens as text (*.txt, *.md): a
finding in a .docx or .pdf has no place in the editor to point at. Each is read, and linted when
it looks like a report (or the `include` settings name it), with the project's config and the
LSP settings, as an open document would be. An open document is reported from its open text
(its current analysis, with its version), never from the file on disk.

A file's result is kept with what it was made from (modification time, size, settings
generation), so a pull repeated every few seconds (VS Code's client does) costs a walk and a
stat per file; its result id is that stamp, and a client that already holds it is told
"unchanged". A report the client holds that has gone (deleted, no longer a report, excluded)
gets an empty report, so its problems leave the Problems panel.
"""
from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from . import convert

if TYPE_CHECKING:
    from .server import NianbaoServer

TEXT_SUFFIXES = (".txt", ".md")          # of the CLI's folder suffixes, those an editor opens as text


def folders(ls: NianbaoServer) -> list[Path]:
    """The workspace folders as local paths (the root, for a client that names no folders)."""
    from .state import uri_path
    found = [uri_path(f.uri) for f in ls.workspace.folders.values()]
    if not found and ls.workspace.root_uri:
        found = [uri_path(ls.workspace.root_uri)]
    return [p for p in found if p is not None]


class WorkspaceLint:
    def __init__(self):
        self.cache: dict[str, tuple[tuple, list | None]] = {}     # path → (stamp, diagnostics; None: no report)
        self.lock = threading.Lock()                               # one walk at a time
        self._walked: set[str] = set()                             # the uris the last walk found

    async def report(self, ls: NianbaoServer, params: types.WorkspaceDiagnosticParams) -> types.WorkspaceDiagnosticReport:
        from .state import uri_path
        previous = {p.uri: p.value for p in params.previous_result_ids or ()}
        items: list = []
        # open documents: their current analysis, whatever is on disk
        opened: dict[Path, str] = {}
        for uri, doc in list(ls.documents.docs.items()):
            path = uri_path(uri)
            if path is None:
                continue
            diagnostics = await ls.diagnostics(uri)
            analysis = doc.analysis
            if ls.documents.docs.get(uri) is not doc or analysis is None:      # closed, or changed meanwhile
                continue
            opened[path] = uri
            if not analysis.relevant and uri not in previous:
                continue
            if previous.get(uri) == analysis.result_id:
                items.append(types.WorkspaceUnchangedDocumentDiagnosticReport(
                    uri=uri, result_id=analysis.result_id, version=doc.version))
            else:
                items.append(types.WorkspaceFullDocumentDiagnosticReport(
                    uri=uri, items=diagnostics, version=doc.version, result_id=analysis.result_id))
        cancelled = threading.Event()
        try:
            on_disk = await asyncio.to_thread(self._files, ls, folders(ls), set(opened), previous, cancelled)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        items += on_disk
        seen = {i.uri for i in items} | set(opened.values()) | self._walked
        # reports the client holds that are no longer there: emptied
        items += [types.WorkspaceFullDocumentDiagnosticReport(uri=uri, items=[], version=None)
                  for uri in previous if uri not in seen]
        return types.WorkspaceDiagnosticReport(items=items)

    def _files(self, ls: NianbaoServer, roots: list[Path], opened: set[Path], previous: dict[str, str],
               cancelled: threading.Event) -> list:
        from .. import config as configs
        from ..walk import collect
        items = []
        with self.lock:
            self._walked = set()
            projects = configs.Resolver()          # its own: this walk runs off the event loop
            generation = ls.generation
            names: set[str] = set()
            for root in roots:
                for name, _named in collect([str(root)], projects):
                    if cancelled.is_set() or ls.documents.stopped:
                        return items
                    path = Path(name)
                    if not name.lower().endswith(TEXT_SUFFIXES) or path in opened:
                        continue
                    uri = path.as_uri()
                    self._walked.add(uri)
                    names.add(name)
                    try:
                        st = path.stat()
                    except OSError:
                        continue
                    stamp = (st.st_mtime_ns, st.st_size, generation)
                    result_id = "disk:{}:{}:{}".format(*stamp)
                    hit = self.cache.get(name)
                    if hit is None or hit[0] != stamp:
                        hit = (stamp, self._lint(ls, path, uri))
                        self.cache[name] = hit
                    diagnostics = hit[1]
                    if diagnostics is None and uri not in previous:
                        continue                    # not a report, and the client has nothing of it
                    if previous.get(uri) == result_id:
                        items.append(types.WorkspaceUnchangedDocumentDiagnosticReport(uri=uri, result_id=result_id, version=None))
                    else:
                        items.append(types.WorkspaceFullDocumentDiagnosticReport(
                            uri=uri, items=diagnostics or [], version=None, result_id=result_id))
            for name in set(self.cache) - names:          # gone, excluded, or out of the folders now
                del self.cache[name]
        return items

    def _lint(self, ls: NianbaoServer, path: Path, uri: str) -> list | None:
        """The file's diagnostics, None when it is not a report (or cannot be read)."""
        from ...grammar import check, parse
        from .. import files
        from .state import relevant
        docs = ls.documents
        cfg, include, _error = docs.config_at(path)
        try:
            text = files.read(str(path)).text
        except files.ReadError:
            return None
        report = parse(text, edition=cfg.edition)
        if not relevant(path, None, include, report):
            return None
        enc = ls.enc
        return [convert.diagnostic(uri, report.source, f, enc) for f in docs.settings.shown(check(report, cfg))]
