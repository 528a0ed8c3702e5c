"""workspace/diagnostic (LSP 3.17 pull) through pytest-lsp: every report in the workspace folders,
none of them open, as VS Code's Problems panel asks for them; the files a folder run of the CLI
reads (.gitignore, the config's exclude, build folders left out), text files only; an open
document from its open text; result ids that say "unchanged"; a report that goes is emptied;
nianbao.minimumSeverity."""
import asyncio
import shutil
import sys
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import read, seed_path

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
E, W, I = types.DiagnosticSeverity.Error, types.DiagnosticSeverity.Warning, types.DiagnosticSeverity.Information
SEED_001 = [("NB104", 395, W), ("NB104", 400, W)]                  # lines from 0
SEED_003 = [("NB403", 8, I), ("NB208", 40, W), ("NB202", 50, E), ("NB202", 52, E)]


def workspace(root: Path) -> Path:
    """Two reports (one in a subfolder), a note that is no report, and reports the walk leaves
    out: git-ignored, excluded by nianbao.toml, in build/, in a hidden folder, a .docx."""
    ws = root / "ws"
    (ws / "sub").mkdir(parents=True)
    (ws / ".git").mkdir()
    (ws / "a.txt").write_text(read(seed_path("001")), encoding="utf-8")
    (ws / "sub" / "b 年报.txt").write_text(read(seed_path("003")), encoding="utf-8")
    (ws / "notes.md").write_text("# 会议记录\n\n不是年度报告。\n", encoding="utf-8")
    (ws / ".gitignore").write_text("ignored/\n")
    (ws / "nianbao.toml").write_text('exclude = ["drafts/"]\n')
    for d in ("ignored", "drafts", "build", ".hidden"):
        (ws / d).mkdir()
        (ws / d / "c.txt").write_text(read(seed_path("003")), encoding="utf-8")
    (ws / "d.docx").write_bytes(b"PK\x03\x04 not really")
    return ws


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[NIANBAO, "serve"]))
async def client(lsp_client: LanguageClient, tmp_path):
    lsp_client.ws = workspace(tmp_path)
    lsp_client.protocol.fm.features[types.CLIENT_REGISTER_CAPABILITY] = lambda params: None   # the config watcher
    folder = types.WorkspaceFolder(uri=lsp_client.ws.as_uri(), name="ws")
    # VS Code 1.100 pulls (pytest-lsp's recorded VS Code capabilities predate that)
    caps = client_capabilities("visual-studio-code")
    caps.text_document.diagnostic = types.DiagnosticClientCapabilities(related_document_support=True)
    caps.workspace.diagnostics = types.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    lsp_client.init = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=caps, root_uri=folder.uri, workspace_folders=[folder]))
    yield
    await asyncio.wait_for(lsp_client.shutdown_session(), 30)


async def pull(client, previous=()) -> dict[str, types.WorkspaceDocumentDiagnosticReport]:
    report = await client.workspace_diagnostic_async(types.WorkspaceDiagnosticParams(
        identifier="nianbao", previous_result_ids=[types.PreviousResultId(uri=u, value=v) for u, v in previous]))
    uris = [i.uri for i in report.items]
    assert len(uris) == len(set(uris)), uris
    return {i.uri: i for i in report.items}


def found(item) -> list[tuple]:
    return [(d.code, d.range.start.line, d.severity) for d in item.items]


async def test_server_offers_workspace_diagnostics(client: LanguageClient):
    opts = client.init.capabilities.diagnostic_provider
    assert opts.workspace_diagnostics is True and opts.identifier == "nianbao"


async def test_every_report_in_the_workspace_none_open(client: LanguageClient):
    ws = client.ws
    a, b = (ws / "a.txt").as_uri(), (ws / "sub" / "b 年报.txt").as_uri()
    assert b.endswith("/sub/b%20%E5%B9%B4%E6%8A%A5.txt")
    items = await pull(client)
    assert sorted(items) == [a, b]
    assert all(isinstance(i, types.WorkspaceFullDocumentDiagnosticReport) and i.version is None for i in items.values())
    assert found(items[a]) == SEED_001
    assert found(items[b]) == SEED_003
    assert {d.source for d in items[b].items} == {"nianbao"}
    assert items[a].items[0].message == "第五部分标题序号“5、”应为“五、”"

    # pulled again with the result ids the client holds: unchanged, nothing re-sent
    again = await pull(client, [(u, i.result_id) for u, i in items.items()])
    assert sorted(again) == [a, b]
    assert all(isinstance(i, types.WorkspaceUnchangedDocumentDiagnosticReport) for i in again.values()), [(type(i).__name__, i.result_id, items[u].result_id) for u, i in again.items()]
    assert {u: i.result_id for u, i in again.items()} == {u: i.result_id for u, i in items.items()}

    # a report changed on disk is read again; one that is gone is emptied
    text = read(seed_path("001")).replace("5、 存在的主要问题", "五、存在的主要问题")
    (ws / "a.txt").write_text(text + "\n", encoding="utf-8")   # a size of its own: a new stamp whatever the clock
    (ws / "sub" / "b 年报.txt").unlink()
    after = await pull(client, [(u, i.result_id) for u, i in items.items()])
    assert sorted(after) == [a, b]
    assert found(after[a]) == [("NB104", 400, W)] and after[a].result_id != items[a].result_id
    assert isinstance(after[b], types.WorkspaceFullDocumentDiagnosticReport) and list(after[b].items) == []


async def test_an_open_document_is_reported_from_its_open_text(client: LanguageClient):
    ws = client.ws
    a = (ws / "a.txt").as_uri()
    text = read(seed_path("001")).replace("5、 存在的主要问题", "五、存在的主要问题")    # not saved
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=a, language_id="plaintext", version=7, text=text)))
    items = await pull(client)
    assert sorted(items) == [a, (ws / "sub" / "b 年报.txt").as_uri()]
    assert items[a].version == 7 and found(items[a]) == [("NB104", 400, W)]
    # the document pull and the workspace pull agree on the result id
    doc = await client.text_document_diagnostic_async(
        types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=a)))
    assert doc.result_id == items[a].result_id


async def test_minimum_severity_setting(client: LanguageClient):
    ws = client.ws
    a, b = (ws / "a.txt").as_uri(), (ws / "sub" / "b 年报.txt").as_uri()
    refreshed = asyncio.Event()
    def refresh(params):            # the server took the new settings in and asks for a new pull
        refreshed.set()
    client.protocol.fm.features[types.WORKSPACE_DIAGNOSTIC_REFRESH] = refresh
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=b, language_id="plaintext", version=1, text=(ws / "sub" / "b 年报.txt").read_text(encoding="utf-8"))))
    for level, want_a, want_b in (("error", [], SEED_003[2:]), ("warning", SEED_001, SEED_003[1:]),
                                  ("info", SEED_001, SEED_003)):
        refreshed.clear()
        client.set_configuration({"minimumSeverity": level}, section="nianbao")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        await asyncio.wait_for(refreshed.wait(), 30)
        items = await pull(client)
        assert (found(items[a]), found(items[b])) == (want_a, want_b), level
        # an open document's diagnostics (document pull) obey it too
        doc = await client.text_document_diagnostic_async(
            types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=b)))
        assert found(doc) == want_b, level


async def test_fix_all_fixes_only_what_minimum_severity_shows(client: LanguageClient):
    # seed 001's two NB104 (warnings) have safe fixes: with minimumSeverity "error" nobody sees
    # them, and fix all (on save, or asked for) must not edit the text they are about
    ws = client.ws
    a = (ws / "a.txt").as_uri()
    text = (ws / "a.txt").read_text(encoding="utf-8")
    refreshed = asyncio.Event()
    client.protocol.fm.features[types.WORKSPACE_DIAGNOSTIC_REFRESH] = lambda params: refreshed.set()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=a, language_id="plaintext", version=1, text=text)))
    for level, fixed in (("error", None), ("warning", ("五、", "六、")), ("info", ("五、", "六、"))):
        refreshed.clear()
        client.set_configuration({"minimumSeverity": level}, section="nianbao")
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
        await asyncio.wait_for(refreshed.wait(), 30)
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=a),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
        if fixed is None:
            assert list(actions) == [], level
            continue
        (action,) = actions
        (change,) = action.edit.document_changes
        (edit,) = change.edits
        assert "5、 存在的主要问题" not in edit.new_text and "五、存在的主要问题" in edit.new_text, level
        assert "6、 其他需要报告的事项" not in edit.new_text and "六、其他需要报告的事项" in edit.new_text, level
