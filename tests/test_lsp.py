"""The language server end to end through pytest-lsp, as VS Code, Neovim and Emacs connect to it."""
import asyncio
import shutil
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import read, seed_path
from stdio_client import line_starts, position, units

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
CLIENTS = {"visual-studio-code": "utf-16", "neovim": "utf-8", "emacs": "utf-32"}
CLEAN = Path(__file__).parent / "fixtures" / "clean-2021.txt"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[NIANBAO, "serve"]), params=list(CLIENTS))
async def client(request, lsp_client: LanguageClient):
    lsp_client.editor = request.param
    lsp_client.encoding = CLIENTS[request.param]
    lsp_client.diagnostic_versions = {}

    def publish(params: types.PublishDiagnosticsParams):    # also keep the version (pytest-lsp drops it)
        lsp_client.diagnostic_versions[params.uri] = params.version
        lsp_client.diagnostics[params.uri] = params.diagnostics
    lsp_client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    lsp_client.registrations = []          # the editor side of client/registerCapability
    lsp_client.protocol.fm.features[types.CLIENT_REGISTER_CAPABILITY] = lsp_client.registrations.append
    try:
        await lsp_client.initialize_session(types.InitializeParams(
            capabilities=client_capabilities(request.param), root_uri=Path.cwd().as_uri()))
        yield
        await asyncio.wait_for(lsp_client.shutdown_session(), 30)
    finally:                     # pass or fail: the server process is gone (and reaped) after the test
        await reap(lsp_client)


async def reap(lsp_client: LanguageClient) -> None:
    server = lsp_client._server          # pytest-lsp's asyncio subprocess; its stop() only waits for it
    if server is not None and server.returncode is None:
        try:
            await asyncio.wait_for(server.wait(), 5)
        except asyncio.TimeoutError:
            server.kill()
            await server.wait()


def pos(text: str, offset: int, enc: str) -> tuple[int, int]:
    """(line, character) for an offset, computed independently of the server."""
    return position(text, line_starts(text), offset, enc)


def rng(d: types.Diagnostic):
    return (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)


async def open_doc(client, name: str, text: str, language="plaintext") -> str:
    uri = (Path.cwd() / name).as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))
    return uri


async def diagnostics(client, uri: str, version: int | None = None) -> list[types.Diagnostic]:
    if client.capabilities.text_document.diagnostic:
        report = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        return list(report.items)
    async def pushed():
        while True:
            if uri in client.diagnostics and (version is None or client.diagnostic_versions.get(uri) == version):
                return list(client.diagnostics[uri])
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return await asyncio.wait_for(pushed(), 15)


async def barrier(client, uri: str) -> None:
    """Returns once the server has sent everything it had to send before: it answers requests in
    order, and a document's work for its current version is done once its diagnostics are in."""
    await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=types.TextDocumentIdentifier(uri=uri)))


def change(client, uri, version, text):
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


async def test_seed_diagnostics_exact_ranges(client: LanguageClient):
    text = read(seed_path("001"))
    uri = await open_doc(client, "001.txt", text)
    ds = await diagnostics(client, uri, 1)
    enc = client.encoding
    assert [(d.code, rng(d)) for d in ds] == [
        ("NB104", (395, 0, 395, units("5、", enc))), ("NB104", (400, 0, 400, units("6、", enc)))]
    d = ds[0]
    assert d.source == "nianbao" and d.severity == types.DiagnosticSeverity.Warning
    assert d.code_description.href.endswith("#nb104")


async def test_columns_after_cjk_text_in_each_encoding(client: LanguageClient):
    text = read(seed_path("003"))
    uri = await open_doc(client, "003.txt", text)
    ds = await diagnostics(client, uri, 1)
    nb208 = next(d for d in ds if d.code == "NB208")
    start = text.index("136648（元）")
    assert rng(nb208) == (*pos(text, start, client.encoding), *pos(text, start + 9, client.encoding))
    nb403 = next(d for d in ds if d.code == "NB403")
    five = text.index("五部分")
    assert (nb403.range.start.line, nb403.range.start.character) == pos(text, five, client.encoding)


async def test_editing_updates_diagnostics(client: LanguageClient):
    text = read(CLEAN)
    uri = await open_doc(client, "clean.txt", text)
    assert await diagnostics(client, uri, 1) == []
    wrong = text.replace("（一）予以公开\t5\t1\t0\t0\t0\t0\t6", "（一）予以公开\t5\t1\t0\t0\t0\t0\t7")
    change(client, uri, 2, wrong)
    ds = await diagnostics(client, uri, 2)
    assert sorted(d.code for d in ds) == ["NB302", "NB303"]
    nb302 = next(d for d in ds if d.code == "NB302")
    line = wrong.splitlines().index("（一）予以公开\t5\t1\t0\t0\t0\t0\t7")
    assert rng(nb302) == (line, units("（一）予以公开\t5\t1\t0\t0\t0\t0\t", client.encoding), line,
                          units("（一）予以公开\t5\t1\t0\t0\t0\t0\t7", client.encoding))
    assert len(nb302.related_information) == 7
    change(client, uri, 3, "某某局说明\n\n" + wrong)                # a line inserted above
    ds3 = await diagnostics(client, uri, 3)
    assert next(d for d in ds3 if d.code == "NB302").range.start.line == line + 2
    change(client, uri, 4, text)                                  # total fixed
    assert await diagnostics(client, uri, 4) == []


async def test_hover_texts(client: LanguageClient):
    text = read(seed_path("003"))
    uri = await open_doc(client, "003.txt", text)
    await diagnostics(client, uri, 1)

    async def hover(offset):
        line, ch = pos(text, offset, client.encoding)
        h = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=ch)))
        return h.contents.value if h else ""

    assert "三、收到和处理政府信息公开申请情况" in await hover(text.index("三、收到和处理") + 2)
    assert "条例第二十条第（五）项" in await hover(text.index("第二十条第（五）项") + 3)
    assert "条例第十四条" in await hover(text.index("1. 属于国家秘密") + 4)
    h = await hover(text.index("136648"))
    assert "表二 第二十条第（九）项 **政府集中采购** × **采购总金额**" in h and "NB208" in h


async def test_quick_fix_removes_its_diagnostic(client: LanguageClient):
    text = read(seed_path("001"))
    uri = await open_doc(client, "001.txt", text)
    ds = await diagnostics(client, uri, 1)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=ds[0].range,
        context=types.CodeActionContext(diagnostics=[ds[0]])))
    titles = [a.title for a in actions]
    assert titles == ["改为“五、”（NB104）", "修复本文件中所有 NB104（2 处）", "在这一行停用 NB104"]
    fixed = apply(text, actions[0].edit, client.encoding)
    change(client, uri, 2, fixed)
    ds2 = await diagnostics(client, uri, 2)
    assert [d.range.start.line for d in ds2] == [400]
    disable = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=ds2[0].range,
        context=types.CodeActionContext(diagnostics=ds2)))
    silenced = apply(fixed, disable[-1].edit, client.encoding)
    assert "<!-- nianbao-disable-next-line NB104 -->\n6、 其他需要报告的事项" in silenced
    change(client, uri, 3, silenced)
    assert await diagnostics(client, uri, 3) == []


async def test_fix_all_equals_the_cli(client: LanguageClient, tmp_path):
    import subprocess
    text = read(seed_path("004"))
    uri = await open_doc(client, "004.txt", text)
    await diagnostics(client, uri, 1)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
    assert [a.kind for a in actions] == ["source.fixAll.nianbao"]
    f = tmp_path / "004.txt"
    f.write_text(text, encoding="utf-8")
    subprocess.run([NIANBAO, "lint", "--fix", str(f)], capture_output=True)
    assert apply(text, actions[0].edit, client.encoding) == f.read_text(encoding="utf-8")


async def test_outline_folding_completion_inlay(client: LanguageClient):
    text = read(CLEAN).replace("（七）总计\t10\t2\t0\t0\t1\t0\t13", "（七）总计\t10\t2\t0\t0\t1\t0\t12")
    uri = await open_doc(client, "clean.txt", text)
    await diagnostics(client, uri, 1)
    ident = types.TextDocumentIdentifier(uri=uri)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=ident))
    assert [s.name for s in symbols] == ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                         "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                                         "六、其他需要报告的事项"]
    assert [c.name for c in symbols[1].children] == ["表二 主动公开政府信息情况"]
    assert len(symbols[1].children[0].children) == 4
    folds = await client.text_document_folding_range_async(types.FoldingRangeParams(text_document=ident))
    heads = [i for i, line in enumerate(text.splitlines()) if line in {
        "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"}]
    assert sorted(f.start_line for f in folds)[:1] == heads[:1] and len(folds) == 6 + 3   # six sections, three tables
    assert (heads[0], heads[1] - 2) in {(f.start_line, f.end_line) for f in folds}
    end = len(text.splitlines())
    hints = await client.text_document_inlay_hint_async(types.InlayHintParams(
        text_document=ident, range=types.Range(start=types.Position(line=0, character=0),
                                               end=types.Position(line=end, character=0))))
    assert [h.label for h in hints] == [" ≠ 13"]           # NB302 and NB303 agree on the one cell
    total = text.index("（七）总计\t10\t2\t0\t0\t1\t0\t12") + len("（七）总计\t10\t2\t0\t0\t1\t0\t12")
    assert (hints[0].position.line, hints[0].position.character) == pos(text, total, client.encoding)
    done = await client.text_document_completion_async(types.CompletionParams(
        text_document=ident, position=types.Position(line=0, character=0)))
    labels = [i.label for i in sorted(done.items, key=lambda i: i.sort_text)]
    assert labels[:6] == [s for s in (symbols[i].name for i in range(6))]
    assert "表三：收到和处理政府信息公开申请情况（全零）" in labels


async def test_other_files_get_nothing(client: LanguageClient):
    uri = await open_doc(client, "notes.md", "# 会议纪要\n\n今天讨论了预算。\n", "markdown")
    assert await diagnostics(client, uri, 1) == []


async def test_positions_with_astral_chars_and_odd_line_breaks(client: LanguageClient):
    odd = "𠀀😀\v　　\f甲\u2028乙"
    text = "\ufeff" + read(seed_path("001")).replace("5、 存在的主要问题", f"{odd}\r\n5、 存在的主要问题")
    uri = await open_doc(client, "odd.txt", text)
    ds = await diagnostics(client, uri, 1)
    d = ds[0]
    start = text.index("5、 存在")
    assert rng(d) == (*pos(text, start, client.encoding), *pos(text, start + 2, client.encoding))
    assert d.range.start.line == 396          # \v, \f and U+2028 are not line breaks; \r\n is one
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=d.range.start))
    assert "NB104" in hover.contents.value


def offset(text: str, p: types.Position, enc: str) -> int:
    """The offset of an LSP position, counted the way an editor counts, in its own units."""
    count, i = 0, line_starts(text)[p.line]
    while count < p.character:
        count += units(text[i], enc)
        i += 1
    return i


def apply(text: str, edit: types.WorkspaceEdit, enc: str) -> str:
    """Apply a WorkspaceEdit the way an editor does, in its own position units."""
    edits = [e for change in edit.document_changes for e in change.edits]
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(text, e.range.start, enc)] + e.new_text + text[offset(text, e.range.end, enc):]
    return text


async def change_settings(client, settings: dict):
    """Change the client's `nianbao` settings and tell the server, as an editor does."""
    client.set_configuration(settings, section="nianbao")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))


async def settled(client, uri, want, seconds=10):
    """Diagnostics once the server has taken a settings change in (as (code, severity) pairs):
    pull again, or take each new push, until they are `want`; the last ones on timeout."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        if client.capabilities.text_document.diagnostic:
            got = [(d.code, d.severity) for d in await diagnostics(client, uri)]
        else:
            got = [(d.code, d.severity) for d in client.diagnostics.get(uri, [])]
        if got == want or loop.time() > deadline:
            return got
        if client.capabilities.text_document.diagnostic:
            await asyncio.sleep(0.05)
        else:
            try:
                await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS),
                                       max(0.05, deadline - loop.time()))
            except asyncio.TimeoutError:
                pass


W, E = types.DiagnosticSeverity.Warning, types.DiagnosticSeverity.Error


async def test_settings_from_the_client_and_their_change(client: LanguageClient):
    text = read(seed_path("001"))
    uri = await open_doc(client, "001.txt", text)
    assert [d.code for d in await diagnostics(client, uri, 1)] == ["NB104", "NB104"]
    await change_settings(client, {"ignore": ["NB104"]})
    assert await settled(client, uri, []) == []
    await change_settings(client, {"severity": {"NB104": "error"}})
    assert await settled(client, uri, [("NB104", E)] * 2) == [("NB104", E)] * 2
    await change_settings(client, {})
    assert await settled(client, uri, [("NB104", W)] * 2) == [("NB104", W)] * 2


async def test_configured_glob_brings_other_files_in(client: LanguageClient):
    text = read(seed_path("001"))
    uri = await open_doc(client, "001.rst", text, "restructuredtext")
    assert await diagnostics(client, uri, 1) == []
    await change_settings(client, {"include": ["*.rst"]})
    assert await settled(client, uri, [("NB104", W)] * 2) == [("NB104", W)] * 2


async def test_new_report_command(client: LanguageClient):
    from nianbao.grammar.newreport import new_report
    text = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="nianbao.newReport", arguments=[{"year": 2026, "organ": "某某县人民政府"}]))
    assert text == new_report(2026, "某某县人民政府", "tsv")
    bad = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="nianbao.newReport", arguments=[{"year": 1999, "organ": "x"}]))
    assert bad is None


async def test_fix_all_command_asks_the_editor_to_apply_the_edit(client: LanguageClient):
    text = read(seed_path("001"))
    uri = await open_doc(client, "001.txt", text)
    await diagnostics(client, uri, 1)
    applied = asyncio.get_running_loop().create_future()

    def apply_edit(params: types.ApplyWorkspaceEditParams):
        applied.set_result(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)
    client.protocol.fm.features[types.WORKSPACE_APPLY_EDIT] = apply_edit
    done = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="nianbao.fixAll", arguments=[uri]))
    assert done is True
    fixed = apply(text, await asyncio.wait_for(applied, 30), client.encoding)
    assert "\n五、存在的主要问题及改进情况\n" in fixed and "\n六、其他需要报告的事项\n" in fixed


async def test_fix_all_leaves_a_note_that_is_no_report_alone(client: LanguageClient):
    """A note that mentions 总体情况 is no report: fix all used to give it a 54-line skeleton."""
    text = "# 会议记录\n\n讨论了总体情况的写法。\n"
    uri = await open_doc(client, "notes.md", text, "markdown")
    assert await diagnostics(client, uri, 1) == []
    asked = []
    client.protocol.fm.features[types.WORKSPACE_APPLY_EDIT] = \
        lambda params: asked.append(params) or types.ApplyWorkspaceEditResult(applied=False)
    done = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command="nianbao.fixAll", arguments=[uri]))
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
    assert done is False and asked == [] and not actions


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
async def test_every_seed_matches_the_engine_and_every_quick_fix_works(client: LanguageClient, prefix):
    from nianbao.grammar.linter import lint
    text = read(seed_path(prefix))
    uri = await open_doc(client, f"{prefix}.txt", text)
    ds = await diagnostics(client, uri, 1)
    enc = client.encoding
    want = [(f.code, (*pos(text, f.span.start, enc), *pos(text, f.span.end, enc))) for f in lint(text)]
    assert [(d.code, rng(d)) for d in ds] == want
    for d in ds:
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=d.range,
            context=types.CodeActionContext(diagnostics=[d])))
        mine = [a for a in actions if a.diagnostics and a.diagnostics[0].code == d.code
                and a.diagnostics[0].range == d.range and a.diagnostics[0].message == d.message]
        fixes = [a for a in mine if "停用" not in a.title]
        assert len(fixes) == (1 if d.data["fixable"] else 0), d.message
        for a in fixes:
            after = lint(apply(text, a.edit, enc))
            assert (d.code, d.message) not in {(f.code, f.message) for f in after}, a.title
        for a in actions:                  # disable NBxxx: exactly its diagnostic goes, nothing comes
            if f"停用 {d.code}" in a.title:
                target = a.diagnostics[0] if a.diagnostics else d
                assert silenced_exactly(text, a.edit, target, enc), (a.title, target.message)


def silenced_exactly(text: str, edit: types.WorkspaceEdit, d: types.Diagnostic, enc: str) -> bool:
    """`edit` inserts a comment line, and linting the text with it finds what linting `text`
    finds, at the same places, less the finding `d` stands for."""
    from collections import Counter

    from nianbao.grammar.linter import lint
    (e,) = [e for change in edit.document_changes for e in change.edits]
    at = offset(text, e.range.start, enc)
    assert e.range.start == e.range.end and e.new_text.startswith("<!-- nianbao-disable")

    def old(k):                                # an offset after the insertion, before it
        return k if k <= at else k - len(e.new_text) if k >= at + len(e.new_text) else None
    before = Counter((f.code, f.message, f.span.start, f.span.end) for f in lint(text))
    after = Counter((f.code, f.message, old(f.span.start), old(f.span.end))
                    for f in lint(text[:at] + e.new_text + text[at:]))
    gone = before - after
    return not after - before and sum(gone.values()) == 1 and all(
        (code, msg, *pos(text, s, enc), *pos(text, end, enc)) == (d.code, d.message, *rng(d))
        for code, msg, s, end in gone)


async def test_a_burst_of_edits_publishes_only_the_latest(client: LanguageClient):
    text = read(CLEAN)
    uri = await open_doc(client, "burst.txt", text)
    await diagnostics(client, uri, 1)
    seen = []
    original = client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def publish(params):
        seen.append(params.version)
        original(params)
    client.protocol.fm.features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    for v in range(2, 12):
        change(client, uri, v, text.replace("（一）予以公开\t5\t1\t0\t0\t0\t0\t6", f"（一）予以公开\t5\t1\t0\t0\t0\t0\t{v}"))
    ds = await diagnostics(client, uri, 11)
    await barrier(client, uri)
    # pushed: debounced (no version 2–10), never an older version after a newer one; pulled: nothing pushed
    assert seen == sorted(seen) and not set(seen) & set(range(2, 11))
    assert seen[-1:] == ([] if client.capabilities.text_document.diagnostic else [11])
    assert "但总计为11" in next(d.message for d in ds if d.code == "NB302")


async def test_a_changed_config_file_relints(client: LanguageClient, tmp_path):
    text = read(seed_path("001"))
    report = tmp_path / "001.txt"
    report.write_text(text, encoding="utf-8")
    uri = report.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
    assert [d.code for d in await diagnostics(client, uri, 1)] == ["NB104", "NB104"]
    (tmp_path / "nianbao.toml").write_text('ignore = ["NB104"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[types.FileEvent(
        uri=(tmp_path / "nianbao.toml").as_uri(), type=types.FileChangeType.Created)]))
    assert await settled(client, uri, []) == []
    if client.capabilities.workspace.did_change_watched_files and \
            client.capabilities.workspace.did_change_watched_files.dynamic_registration:
        (reg,) = client.registrations
        options = reg.registrations[0].register_options          # plain JSON on the client side
        assert [w["globPattern"] for w in options["watchers"]] == ["**/pyproject.toml", "**/nianbao.toml"]


async def test_a_broken_config_file_is_reported_once(client: LanguageClient, tmp_path):
    (tmp_path / "nianbao.toml").write_text('ignor = ["NB104"]\n', encoding="utf-8")
    text = read(seed_path("001"))
    uri = (tmp_path / "001.txt").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
    await diagnostics(client, uri, 1)
    for v in (2, 3):
        change(client, uri, v, text + "\n" * v)
        await diagnostics(client, uri, v)
    await barrier(client, uri)
    errors = [m.message for m in client.messages if m.type == types.MessageType.Error]
    assert errors == [f"nianbao: {tmp_path / 'nianbao.toml'}: unknown key 'ignor' (known: edition, exclude, "
                      "ignore, include, select, severity)"]


async def test_a_one_megabyte_report_does_not_block_other_requests(client: LanguageClient):
    from bench_parse import grow          # bench/ is on sys.path through conftest
    big_text = grow(read(seed_path("003")), 1024 * 1024, distinct=True)
    small_text = read(seed_path("001"))
    small = await open_doc(client, "small.txt", small_text)
    await diagnostics(client, small, 1)
    big = await open_doc(client, "big.txt", big_text)
    big_task = asyncio.ensure_future(diagnostics(client, big, 1))
    answered_before_big = []
    while True:                           # hover on the small report until the big one is linted
        h = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=small), position=types.Position(line=395, character=0)))
        assert "NB104" in h.contents.value
        if big_task.done():
            break
        answered_before_big.append(h)
    # the big lint takes ~150 ms; hovers are answered in ~1 ms meanwhile, not queued behind it
    assert len(answered_before_big) >= 2
    ds = await big_task
    assert sorted(d.code for d in ds) == ["NB202", "NB202", "NB208", "NB403"]


async def test_serve_accepts_the_stdio_flag_clients_pass():
    from pytest_lsp.client import make_test_lsp_client
    c = make_test_lsp_client()
    await c.start_io(NIANBAO, "serve", "--stdio")
    try:
        result = await asyncio.wait_for(c.initialize_session(types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"))), 30)
        assert result.server_info.name == "nianbao"
        await asyncio.wait_for(c.shutdown_session(), 30)
    finally:
        await reap(c)
