// The status bar item's text: server state and the active document's nianbao problems.
// Pure logic, no `vscode` import (unit-tested); `t` is vscode.l10n.t at run time.

export type ServerState = "starting" | "running" | "stopped" | "failed" | "disabled";

export interface ProblemCounts {
  errors: number;
  warnings: number;
  infos: number;
}

export type Translate = (message: string, ...args: Array<string | number>) => string;

/** Plain substitution of `{0}`, `{1}` … (the English fallback, and what tests use). */
export const identity: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));

export interface StatusView {
  text: string;
  tooltip: string;
  /** "error" / "warning" tint the item like VS Code's own problem counters. */
  tone: "normal" | "warning" | "error";
}

export function countProblems(severities: number[]): ProblemCounts {
  // vscode.DiagnosticSeverity: Error 0, Warning 1, Information 2, Hint 3
  const c: ProblemCounts = { errors: 0, warnings: 0, infos: 0 };
  for (const s of severities) {
    if (s === 0) c.errors++;
    else if (s === 1) c.warnings++;
    else c.infos++;
  }
  return c;
}

export function statusView(state: ServerState, counts: ProblemCounts | undefined, t: Translate = identity): StatusView {
  switch (state) {
    case "starting":
      return { text: "$(sync~spin) nianbao", tooltip: t("nianbao: starting the server…"), tone: "normal" };
    case "stopped":
      return { text: "$(circle-slash) nianbao", tooltip: t("nianbao: server stopped. Click to show the output."), tone: "normal" };
    case "disabled":
      return { text: "$(circle-slash) nianbao", tooltip: t("nianbao: turned off (nianbao.enable). Click to show the output."), tone: "normal" };
    case "failed":
      return { text: "$(error) nianbao", tooltip: t("nianbao: the server could not start. Click to show the output."), tone: "error" };
  }
  if (!counts) {
    return { text: "$(check) nianbao", tooltip: t("nianbao: running"), tone: "normal" };
  }
  const total = counts.errors + counts.warnings + counts.infos;
  if (total === 0) {
    return { text: "$(check) nianbao", tooltip: t("nianbao: no problems in this document"), tone: "normal" };
  }
  const icon = counts.errors ? "$(error)" : counts.warnings ? "$(warning)" : "$(info)";
  return {
    text: `${icon} nianbao ${total}`,
    tooltip: t("nianbao: {0} errors, {1} warnings, {2} info in this document", counts.errors, counts.warnings, counts.infos),
    tone: counts.errors ? "error" : counts.warnings ? "warning" : "normal",
  };
}
