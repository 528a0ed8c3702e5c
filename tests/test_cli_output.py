"""Machine output that other programs read: GitHub annotations with file names that need escaping,
SARIF valid against the official 2.1.0 schema (tests/sarif/) with relative URIs, the run's exit
status and the fixes; and every link nianbao prints or documents resolves."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import jsonschema
import pytest

from conftest import ROOT, seed_path

NIANBAO = shutil.which("nianbao", path=str(Path(sys.executable).parent)) or "nianbao"
SCHEMA = json.loads((Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
ODD = "a,b:c%d 报告.txt"                    # every character GitHub's properties escape, and a space


def run(*args, cwd=None):
    p = subprocess.run([NIANBAO, *map(str, args)], capture_output=True, cwd=cwd, timeout=120)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


@pytest.fixture
def odd(tmp_path):
    (tmp_path / "sub").mkdir()
    shutil.copy(seed_path("003"), tmp_path / "sub" / ODD)      # NB208 with an unsafe fix, NB202, …
    return tmp_path


def test_github_escapes_properties_and_message_by_their_own_rules(odd):
    rc, out, _ = run("lint", "--format", "github", f"sub/{ODD}", cwd=odd)
    first = out.splitlines()[0]
    # properties: % : , CR LF escaped (toolkit's escapeProperty); the message: % CR LF only
    assert first == ("::notice title=nianbao (NB403),file=sub/a%2Cb%3Ac%25d 报告.txt,line=9,col=163,endLine=9,"
                     "endColumn=164::NB403 前言说报告由五部分组成，实际有6个部分标题")
    from nianbao.server.output import _data, _property
    assert _property("a\r\nb:c,d%e") == "a%0D%0Ab%3Ac%2Cd%25e"
    assert _data("a\r\nb:c,d%e") == "a%0D%0Ab:c,d%25e"


def test_sarif_is_valid_against_the_official_schema(odd):
    rc, out, _ = run("lint", "--format", "sarif", f"sub/{ODD}", seed_path("001"), cwd=odd)
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["$schema"] == SCHEMA["id"]
    (sarif_run,) = log["runs"]
    assert sarif_run["invocations"] == [{"executionSuccessful": True, "exitCode": 1}] and rc == 1
    assert sarif_run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": odd.as_uri() + "/"}}
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]: loc["physicalLocation"]["artifactLocation"]
            for res in sarif_run["results"] for loc in res["locations"]}
    # below the current folder: relative, percent-encoded, forward slashes; elsewhere: a file: URI
    assert uris == {"sub/a%2Cb%3Ac%25d%20%E6%8A%A5%E5%91%8A.txt": {
                        "uri": "sub/a%2Cb%3Ac%25d%20%E6%8A%A5%E5%91%8A.txt", "uriBaseId": "%SRCROOT%"},
                    seed_path("001").as_uri(): {"uri": seed_path("001").as_uri()}}
    assert unquote("sub/a%2Cb%3Ac%25d%20%E6%8A%A5%E5%91%8A.txt") == f"sub/{ODD}"


def test_sarif_carries_the_fixes_and_a_failed_run(odd):
    rc, out, _ = run("lint", "--format", "sarif", f"sub/{ODD}", "missing.txt", cwd=odd)
    log = json.loads(out)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert rc == 2 and log["runs"][0]["invocations"] == [{"executionSuccessful": False, "exitCode": 2}]
    nb208 = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "NB208")
    assert nb208["fixes"] == [{
        "description": {"text": "换算为万元：13.6648万元"},
        "artifactChanges": [{"artifactLocation": {"uri": "sub/a%2Cb%3Ac%25d%20%E6%8A%A5%E5%91%8A.txt",
                                                  "uriBaseId": "%SRCROOT%"},
                             "replacements": [{"deletedRegion": {"startLine": 41, "startColumn": 10,
                                                                 "endLine": 41, "endColumn": 19},
                                               "insertedContent": {"text": "13.6648万元"}}]}],
        "properties": {"safety": "unsafe"}}]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all("helpUri" not in r and r["help"]["text"].startswith(r["shortDescription"]["text"]) for r in rules)


def test_rule_links_point_at_the_documentation_that_ships():
    """JSON's url, `rules --format json` and the language server's codeDescription: the rules.md
    installed with nianbao, with an anchor that is a heading in it."""
    rc, out, _ = run("lint", "--format", "json", seed_path("004"))
    urls = {f["url"] for f in json.loads(out)} | {r["url"] for r in json.loads(run("rules", "--format", "json")[1])}
    for url in urls:
        u = urlparse(url)
        doc = Path(unquote(u.path))
        assert u.scheme == "file" and doc.name == "rules.md" and doc.is_file(), url
        assert f"\n## {u.fragment.upper()}\n" in doc.read_text(encoding="utf-8"), url


# URLs the project may print or link to: each one checked by hand to exist (not invented)
KNOWN = {
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    "https://github.com/oasis-tcs/sarif-spec", "https://www.oasis-open.org/policies-guidelines/ipr",
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",       # XML namespaces, not pages
    "http://schemas.openxmlformats.org/markup-compatibility/2006",
}


def test_no_invented_urls_in_code_or_docs():
    sources = [ROOT / "README.md", *ROOT.glob("docs/*.md"), *ROOT.glob("server/**/*.py"), *ROOT.glob("grammar/**/*.py"),
               ROOT / ".pre-commit-hooks.yaml", ROOT / "tests" / "sarif" / "README.md", ROOT / "server" / "locale" / "README.md"]
    found = {m.rstrip(".,)`'\"") for p in sources for m in re.findall(r"https?://[^\s\"'<>)`|]+", p.read_text(encoding="utf-8"))}
    assert found <= KNOWN, found - KNOWN


def test_relative_links_in_the_docs_resolve():
    for doc in [ROOT / "README.md", *ROOT.glob("docs/*.md"), ROOT / "tests" / "README.md", ROOT / "bench" / "README.md"]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", doc.read_text(encoding="utf-8")):
            if not target.startswith(("http://", "https://")):
                assert (doc.parent / target).exists(), f"{doc.name}: {target}"
