import assert from "node:assert/strict";
import * as path from "node:path";
import { test } from "node:test";

import {
  Probe,
  bundledLaunch,
  choose,
  compareVersions,
  describeProbes,
  expandPath,
  installedLaunch,
  isSupported,
  parseVersion,
  problemMessage,
  pythonCandidates,
} from "../src/python";
import { identity } from "../src/status";

test("an explicit nianbao.python is the only candidate", () => {
  const c = pythonCandidates({ configured: " /opt/py/bin/python3 ", fromPythonExtension: "/venv/bin/python", platform: "linux" });
  assert.deepEqual(c, [{ command: "/opt/py/bin/python3", args: [], source: "setting" }]);
});

test("default: the Python extension's interpreter, then python3, then python", () => {
  const c = pythonCandidates({ configured: "", fromPythonExtension: "/venv/bin/python", platform: "linux" });
  assert.deepEqual(c.map((x) => [x.command, x.source]), [
    ["/venv/bin/python", "pythonExtension"],
    ["python3", "path"],
    ["python", "path"],
  ]);
});

test("without the Python extension: PATH only; on Windows the py launcher first", () => {
  assert.deepEqual(pythonCandidates({ configured: "", platform: "darwin" }).map((x) => x.command), ["python3", "python"]);
  const win = pythonCandidates({ configured: "", fromPythonExtension: "  ", platform: "win32" });
  assert.deepEqual(win.map((x) => [x.command, ...x.args]), [["py", "-3"], ["python"]]);
});

test("versions are parsed and compared numerically", () => {
  assert.deepEqual(parseVersion("3.11.7\n"), [3, 11, 7]);
  assert.deepEqual(parseVersion("noise 3.10.0 more"), [3, 10, 0]);
  assert.equal(parseVersion("Python"), undefined);
  assert.equal(parseVersion(""), undefined);
  assert.ok(compareVersions([3, 9, 18], [3, 10, 0]) < 0);
  assert.ok(compareVersions([3, 10, 0], [3, 9, 18]) > 0, "3.10 > 3.9, not as strings");
  assert.equal(isSupported([3, 9, 18]), false);
  assert.equal(isSupported([3, 10, 0]), true);
  assert.equal(isSupported([3, 13, 1]), true);
  assert.equal(isSupported([4, 0, 0]), true);
  assert.equal(isSupported([2, 7, 18]), false);
});

const py3 = { command: "python3", args: [], source: "path" as const };
const py = { command: "python", args: [], source: "path" as const };

test("choose: the first candidate that runs and is new enough", () => {
  const probes: Probe[] = [
    { candidate: { command: "/old/python", args: [], source: "pythonExtension" }, version: [3, 8, 10] },
    { candidate: py3, error: "not found" },
    { candidate: py, version: [3, 12, 1] },
  ];
  const c = choose(probes);
  assert.equal(c.kind, "ok");
  assert.equal(c.kind === "ok" && c.candidate.command, "python");
});

test("choose: nothing runs → missing; only old ones → tooOld", () => {
  assert.equal(choose([{ candidate: py3, error: "not found" }, { candidate: py, error: "not found" }]).kind, "missing");
  assert.equal(choose([]).kind, "missing");
  assert.equal(choose([{ candidate: py3, error: "not found" }, { candidate: py, version: [2, 7, 18] }]).kind, "tooOld");
});

test("one clear message says what to do, never a stack trace", () => {
  const missing = choose([{ candidate: py3, error: "not found" }, { candidate: py, error: "not found" }]);
  assert.ok(missing.kind === "missing");
  const m = problemMessage(missing, identity);
  assert.match(m, /Python 3\.10/);
  assert.match(m, /python3, python/);
  assert.match(m, /nianbao\.python/);
  assert.doesNotMatch(m, /\n|at .*\.js/);

  const old = choose([{ candidate: py3, version: [3, 8, 10] }, { candidate: py, version: [2, 7, 18] }]);
  assert.ok(old.kind === "tooOld");
  const o = problemMessage(old, identity);
  assert.match(o, /python3 3\.8\.10, python 2\.7\.18/);
  assert.match(o, /Install Python 3\.10\+/);

  const setting = { command: "/opt/py39/bin/python", args: [], source: "setting" as const };
  const s1 = choose([{ candidate: setting, version: [3, 9, 18] }]);
  assert.ok(s1.kind === "tooOld");
  assert.match(problemMessage(s1, identity), /"nianbao\.python" \(\/opt\/py39\/bin\/python\) is Python 3\.9\.18/);
  const s2 = choose([{ candidate: setting, error: "not found" }]);
  assert.ok(s2.kind === "missing");
  assert.match(problemMessage(s2, identity), /could not run "nianbao\.python" \(\/opt\/py39\/bin\/python\)/);
});

test("probes are described for the output channel", () => {
  assert.deepEqual(describeProbes([{ candidate: py3, version: [3, 11, 7] }, { candidate: { command: "py", args: ["-3"], source: "path" }, error: "not found" }]), [
    "python3 (path): Python 3.11.7",
    "py -3 (path): not found",
  ]);
});

test("~ and ${workspaceFolder} are expanded in paths", () => {
  assert.equal(expandPath("~/.venvs/nb/bin/python", { home: "/home/a" }), "/home/a/.venvs/nb/bin/python");
  assert.equal(expandPath("${workspaceFolder}/.venv/bin/python", { home: "/h", workspaceFolder: "/w" }), "/w/.venv/bin/python");
  assert.equal(expandPath("  python3.12 ", { home: "/h" }), "python3.12");
  assert.equal(expandPath("a~b", { home: "/h" }), "a~b");
});

test("the bundled server runs as a module with the bundled libs first on PYTHONPATH", () => {
  const l = bundledLaunch({ command: "py", args: ["-3"], source: "path" }, "/ext/bundled/libs", { PYTHONPATH: "/mine", HOME: "/h" });
  assert.equal(l.command, "py");
  assert.deepEqual(l.args, ["-3", "-m", "nianbao.server.cli", "serve"]);
  assert.equal(l.env.PYTHONPATH, `/ext/bundled/libs${path.delimiter}/mine`);
  assert.equal(l.env.HOME, "/h");
  assert.equal(l.env.PYTHONIOENCODING, "utf-8");
  assert.equal(bundledLaunch(py3, "/libs", {}).env.PYTHONPATH, "/libs");
});

test("an installed nianbao runs as `nianbao serve`", () => {
  const l = installedLaunch("/usr/local/bin/nianbao", { PATH: "/bin" });
  assert.deepEqual([l.command, ...l.args], ["/usr/local/bin/nianbao", "serve"]);
  assert.equal(l.env.PYTHONPATH, undefined);
});
