// Which program runs the language server: pure logic, no `vscode` import (unit-tested).

import * as path from "path";

/** The oldest Python the server supports (pytest-lsp and pygls 2 need 3.10). */
export const MIN_PYTHON: Version = [3, 10, 0];

export type Version = [number, number, number];

export type CandidateSource = "setting" | "pythonExtension" | "path";

/** One way to start a Python interpreter: a program and the arguments before ours (`py -3`). */
export interface Candidate {
  command: string;
  args: string[];
  source: CandidateSource;
}

export interface CandidateInput {
  /** `nianbao.python`, already expanded; empty when unset. */
  configured: string;
  /** The interpreter selected in the Python extension, if that extension is installed. */
  fromPythonExtension?: string;
  platform: NodeJS.Platform;
}

/**
 * The interpreters to try, in order. An explicit `nianbao.python` is the only candidate: the
 * user chose it, and silently running another Python would hide a mistake.
 */
export function pythonCandidates(input: CandidateInput): Candidate[] {
  const configured = input.configured.trim();
  if (configured) {
    return [{ command: configured, args: [], source: "setting" }];
  }
  const out: Candidate[] = [];
  if (input.fromPythonExtension && input.fromPythonExtension.trim()) {
    out.push({ command: input.fromPythonExtension.trim(), args: [], source: "pythonExtension" });
  }
  if (input.platform === "win32") {
    out.push({ command: "py", args: ["-3"], source: "path" });
    out.push({ command: "python", args: [], source: "path" });
  } else {
    out.push({ command: "python3", args: [], source: "path" });
    out.push({ command: "python", args: [], source: "path" });
  }
  return out;
}

/** The code run to learn an interpreter's version (prints e.g. `3.11.7`). */
export const VERSION_PROBE = "import sys; print('%d.%d.%d' % sys.version_info[:3])";

/** `3.11.7` (possibly with noise around it) → [3, 11, 7]. */
export function parseVersion(output: string): Version | undefined {
  const m = /(\d+)\.(\d+)\.(\d+)/.exec(output);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i];
    }
  }
  return 0;
}

export function formatVersion(v: Version): string {
  return v.join(".");
}

export function isSupported(v: Version): boolean {
  return compareVersions(v, MIN_PYTHON) >= 0;
}

/** What probing one candidate found: its version, or that it could not be run. */
export interface Probe {
  candidate: Candidate;
  version?: Version;
  error?: string;
}

export type Choice =
  | { kind: "ok"; candidate: Candidate; version: Version }
  | { kind: "missing"; probes: Probe[] }
  | { kind: "tooOld"; probes: Probe[] };

/** The first candidate that runs and is new enough; else why none is. */
export function choose(probes: Probe[]): Choice {
  for (const p of probes) {
    if (p.version && isSupported(p.version)) {
      return { kind: "ok", candidate: p.candidate, version: p.version };
    }
  }
  return probes.some((p) => p.version) ? { kind: "tooOld", probes } : { kind: "missing", probes };
}

export function describeCandidate(c: Candidate): string {
  return [c.command, ...c.args].join(" ");
}

/** One line per probe for the output channel. */
export function describeProbes(probes: Probe[]): string[] {
  return probes.map((p) => {
    const what = `${describeCandidate(p.candidate)} (${p.candidate.source})`;
    return p.version ? `${what}: Python ${formatVersion(p.version)}` : `${what}: ${p.error ?? "not found"}`;
  });
}

/** `~/x` and `${workspaceFolder}/x` in `nianbao.python` / `nianbao.server.path`. */
export function expandPath(value: string, vars: { home: string; workspaceFolder?: string }): string {
  let v = value.trim();
  if (v === "~" || v.startsWith("~/") || v.startsWith("~\\")) {
    v = vars.home + v.slice(1);
  }
  if (vars.workspaceFolder !== undefined) {
    v = v.split("${workspaceFolder}").join(vars.workspaceFolder);
  }
  return v;
}

export interface Launch {
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
}

/** Run the server from the libraries bundled in the .vsix with this interpreter. */
export function bundledLaunch(
  candidate: Candidate,
  libsDir: string,
  env: Record<string, string | undefined>,
): Launch {
  const existing = env.PYTHONPATH;
  return {
    command: candidate.command,
    args: [...candidate.args, "-m", "nianbao.server.cli", "serve"],
    env: {
      ...env,
      // Bundled libraries first, so another pygls in the user's environment is never picked up.
      PYTHONPATH: existing ? `${libsDir}${path.delimiter}${existing}` : libsDir,
      PYTHONIOENCODING: "utf-8",
      PYTHONNOUSERSITE: "1",
    },
  };
}

/** Run a `nianbao` the user installed (`nianbao.server.path`). */
export function installedLaunch(serverPath: string, env: Record<string, string | undefined>): Launch {
  return { command: serverPath, args: ["serve"], env: { ...env, PYTHONIOENCODING: "utf-8" } };
}

type Translate = (message: string, ...args: Array<string | number>) => string;

/** The one notification shown when no usable Python was found (`t` is vscode.l10n.t). */
export function problemMessage(choice: Exclude<Choice, { kind: "ok" }>, t: Translate): string {
  const first = choice.probes[0];
  if (first && first.candidate.source === "setting") {
    return first.version
      ? t(
          'nianbao needs Python 3.10 or newer, but "nianbao.python" ({0}) is Python {1}. Install Python 3.10+ and point "nianbao.python" at it.',
          describeCandidate(first.candidate),
          formatVersion(first.version),
        )
      : t(
          'nianbao could not run "nianbao.python" ({0}). Install Python 3.10+ and set "nianbao.python" to its full path, or clear the setting.',
          describeCandidate(first.candidate),
        );
  }
  if (choice.kind === "tooOld") {
    const found = choice.probes
      .filter((p) => p.version)
      .map((p) => `${describeCandidate(p.candidate)} ${formatVersion(p.version as Version)}`)
      .join(", ");
    return t(
      'nianbao needs Python 3.10 or newer; found only {0}. Install Python 3.10+, or set "nianbao.python" to a newer interpreter.',
      found,
    );
  }
  return t(
    'nianbao needs Python 3.10 or newer and found none (tried {0}). Install Python 3.10+ from python.org or your package manager, or set "nianbao.python" to its path.',
    choice.probes.map((p) => describeCandidate(p.candidate)).join(", "),
  );
}
