// package.json, package.nls*.json and the runtime l10n bundle agree with each other and the code.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { RESTART_KEYS, SERVER_KEYS } from "../src/settings";

const root = join(__dirname, "..", "..");    // out/test/ → client-vscode/
const read = (p: string) => JSON.parse(readFileSync(join(root, p), "utf8"));
const pkg = read("package.json");
const nls: Record<string, string> = read("package.nls.json");
const nlsZh: Record<string, string> = read("package.nls.zh-cn.json");
const bundleZh: Record<string, string> = read("l10n/bundle.l10n.zh-cn.json");

function placeholders(s: string): string[] {
  return (s.match(/\{\d+\}/g) ?? []).sort();
}

test("every %key% in package.json has an English and a Chinese string", () => {
  const keys = [...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 10);
  for (const k of keys) {
    assert.ok(nls[k], `package.nls.json lacks ${k}`);
    assert.ok(nlsZh[k], `package.nls.zh-cn.json lacks ${k}`);
  }
  assert.deepEqual(Object.keys(nlsZh).sort(), Object.keys(nls).sort());
});

test("every runtime message has a Chinese translation with the same placeholders", () => {
  const sources = readdirSync(join(root, "src")).filter((f) => f.endsWith(".ts"));
  const messages = new Set<string>();
  for (const f of sources) {
    const text = readFileSync(join(root, "src", f), "utf8");
    for (const m of text.matchAll(/\bt\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/g)) {
      messages.add(JSON.parse(`"${(m[1] ?? m[2]).replace(/\\'/g, "'").replace(/(?<!\\)"/g, '\\"')}"`));
    }
  }
  assert.ok(messages.size > 15, `found only ${messages.size} messages`);
  for (const m of messages) {
    assert.ok(bundleZh[m], `l10n/bundle.l10n.zh-cn.json lacks ${JSON.stringify(m)}`);
    assert.deepEqual(placeholders(bundleZh[m]), placeholders(m), m);
  }
  for (const k of Object.keys(bundleZh)) {
    assert.ok(messages.has(k), `stale translation ${JSON.stringify(k)}`);
  }
});

test("the settings mirror the server's and the client's own", () => {
  const props = Object.keys(pkg.contributes.configuration.properties);
  for (const k of SERVER_KEYS) {
    assert.ok(props.includes(`nianbao.${k}`), `nianbao.${k} not contributed`);
  }
  for (const k of RESTART_KEYS) {
    assert.ok(props.includes(k), `${k} not contributed`);
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(k), `${k} not restricted`);
  }
});

test("contributed commands, activation and engine", () => {
  const commands = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(commands, ["nianbao.fixAllInFile", "nianbao.lintWorkspace", "nianbao.newReportSkeleton", "nianbao.restartServer", "nianbao.showOutput"]);
  // The server registers nianbao.fixAll / nianbao.newReport itself; the client must not clash.
  assert.ok(!commands.includes("nianbao.fixAll") && !commands.includes("nianbao.newReport"));
  const src = readFileSync(join(root, "src", "extension.ts"), "utf8");
  for (const c of commands) {
    assert.ok(src.includes(`registerCommand("${c}"`), `${c} not registered`);
  }
  // TransportKind.stdio would append `--stdio`, which `nianbao serve` rejects (exit 2).
  assert.ok(!/transport\s*:/.test(src), "start the server on plain stdio, without --stdio");
  assert.deepEqual(pkg.activationEvents, ["onLanguage:plaintext", "onLanguage:markdown"]);
  assert.equal(pkg.engines.vscode, "^1.91.0");
  assert.equal(pkg.main, "./dist/extension.js");
});

test("an icon that ships, and no invented addresses", () => {
  assert.equal(pkg.icon, "images/icon.png");
  const png = readFileSync(join(root, pkg.icon));
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]); // PNG
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]); // IHDR width, height
  assert.match(readFileSync(join(root, ".vscodeignore"), "utf8"), /^!images\/icon\.png$/m);
  // nianbao has no public repository, site or issue tracker: none is named
  for (const field of ["repository", "homepage", "bugs", "qna"]) {
    assert.equal(pkg[field], undefined, `${field} in package.json`);
  }
  assert.match(pkg.scripts.package, /--allow-missing-repository/);
});

test("nianbao.enable and nianbao.minimumSeverity", () => {
  const props = pkg.contributes.configuration.properties;
  assert.deepEqual([props["nianbao.enable"].type, props["nianbao.enable"].default], ["boolean", true]);
  assert.deepEqual(props["nianbao.minimumSeverity"].enum, ["error", "warning", "info"]);
  assert.equal(props["nianbao.minimumSeverity"].default, "info");
});

test("the marketplace README names every command (English and Chinese) and every setting", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  assert.ok(readme.includes("## 中文") && readme.includes("## English"));
  for (const c of pkg.contributes.commands as Array<{ title: string }>) {
    const key = c.title.replace(/%/g, "");
    assert.ok(readme.includes(nls[key].replace(/…$/, "")), `README lacks "${nls[key]}"`);
    assert.ok(readme.includes(nlsZh[key].replace(/…$/, "")), `README lacks "${nlsZh[key]}"`);
  }
  for (const k of Object.keys(pkg.contributes.configuration.properties)) {
    assert.equal(readme.split(`| \`${k}\` |`).length, 3, `README's two settings tables should each name ${k} once`);
  }
  // vsce refuses relative images without a repository URL, and nianbao has none
  assert.ok(!/!\[[^\]]*\]\((?!https:)/.test(readme), "no relative image in the README");
});

test("versions are pinned exactly", () => {
  for (const deps of [pkg.dependencies, pkg.devDependencies]) {
    for (const [name, v] of Object.entries(deps as Record<string, string>)) {
      assert.match(v, /^\d+\.\d+\.\d+$/, `${name}@${v} is not an exact version`);
    }
  }
  const req = readFileSync(join(root, "python-requirements.txt"), "utf8");
  for (const line of req.split("\n").filter((l) => l.trim() && !l.startsWith("#"))) {
    assert.match(line, /^[A-Za-z0-9_.-]+==[\d.]+ --hash=sha256:[0-9a-f]{64}$/, line);
  }
});

test("the bundled wheels match the project's pins in pyproject.toml", () => {
  const pyproject = readFileSync(join(root, "..", "pyproject.toml"), "utf8");
  const req = readFileSync(join(root, "python-requirements.txt"), "utf8");
  const pinned = new Map([...req.matchAll(/^([A-Za-z0-9_.-]+)==([\d.]+)/gm)].map((m) => [m[1].toLowerCase(), m[2]]));
  // every runtime dependency ([project] dependencies), not a list kept here (pathspec was missed)
  const block = pyproject.match(/^dependencies = \[\n([\s\S]*?)^\]/m);
  assert.ok(block, "pyproject.toml's dependencies not found");
  const runtime = [...block[1].matchAll(/^\s*"([A-Za-z0-9_.-]+)==([\d.]+)[";]/gm)];
  assert.deepEqual(runtime.map((m) => m[1].toLowerCase()).sort(), ["pathspec", "pygls", "pyparsing", "tomli"]);
  for (const m of runtime) {
    assert.equal(pinned.get(m[1].toLowerCase()), m[2], `${m[1]}: pyproject.toml pins ${m[2]}`);
  }
});
