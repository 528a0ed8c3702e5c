import assert from "node:assert/strict";
import { test } from "node:test";

import { countProblems, identity, statusView } from "../src/status";

test("problems are counted by severity (vscode.DiagnosticSeverity numbers)", () => {
  assert.deepEqual(countProblems([0, 1, 1, 2, 3]), { errors: 1, warnings: 2, infos: 2 });
  assert.deepEqual(countProblems([]), { errors: 0, warnings: 0, infos: 0 });
});

test("running: the number of problems with the worst severity's icon", () => {
  const v = statusView("running", { errors: 0, warnings: 2, infos: 0 });
  assert.equal(v.text, "$(warning) nianbao 2");
  assert.equal(v.tooltip, "nianbao: 0 errors, 2 warnings, 0 info in this document");
  assert.equal(v.tone, "warning");
  assert.equal(statusView("running", { errors: 1, warnings: 2, infos: 3 }).text, "$(error) nianbao 6");
  assert.equal(statusView("running", { errors: 1, warnings: 0, infos: 0 }).tone, "error");
  assert.equal(statusView("running", { errors: 0, warnings: 0, infos: 1 }).text, "$(info) nianbao 1");
  assert.equal(statusView("running", { errors: 0, warnings: 0, infos: 0 }).text, "$(check) nianbao");
  assert.equal(statusView("running", undefined).text, "$(check) nianbao");
});

test("server states", () => {
  assert.equal(statusView("starting", undefined).text, "$(sync~spin) nianbao");
  assert.equal(statusView("stopped", undefined).text, "$(circle-slash) nianbao");
  const off = statusView("disabled", { errors: 3, warnings: 0, infos: 0 });
  assert.equal(off.text, "$(circle-slash) nianbao");
  assert.equal(off.tooltip, "nianbao: turned off (nianbao.enable). Click to show the output.");
  const failed = statusView("failed", { errors: 3, warnings: 0, infos: 0 });
  assert.equal(failed.text, "$(error) nianbao");
  assert.equal(failed.tone, "error");
  assert.match(failed.tooltip, /could not start/);
});

test("tooltips go through the translator with their arguments", () => {
  const seen: unknown[] = [];
  const t = (m: string, ...a: Array<string | number>) => {
    seen.push([m, ...a]);
    return `T:${m}`;
  };
  const v = statusView("running", { errors: 1, warnings: 2, infos: 3 }, t);
  assert.equal(v.tooltip, "T:nianbao: {0} errors, {1} warnings, {2} info in this document");
  assert.deepEqual(seen, [["nianbao: {0} errors, {1} warnings, {2} info in this document", 1, 2, 3]]);
  assert.equal(identity("a {0} b {1} {2}", "x", 2), "a x b 2 {2}");
});
