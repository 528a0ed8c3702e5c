// VS Code's `nianbao` settings → what the server reads from workspace/configuration.
// Pure logic, no `vscode` import (unit-tested).

export type Severity = "error" | "warning" | "info" | "off";

/** The server's settings (server/lsp/state.py `Settings.from_client`). */
export interface ServerSettings {
  /** null: the project's config file (or all rules) decides. */
  select: string[] | null;
  ignore: string[];
  severity: Record<string, Severity>;
  /** null: detected from the report. */
  edition: "2019" | "2021" | null;
  include: string[];
  lintOn: "type" | "save";
  /** Findings below this level are not reported (the server leaves them out). */
  minimumSeverity: "error" | "warning" | "info";
}

/** Settings the server reads; the others (enable, python, server.path, trace) are the client's. */
export const SERVER_KEYS = ["select", "ignore", "severity", "edition", "include", "lintOn", "minimumSeverity"] as const;

const SEVERITIES: ReadonlySet<string> = new Set(["error", "warning", "info", "off"]);

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && x.trim() !== "").map((x) => x.trim()) : [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Map the raw `nianbao` section. An empty `select` becomes null: VS Code's default `[]` must
 * not override a project's `select` in pyproject.toml / nianbao.toml (the server treats any
 * list as an override). `edition: "auto"` becomes null for the same reason.
 */
export function toServerSettings(raw: unknown): ServerSettings {
  const r = isRecord(raw) ? raw : {};
  const select = strings(r.select).map((c) => c.toUpperCase());
  const severity: Record<string, Severity> = {};
  if (isRecord(r.severity)) {
    for (const [code, level] of Object.entries(r.severity)) {
      if (typeof level === "string" && SEVERITIES.has(level) && code.trim()) {
        severity[code.trim().toUpperCase()] = level as Severity;
      }
    }
  }
  return {
    select: select.length ? select : null,
    ignore: strings(r.ignore).map((c) => c.toUpperCase()),
    severity,
    edition: r.edition === "2019" || r.edition === "2021" ? r.edition : null,
    include: strings(r.include),
    lintOn: r.lintOn === "save" ? "save" : "type",
    minimumSeverity: r.minimumSeverity === "error" || r.minimumSeverity === "warning" ? r.minimumSeverity : "info",
  };
}

/** Settings whose change needs a new server process rather than a configuration refresh. */
export const RESTART_KEYS = ["nianbao.python", "nianbao.server.path"] as const;
