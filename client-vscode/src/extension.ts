// The nianbao VS Code extension: starts `nianbao serve` (bundled in the .vsix) and wires
// commands and a status bar item to it.

import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";

import {
  Candidate,
  Launch,
  Probe,
  VERSION_PROBE,
  bundledLaunch,
  choose,
  describeCandidate,
  describeProbes,
  expandPath,
  formatVersion,
  installedLaunch,
  parseVersion,
  problemMessage,
  pythonCandidates,
} from "./python";
import { RESTART_KEYS, toServerSettings } from "./settings";
import { ServerState, countProblems, statusView } from "./status";

const LANGUAGES = ["plaintext", "markdown"];
const PROBE_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let statusItem: vscode.StatusBarItem;
let state: ServerState = "stopped";
let notified = false; // the "no usable Python" notification is shown once per session
let queue: Promise<unknown> = Promise.resolve();
let extensionPath = "";
/** Set by "lint all reports in the workspace": from then on the client's workspace pulls reach the server. */
let workspaceWanted = false;
/** Resolved by the next workspace pull that reached the server (the command's progress waits for it). */
let workspacePulled: Array<() => void> = [];

const t = (message: string, ...args: Array<string | number>) => vscode.l10n.t(message, ...args);

function log(line: string, level: "info" | "warn" | "error" = "info"): void {
  output[level](line);
}

/** Run start/stop/restart one after another, never interleaved. */
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.then(task, task);
  queue = next.catch(() => undefined);
  return next;
}

// -- finding the interpreter ---------------------------------------------------------------------

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

function enabled(): boolean {
  return vscode.workspace.getConfiguration("nianbao").get<boolean>("enable") ?? true;
}

function setting(key: "python" | "server.path"): string {
  const raw = vscode.workspace.getConfiguration("nianbao").get<string>(key) ?? "";
  return expandPath(raw, { home: os.homedir(), workspaceFolder: workspaceFolder() });
}

function withTimeout<T>(p: Thenable<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([Promise.resolve(p), new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms))]);
}

/** The interpreter selected in the Python extension (ms-python.python), if it is installed. */
async function pythonFromExtension(): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension("ms-python.python");
  if (!ext) {
    return undefined;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const api: any = ext.isActive ? ext.exports : await withTimeout(ext.activate(), 20_000, undefined);
    const resource = vscode.workspace.workspaceFolders?.[0]?.uri;
    const envs = api?.environments;
    if (envs?.getActiveEnvironmentPath) {
      const envPath = envs.getActiveEnvironmentPath(resource);
      const resolved = envs.resolveEnvironment ? await envs.resolveEnvironment(envPath) : undefined;
      const exe: string | undefined = resolved?.executable?.uri?.fsPath ?? envPath?.path;
      if (exe) {
        return exe;
      }
    }
    const cmd = api?.settings?.getExecutionDetails?.(resource)?.execCommand;
    return Array.isArray(cmd) && typeof cmd[0] === "string" ? cmd[0] : undefined;
  } catch (e) {
    log(`could not ask the Python extension for its interpreter: ${e}`, "warn");
    return undefined;
  }
}

function run(command: string, args: string[]): Promise<{ stdout: string; error?: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: PROBE_TIMEOUT_MS, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        resolve({ stdout, error: code === "ENOENT" ? "not found" : `${err.message.split("\n")[0]} ${stderr}`.trim() });
      } else {
        resolve({ stdout });
      }
    });
  });
}

async function probe(candidate: Candidate): Promise<Probe> {
  const r = await run(candidate.command, [...candidate.args, "-c", VERSION_PROBE]);
  const version = r.error ? undefined : parseVersion(r.stdout);
  return { candidate, version, error: r.error ?? (version ? undefined : `unexpected output ${JSON.stringify(r.stdout)}`) };
}

function notifyOnce(message: string): void {
  log(message, "error");
  if (notified) {
    return;
  }
  notified = true;
  const openSettings = t("Open Settings");
  const showOutput = t("Show Output");
  void vscode.window.showErrorMessage(message, openSettings, showOutput).then((choice) => {
    if (choice === openSettings) {
      void vscode.commands.executeCommand("workbench.action.openSettings", "nianbao.python");
    } else if (choice === showOutput) {
      output.show(true);
    }
  });
}

/** How to start the server now, or undefined (after one notification) when it cannot start. */
async function resolveLaunch(): Promise<Launch | undefined> {
  const env = { ...process.env };
  const serverPath = setting("server.path");
  if (serverPath) {
    const r = await run(serverPath, ["--help"]);
    if (r.error) {
      notifyOnce(
        t('nianbao could not run "nianbao.server.path" ({0}): {1}. Point it at an installed nianbao command, or clear the setting to use the server bundled with the extension.', serverPath, r.error),
      );
      return undefined;
    }
    log(`using the installed server: ${serverPath} serve`);
    return installedLaunch(serverPath, env);
  }
  const libs = vscode.Uri.joinPath(vscode.Uri.file(extensionPath), "bundled", "libs").fsPath;
  if (!fs.existsSync(`${libs}/nianbao/server/cli.py`)) {
    notifyOnce(t("This nianbao extension package is incomplete (no bundled server in {0}). Reinstall the .vsix.", libs));
    return undefined;
  }
  const candidates = pythonCandidates({
    configured: setting("python"),
    fromPythonExtension: setting("python") ? undefined : await pythonFromExtension(),
    platform: process.platform,
  });
  const probes: Probe[] = [];
  for (const c of candidates) {
    const p = await probe(c);
    probes.push(p);
    if (p.version && choose([p]).kind === "ok") {
      break;
    }
  }
  for (const line of describeProbes(probes)) {
    log(`python: ${line}`);
  }
  const choice = choose(probes);
  if (choice.kind !== "ok") {
    notifyOnce(problemMessage(choice, t));
    return undefined;
  }
  log(`using Python ${formatVersion(choice.version)} (${describeCandidate(choice.candidate)}) with ${libs}`);
  return bundledLaunch(choice.candidate, libs, env);
}

// -- the client ----------------------------------------------------------------------------------

function clientOptions(): LanguageClientOptions {
  return {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    outputChannel: output,
    // No `synchronize.configurationSection`: its didChangeConfiguration, sent while the client
    // stops for "nianbao.enable": false, tries to start it again. The change is sent below.
    middleware: {
      // vscode-languageclient asks for workspace diagnostics every 2 s once the server offers
      // them; they reach the server only after "lint all reports in the workspace".
      provideWorkspaceDiagnostics: async (resultIds, token, resultReporter, next) => {
        if (!workspaceWanted) {
          return { items: [] };
        }
        try {
          return await next(resultIds, token, resultReporter);
        } finally {
          const waiting = workspacePulled;
          workspacePulled = [];
          waiting.forEach((resolve) => resolve());
        }
      },
      workspace: {
        // The server asks for section "nianbao"; answer in its terms (see settings.ts).
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) {
            return result;
          }
          return result.map((value, i) => (params.items[i]?.section === "nianbao" ? toServerSettings(value) : value));
        },
      },
    },
  };
}

async function start(): Promise<void> {
  if (client) {
    return;
  }
  if (!enabled()) {
    log("nianbao.enable is false: no server");
    setState("disabled");
    return;
  }
  setState("starting");
  const launch = await resolveLaunch();
  if (!launch) {
    setState("failed");
    return;
  }
  const serverOptions: ServerOptions = {
    command: launch.command,
    args: launch.args,
    // Plain stdio: no TransportKind.stdio, which would append `--stdio` to the args.
    options: { env: launch.env },
  };
  const c = new LanguageClient("nianbao", "nianbao", serverOptions, clientOptions());
  c.onDidChangeState((e) => {
    if (client !== c) {
      return;
    }
    setState(e.newState === State.Running ? "running" : e.newState === State.Starting ? "starting" : "stopped");
  });
  client = c;
  try {
    await c.start();
    log(`server started: ${[launch.command, ...launch.args].join(" ")}`);
    setState("running");
  } catch (e) {
    log(`the server did not start: ${e}`, "error");
    setState("failed");
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  const waiting = workspacePulled; // a workspace lint waiting for this server waits no more
  workspacePulled = [];
  waiting.forEach((resolve) => resolve());
  if (!c) {
    return;
  }
  try {
    if (c.needsStop()) {
      await c.stop(STOP_TIMEOUT_MS);
    }
  } catch (e) {
    log(`stopping the server: ${e}`, "warn");
  }
  setState("stopped");
}

function restart(): Promise<void> {
  return serialized(async () => {
    await stop();
    await start();
  });
}

// -- status bar ----------------------------------------------------------------------------------

function setState(s: ServerState): void {
  state = s;
  updateStatus();
}

function updateStatus(): void {
  if (!statusItem) {
    return;
  }
  const doc = vscode.window.activeTextEditor?.document;
  const relevant = doc !== undefined && LANGUAGES.includes(doc.languageId);
  if (!relevant && state !== "failed") {
    statusItem.hide();
    return;
  }
  const counts =
    state === "running" && doc
      ? countProblems(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === "nianbao").map((d) => d.severity))
      : undefined;
  const view = statusView(state, counts, t);
  statusItem.text = view.text;
  statusItem.tooltip = view.tooltip;
  statusItem.accessibilityInformation = { label: `${view.text.replace(/\$\([^)]*\)\s*/g, "")}. ${view.tooltip}` };
  statusItem.backgroundColor =
    view.tone === "error"
      ? new vscode.ThemeColor("statusBarItem.errorBackground")
      : view.tone === "warning"
        ? new vscode.ThemeColor("statusBarItem.warningBackground")
        : undefined;
  statusItem.show();
}

// -- commands ------------------------------------------------------------------------------------

function runningClient(): LanguageClient | undefined {
  if (client && client.state === State.Running) {
    return client;
  }
  if (!enabled()) {
    void vscode.window.showWarningMessage(t('nianbao is turned off ("nianbao.enable": false).'));
    return undefined;
  }
  void vscode.window.showWarningMessage(t("The nianbao server is not running. See the nianbao output for why."));
  return undefined;
}

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !LANGUAGES.includes(editor.document.languageId)) {
    void vscode.window.showInformationMessage(t("Open a report (plain text or Markdown) to fix it."));
    return;
  }
  const c = runningClient();
  if (!c) {
    return;
  }
  const uri = c.code2ProtocolConverter.asUri(editor.document.uri);
  const changed = await c.sendRequest(ExecuteCommandRequest.type, { command: "nianbao.fixAll", arguments: [uri] });
  if (!changed) {
    void vscode.window.showInformationMessage(t("nianbao: nothing to fix safely in this document."));
  }
}

async function newReport(): Promise<void> {
  const c = runningClient();
  if (!c) {
    return;
  }
  const thisYear = new Date().getFullYear();
  const yearText = await vscode.window.showInputBox({
    title: t("New annual report"),
    prompt: t("Year of the report (the year it covers)"),
    value: String(thisYear - 1),
    validateInput: (v) => {
      const n = Number(v.trim());
      return Number.isInteger(n) && n >= 2019 && n <= thisYear + 1 ? undefined : t("A year from 2019 to {0}", thisYear + 1);
    },
  });
  if (yearText === undefined) {
    return;
  }
  const organ = await vscode.window.showInputBox({
    title: t("New annual report"),
    prompt: t("Name of the organ publishing the report, e.g. 某某县人民政府"),
    validateInput: (v) => (v.trim() ? undefined : t("The organ's name is needed")),
  });
  if (organ === undefined) {
    return;
  }
  // Into the active document if it is an empty plain text / Markdown one, else a new one.
  let doc = vscode.window.activeTextEditor?.document;
  if (!doc || !LANGUAGES.includes(doc.languageId) || doc.getText().trim() !== "") {
    doc = await vscode.workspace.openTextDocument({ language: "plaintext", content: "" });
  }
  await vscode.window.showTextDocument(doc);
  const target = doc;
  const text = await c.sendRequest(ExecuteCommandRequest.type, {
    command: "nianbao.newReport",
    arguments: [{ year: Number(yearText.trim()), organ: organ.trim(), uri: c.code2ProtocolConverter.asUri(target.uri) }],
  });
  // The server inserts the skeleton through workspace/applyEdit; if that did not arrive (the
  // document was not yet open on the server), insert the returned text here.
  if (typeof text === "string" && text && target.getText() === "") {
    await new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === target) {
          sub.dispose();
          resolve();
        }
      });
      setTimeout(() => {
        sub.dispose();
        resolve();
      }, 1500);
    });
    if (target.getText() === "") {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(target.uri, new vscode.Position(0, 0), text);
      await vscode.workspace.applyEdit(edit);
    }
  }
}

/** Every report in the workspace folders in the Problems panel (the server's workspace/diagnostic). */
async function lintWorkspace(): Promise<void> {
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage(t("Open a folder first: nianbao lints the reports in the workspace folders."));
    return;
  }
  if (!runningClient()) {
    return;
  }
  workspaceWanted = true;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: t("nianbao: linting the reports in the workspace…") },
    () => new Promise<void>((resolve) => workspacePulled.push(resolve)),
  );
  await vscode.commands.executeCommand("workbench.actions.view.problems");
}

// -- activation ----------------------------------------------------------------------------------

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionPath = context.extensionPath;
  output = vscode.window.createOutputChannel("nianbao", { log: true });
  statusItem = vscode.window.createStatusBarItem("nianbao.status", vscode.StatusBarAlignment.Right, 100);
  statusItem.name = "nianbao";
  statusItem.command = "nianbao.showOutput";
  context.subscriptions.push(
    output,
    statusItem,
    vscode.commands.registerCommand("nianbao.restartServer", () => {
      notified = false;
      return restart();
    }),
    vscode.commands.registerCommand("nianbao.showOutput", () => output.show(true)),
    vscode.commands.registerCommand("nianbao.fixAllInFile", fixAll),
    vscode.commands.registerCommand("nianbao.newReportSkeleton", newReport),
    vscode.commands.registerCommand("nianbao.lintWorkspace", lintWorkspace),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.languages.onDidChangeDiagnostics((e) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some((u) => u.toString() === active)) {
        updateStatus();
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("nianbao.enable")) {
        notified = false;
        void serialized(async () => {
          await stop();
          await start();
        });
      } else if (RESTART_KEYS.some((k) => e.affectsConfiguration(k))) {
        notified = false;
        void restart();
      } else if (e.affectsConfiguration("nianbao") && client?.state === State.Running) {
        // the server asks for section "nianbao" again (workspace/configuration)
        client.sendNotification(DidChangeConfigurationNotification.type, { settings: null }).catch((err) =>
          log(`workspace/didChangeConfiguration: ${err}`, "warn"),
        );
      }
    }),
    { dispose: () => void stop() },
  );
  updateStatus();
  await serialized(start);
}

export function deactivate(): Thenable<void> | undefined {
  return serialized(stop);
}
