import assert from "node:assert/strict";
import { test } from "node:test";

import { SERVER_KEYS, toServerSettings } from "../src/settings";

test("VS Code's defaults leave the project's config file in charge", () => {
  const s = toServerSettings({ enable: true, select: [], ignore: [], severity: {}, edition: "auto", include: [], lintOn: "type", minimumSeverity: "info", python: "", server: { path: "" }, trace: { server: "off" } });
  assert.deepEqual(s, { select: null, ignore: [], severity: {}, edition: null, include: [], lintOn: "type", minimumSeverity: "info" });
});

test("settings are mapped to the server's names and values", () => {
  const s = toServerSettings({
    select: ["nb3", " NB1 ", "", 7],
    ignore: ["NB207"],
    severity: { NB205: "error", nb403: "off", NB101: "fatal", NB102: 3 },
    edition: "2019",
    include: ["**/年报/*.txt"],
    lintOn: "save",
    minimumSeverity: "warning",
  });
  assert.deepEqual(s, {
    select: ["NB3", "NB1"],
    ignore: ["NB207"],
    severity: { NB205: "error", NB403: "off" },
    edition: "2019",
    include: ["**/年报/*.txt"],
    lintOn: "save",
    minimumSeverity: "warning",
  });
});

test("client-only settings never reach the server", () => {
  const s = toServerSettings({ enable: false, python: "/usr/bin/python3", server: { path: "nianbao" }, trace: { server: "verbose" } });
  assert.deepEqual(Object.keys(s).sort(), [...SERVER_KEYS].sort());
});

test("garbage is read as defaults, not passed on", () => {
  for (const raw of [undefined, null, 42, "x", [], { select: "NB1", severity: ["NB1"], edition: 2021, lintOn: "never", minimumSeverity: "off" }]) {
    assert.deepEqual(toServerSettings(raw), { select: null, ignore: [], severity: {}, edition: null, include: [], lintOn: "type", minimumSeverity: "info" });
  }
});
