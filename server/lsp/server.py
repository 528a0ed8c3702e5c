"""The language server: document sync, configuration, and diagnostics (pull and push).

Incremental sync applied with our own line index (`grammar.source`) in the negotiated position
encoding; pygls' copy of each document is not kept: its line handling splits at \\v, \\f and
U+2028 (Word exports), which shifts positions. Diagnostics are computed once per
document version and settings, in the document's own worker thread (`jobs`), never for a version
that has been replaced; pulls are answered from that cache, pushes go to clients without pull
support, debounced so typing stays fluid, and a stale result is never published.
"""
from __future__ import annotations

import asyncio
import logging
import sys
from typing import TYPE_CHECKING

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method

from .. import __version__
from . import convert

if TYPE_CHECKING:
    from .state import Documents

DEBOUNCE = 0.15        # seconds after the last keystroke before a pushed re-lint
log = logging.getLogger("nianbao.lsp")


class Protocol(LanguageServerProtocol):
    """pygls' protocol with two of its faults mended.

    - A request whose params it cannot read (a position that is a string, a negative line …)
      was answered with silence: it logged the error and the client waited for ever. Here the
      request gets its error response (Invalid Params), as JSON-RPC requires.
    - Every notification handled by a generator (the built-in didOpen/didChange/didClose …),
      a coroutine or a thread left its future in `_request_futures` for ever: ~2 KB per edit.

    And it keeps no copy of the documents: its built-in didOpen/didChange/didClose, which kept
    one in `workspace` (re-splitting the whole text per incremental change, at \\v, \\f,
    U+2028 too), are not registered, so that ours (`Documents`) are called directly.
    """
    lsp_text_document__did_open = lsp_text_document__did_change = lsp_text_document__did_close = None

    def _execute_handler(self, msg_id, handler, callback, args=None, kwargs=None):
        # The fix belongs upstream in pygls/protocol/json_rpc.py, JsonRPCProtocol._execute_handler:
        # it files the future of a generator, coroutine or thread handler under `msg_id` (a fresh
        # uuid for a notification, and for each step of a generator) and only a request's
        # callback, `_send_handler_result`, ever removes it. Here each future leaves when done.
        def done(future):
            if self._request_futures.get(msg_id) is future:
                del self._request_futures[msg_id]
            callback(future)
        super()._execute_handler(msg_id, handler, done, args, kwargs)

    @lsp_method(types.SHUTDOWN)
    def lsp_shutdown(self, *args):
        """pygls' own, but cancelling from a copy of `_request_futures`: a cancelled future's
        callback now removes it from the dict, which pygls is iterating."""
        if (user_handler := self.fm.features.get(types.SHUTDOWN)) is not None:
            yield user_handler, args, None
        current = self.msg_id
        for msg_id, future in list(self._request_futures.items()):
            if msg_id != current and not future.done():
                future.cancel()
        self._shutdown = True

    def structure_message(self, data):
        try:
            return super().structure_message(data)
        except JsonRpcException as e:
            if isinstance(data, dict) and "id" in data and "method" in data:
                self._send_response(data["id"], None, e.to_response_error())
            raise


class NianbaoServer(LanguageServer):
    def __init__(self):
        super().__init__("nianbao", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental, protocol_cls=Protocol)
        self._documents: Documents | None = None
        self.shut_down = False
        self.exit_code = 0               # the LSP's: 1 for an exit without a shutdown before it
        self.pending: dict[str, asyncio.TimerHandle] = {}
        self.shown_errors: set[str] = set()
        self.published: dict[str, tuple] = {}       # uri → what was last pushed, to skip repeats
        self._workspace_lint = None
        self.configured = asyncio.Event()           # set once `initialized` has the client's settings

    @property
    def workspace_lint(self):
        """The workspace's reports on disk, linted for `workspace/diagnostic` (workspace.py)."""
        if self._workspace_lint is None:
            from .workspace import WorkspaceLint
            self._workspace_lint = WorkspaceLint()
        return self._workspace_lint

    @property
    def documents(self) -> Documents:
        """The open documents; made, and the engine imported, at first use: after the initialize
        answer, when `initialized` takes the client's settings in (the engine's import is a fifth
        of the start-up, and the editor waits for the answer before it opens anything)."""
        if self._documents is None:
            from .state import Documents
            self._documents = Documents(trace=self.trace, encoding=lambda: self.enc)
        return self._documents

    @property
    def enc(self) -> str:
        return convert.encoding_name(self.workspace.position_encoding)

    def trace(self, message: str) -> None:
        """A $/logTrace line (what work ran, was dropped, took how long) for a client that asked."""
        if self.protocol.trace in (types.TraceValue.Messages, types.TraceValue.Verbose):
            self.log_trace(types.LogTraceParams(message=message))

    @property
    def pull(self) -> bool:
        td = self.client_capabilities.text_document
        return bool(td and td.diagnostic)

    async def report(self, uri: str):
        """The open document at `uri`, analysed for its current version, if it is a report."""
        doc = self.documents.docs.get(uri)
        if doc is None:
            return None
        await self.documents.analysed(doc)
        return doc if doc.relevant else None

    # -- diagnostics ----------------------------------------------------------------------------

    async def diagnostics(self, uri: str) -> list[types.Diagnostic]:
        doc = self.documents.docs.get(uri)
        if doc is None:
            return []
        findings = await self.documents.analysed(doc)
        if findings is None:                        # closed meanwhile
            return []
        error = doc.analysis.config_error
        if error and error not in self.shown_errors:        # once, not at every keystroke
            self.shown_errors.add(error)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"nianbao: {error}"))
        return doc.analysis.diagnostics

    async def publish(self, uri: str) -> None:
        """Push diagnostics for the version current now (clients without pull support)."""
        self.pending.pop(uri, None)
        doc = self.documents.docs.get(uri)
        if doc is None or self.pull:
            return
        version = doc.version
        items = await self.diagnostics(uri)
        if self.documents.docs.get(uri) is doc and doc.version == version:   # still open, still this version
            key = (version, self.generation, len(items), tuple((d.code, d.message, d.range.start.line,
                                                                 d.range.start.character) for d in items))
            if self.published.get(uri) == key:
                return                 # the same diagnostics for the same version: nothing new to say
            self.published[uri] = key
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, diagnostics=items, version=doc.version))

    def schedule(self, uri: str, delay: float = DEBOUNCE) -> None:
        handle = self.pending.pop(uri, None)
        if handle:
            handle.cancel()
        if self.pull:
            return
        loop = asyncio.get_event_loop()
        self.pending[uri] = loop.call_later(delay, lambda: asyncio.ensure_future(self.publish(uri)))

    @property
    def generation(self) -> int:
        return self.documents.generation

    def relint_all(self) -> None:
        self.documents.relint()
        if self.pull:
            caps = self.client_capabilities.workspace
            if caps and caps.diagnostics and caps.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
        else:
            for uri in list(self.documents.docs):
                self.schedule(uri, 0)

    def stop(self) -> None:
        """No more work: queued analyses and fixes are dropped, pending pushes cancelled. One
        that is running ends with the process (its thread is a daemon: exit does not wait)."""
        if self._documents is not None:
            self._documents.stop()
        for handle in self.pending.values():
            handle.cancel()
        self.pending.clear()

    async def watch_config_files(self) -> None:
        """Ask the editor to tell us when a config file changes (re-lint then)."""
        caps = self.client_capabilities.workspace
        if not (caps and caps.did_change_watched_files and caps.did_change_watched_files.dynamic_registration):
            return
        watchers = [types.FileSystemWatcher(glob_pattern=g) for g in ("**/pyproject.toml", "**/nianbao.toml")]
        try:
            await self.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                id="nianbao-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers))]))
            self.documents.watching = True
        except Exception as e:   # an editor that refuses: config changes apply on the next edit
            log.warning("could not watch config files: %s", e)

    async def fetch_settings(self) -> None:
        caps = self.client_capabilities.workspace
        if not (caps and caps.configuration):
            return
        try:
            got = await self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section="nianbao")]))
        except Exception as e:   # a client that fails the request keeps the defaults
            log.warning("workspace/configuration failed: %s", e)
            return
        from .state import Settings
        self.documents.settings = Settings.from_client(got[0] if got else None)


def create_server() -> NianbaoServer:
    ls = NianbaoServer()

    @ls.feature(types.INITIALIZE)
    def initialize(ls: NianbaoServer, params: types.InitializeParams):
        if params.trace:                             # pygls takes the trace level from $/setTrace only
            ls.protocol.trace = params.trace

    @ls.feature(types.INITIALIZED)
    async def initialized(ls: NianbaoServer, params):
        ls.documents                     # the engine is imported now, the initialize answer sent
        try:
            await ls.fetch_settings()
        finally:
            ls.configured.set()
        ls.relint_all()
        await ls.watch_config_files()

    @ls.feature(types.SHUTDOWN)
    def shutdown(ls: NianbaoServer, params):
        ls.shut_down = True
        ls.stop()

    @ls.feature(types.EXIT)
    def exit_(ls: NianbaoServer, params):
        ls.exit_code = 0 if ls.shut_down else 1     # pygls' own sys.exit is swallowed by its loop
        ls.stop()

    @ls.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: NianbaoServer, params: types.DidOpenTextDocumentParams):
        d = params.text_document
        ls.documents.open(d.uri, d.language_id, d.version, d.text)
        ls.schedule(d.uri, 0)

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: NianbaoServer, params: types.DidChangeTextDocumentParams):
        doc = ls.documents.docs.get(params.text_document.uri)
        if doc is None or not params.content_changes:
            return
        text, source = doc.text, doc.source
        for change in params.content_changes:          # each on the text the one before left
            if isinstance(change, types.TextDocumentContentChangePartial):
                if source is None:
                    from ...grammar import Source
                    source = Source(text)
                text = convert.edited(source, change.range, change.text, ls.enc)
            else:
                text = change.text
            source = None
        ls.documents.change(doc.uri, params.text_document.version, text)
        if ls.documents.settings.lint_on == "type":
            ls.schedule(doc.uri)

    @ls.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: NianbaoServer, params: types.DidSaveTextDocumentParams):
        ls.schedule(params.text_document.uri, 0)

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: NianbaoServer, params: types.DidCloseTextDocumentParams):
        uri = params.text_document.uri
        handle = ls.pending.pop(uri, None)
        if handle:
            handle.cancel()
        ls.documents.close(uri)
        ls.published.pop(uri, None)
        if not ls.pull:
            ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @ls.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                types.DiagnosticOptions(identifier="nianbao", inter_file_dependencies=False,
                                        workspace_diagnostics=True))
    async def pull_diagnostics(ls: NianbaoServer, params: types.DocumentDiagnosticParams):
        doc = ls.documents.docs.get(params.text_document.uri)
        if doc is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        if doc.analysis is not None and params.previous_result_id == doc.analysis.result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=doc.analysis.result_id)
        items = await ls.diagnostics(doc.uri)
        analysis = doc.analysis                             # the one the items are from
        return types.RelatedFullDocumentDiagnosticReport(items=items, result_id=analysis and analysis.result_id)

    @ls.feature(types.WORKSPACE_DIAGNOSTIC)
    async def workspace_diagnostics(ls: NianbaoServer, params: types.WorkspaceDiagnosticParams):
        await ls.configured.wait()       # not with the defaults, to be done again a moment later
        return await ls.workspace_lint.report(ls, params)

    @ls.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: NianbaoServer, params):
        await ls.fetch_settings()
        ls.relint_all()

    @ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: NianbaoServer, params):
        ls.documents.configs.invalidate()   # a config file changed, was made or was deleted
        ls.relint_all()

    from . import actions, commands, completion, hover, inlay, structure
    for module in (hover, actions, structure, inlay, completion, commands):
        module.register(ls)
    return ls


class Stdin:
    """stdin as pygls reads it, with bounds: a header line is read in pieces of at most 64 KB,
    and a Content-Length beyond any real message (a corrupt header) ends the session like an
    end of input, instead of a MemoryError or a wait for 100 GB that will never come."""
    MAX_MESSAGE = 512 * 1024 * 1024
    MAX_LINE = 64 * 1024

    def __init__(self, raw):
        self.raw = raw

    def readline(self) -> bytes:
        return self.raw.readline(self.MAX_LINE)

    def read(self, n: int) -> bytes:
        if n > self.MAX_MESSAGE:
            log.error("a message of %d bytes announced: the input is corrupt, stopping", n)
            return b""
        return self.raw.read(n)


def serve(tcp: str | None = None) -> int:
    """Serve until the client goes; the exit status."""
    # The lint runs in a worker thread; with CPython's default 5 ms GIL switch interval every
    # hop of a request (reader thread, event loop, writer) can wait 5 ms behind it, so a hover
    # during a long lint took 20-50 ms. 0.5 ms keeps requests answered within a few ms.
    sys.setswitchinterval(0.0005)
    ls = create_server()
    if tcp:
        host, _, port = tcp.rpartition(":")
        ls.start_tcp(host or "127.0.0.1", int(port))
    else:
        ls.start_io(Stdin(sys.stdin.buffer), sys.stdout.buffer)
    return ls.exit_code
