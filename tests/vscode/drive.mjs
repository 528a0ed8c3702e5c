// Drive code-server (with the nianbao .vsix installed) in Debian's Chromium through
// playwright-core, the way an author would: open a report, read the Problems panel, take a
// screenshot, apply a quick fix from the light-bulb menu, check the text and the Problems
// panel again, save. Run by tests/test_vscode.py, which checks the JSON written to NB_OUT.
//
// env: NB_URL (code-server), NB_FOLDER (workspace), NB_FILE (report file name in it),
//      NB_PROFILE (fresh Chromium user data dir), NB_OUT (result JSON), NB_SHOT (screenshot),
//      NB_CHROMIUM (default /usr/bin/chromium), NB_STEP_TIMEOUT_MS (default 60000);
//      NB_MODE=old-python: nianbao.python is too old; expect one notification (NB_FILE2: a second file);
//      NB_MODE=commands: a setting from the start (NB104 as info), one changed while running
//      (NB_SETTINGS: .vscode/settings.json, NB104 as error), then the
//      extension's "Fix All" and "New Annual Report Skeleton" commands;
//      NB_MODE=workspace: nothing opened, "Lint All Reports in the Workspace" (NB_WANT_ROWS rows),
//      then nianbao.minimumSeverity "error" (NB_WANT_ERRORS rows);
//      NB_MODE=enable: nianbao.enable false, true, false again.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

const env = process.env;
const STEP_MS = Number(env.NB_STEP_TIMEOUT_MS || 60000);
const FILE = env.NB_FILE;
const LINE = 396; // 5、 存在的主要问题及改进情况  (NB104: 第五部分标题序号“5、”应为“五、”)
const FIXED = "五、存在的主要问题及改进情况";

const result = { ok: false, steps: [] };
let page;
let context;

function save() {
  writeFileSync(env.NB_OUT, JSON.stringify(result, null, 2));
}

async function step(name, fn) {
  const start = Date.now();
  result.current = name;
  const value = await fn();
  result.steps.push({ name, ms: Date.now() - start });
  return value;
}

/** Call fn until it returns something truthy; fail after `timeout` ms. With `nudge`, a frame is
 * drawn before each call (a screenshot of the page; one of a single pixel was not always enough): headless Chromium may not draw a page nobody
 * types into, and VS Code renders the Problems panel and the status bar at animation frames, so
 * a change made by the extension host alone (a server stopped) can stay out of the DOM. */
async function poll(what, fn, timeout = STEP_MS, nudge = false) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    if (nudge) {
      await page.screenshot({ type: "jpeg", quality: 1 });
    }
    try {
      last = await fn();
    } catch (e) {
      last = undefined;
      result.lastPollError = String(e);
    }
    if (last) {
      return last;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
}

async function statusTexts() {
  return (await page.locator(".statusbar-item").allInnerTexts()).map((s) => s.replace(/\s+/g, " ").trim());
}

async function nianbaoStatus() {
  return (await statusTexts()).find((s) => /^nianbao\b/.test(s));
}

/** The Problems panel's visible rows, read in one snapshot inside the page: the list re-renders
 * while it is read, and a row asked for its text one at a time may be gone by then (Playwright
 * then waits its default 60 s for it, the whole of a step's time). */
async function panelRows() {
  return page.locator(".markers-panel .monaco-list-row:visible").evaluateAll((els) =>
    els.map((e) => ({
      label: e.getAttribute("aria-label") ?? "",
      text: e.innerText.replace(/\s+/g, " ").trim(),
      file: e.querySelector(".label-name")?.innerText.trim() ?? null,
    })),
  );
}

async function problemRows() {
  return (await panelRows()).filter((r) => r.text.includes("NB")).map(({ label, text }) => ({ label, text }));
}

async function visibleLines() {
  return (await page.locator(".monaco-editor .view-lines .view-line").allInnerTexts()).map((s) => s.replace(/\u00a0/g, " "));
}

async function quickOpen(name) {
  // The workbench may not have keyboard focus yet right after loading: retry Ctrl+P.
  await poll("the quick open box", async () => {
    await page.keyboard.press("Control+P");
    return page.locator(".quick-input-widget").isVisible({ timeout: 1000 }).catch(() => false);
  });
  await page.keyboard.type(name);
  await poll(`${name} in quick open`, async () => (await page.locator(".quick-input-list .monaco-list-row").allInnerTexts()).some((t) => t.includes(name)));
  await page.keyboard.press("Enter");
  await poll(`the editor tab of ${name}`, async () => (await page.locator(".tab.active").allInnerTexts()).some((t) => t.includes(name)));
}

async function goToLine(line) {
  await page.keyboard.press("Control+G");
  await page.locator(".quick-input-widget").waitFor({ state: "visible", timeout: STEP_MS });
  await page.keyboard.type(String(line));
  await page.keyboard.press("Enter");
  await poll(`the cursor on line ${line}`, async () => (await statusTexts()).some((s) => s.startsWith(`Ln ${line},`)));
}

/** nianbao.python points at a Python that is too old: one notification, no server. */
async function oldPython() {
  await step("open the report", () => quickOpen(FILE));
  const wanted = "nianbao needs Python 3.10 or newer";
  const toasts = async () =>
    (await page.locator(".notifications-toasts .notification-list-item-message").allInnerTexts()).filter((t) => t.includes("nianbao"));
  result.notifications = await step("the notification", () =>
    poll("the notification about Python", async () => {
      const t = await toasts();
      return t.some((x) => x.includes(wanted)) ? t : undefined;
    }),
  );
  result.statusBefore = await step("the status bar shows the failure", () =>
    poll("the nianbao status bar item", async () => {
      const s = await nianbaoStatus();
      return s === "nianbao" ? s : undefined;
    }),
  );
  result.statusTooltip = await page.locator(".statusbar-item", { hasText: "nianbao" }).first().getAttribute("aria-label");
  await page.screenshot({ path: env.NB_SHOT });
  await step("no second notification", async () => {
    // Another document and a few seconds: the same problem is not announced again.
    await quickOpen(env.NB_FILE2); // (no Escape: it would hide the toasts)
    await page.waitForTimeout(4000);
    result.notificationsLater = await toasts();
  });
  result.ok = true;
}

async function runCommand(title) {
  // The palette lists the commands known when it opens: right after the workbench loads, the
  // extensions' may not be in yet. Open it again until the command is there.
  await poll(`"${title}" in the command palette`, async () => {
    if (!(await page.locator(".quick-input-widget").isVisible())) {
      await page.keyboard.press("F1");
      if (!(await page.locator(".quick-input-widget").isVisible({ timeout: 1000 }).catch(() => false))) {
        return false;
      }
      await page.keyboard.type(title);
    }
    const rows = page.locator(".quick-input-list .monaco-list-row");
    await rows.first().waitFor({ state: "visible", timeout: 2000 }).catch(() => undefined);
    result.palette = await rows.allInnerTexts();
    if (result.palette.some((t) => t.includes(title))) {
      return true;
    }
    await page.keyboard.press("Escape");
    return false;
  });
  await page.keyboard.press("Enter");
}

/** The extension's own commands: fix all in the report, a new report skeleton. */
async function commands() {
  await step("open the report", () => quickOpen(FILE));
  const icon = () => page.locator(".statusbar-item", { hasText: "nianbao" }).locator(".codicon").first().getAttribute("class");
  // The user settings say nianbao.severity {"NB104": "info"} from the start: the server must
  // apply them even though the first pull may arrive before its workspace/configuration answer.
  result.statusBefore = await step("2 problems as info", () =>
    poll("the nianbao status bar item with 2 infos", async () => {
      const s = await nianbaoStatus();
      const c = await icon();
      return s && /nianbao 2$/.test(s) && c && c.includes("codicon-info") ? s : undefined;
    }, 20000),
  );
  // A setting changed while the report is open (as a user would in the Settings editor; here
  // the workspace's .vscode/settings.json): VS Code tells the server, which asks for section
  // "nianbao" again. (code-server does not notice an outside write to the user settings file.)
  await step("set nianbao.severity", async () => {
    const settings = JSON.parse(readFileSync(env.NB_SETTINGS, "utf8"));
    settings["nianbao.severity"] = { NB104: "error" };
    writeFileSync(env.NB_SETTINGS, JSON.stringify(settings, null, 2));
  });
  result.statusIconBefore = await step("2 errors", () =>
    poll("the nianbao status bar item with 2 errors", async () => {
      const c = await icon();
      return (await nianbaoStatus()) === "nianbao 2" && c && c.includes("codicon-error") ? c : undefined;
    }, 20000),
  );
  result.problemsBefore = await step("the Problems panel lists them", async () => {
    await page.keyboard.press("Control+Shift+M");
    return poll("2 nianbao rows in the Problems panel", async () => {
      const rows = await problemRows();
      return rows.filter((r) => r.text.includes("NB104")).length >= 2 ? rows : undefined;
    });
  });
  await step("fix all", () => runCommand("nianbao: Fix All Safely Fixable Problems in This Report"));
  result.statusAfterFixAll = await step("no problems left", () =>
    poll("the nianbao status bar item without problems", async () => ((await nianbaoStatus()) === "nianbao" ? "nianbao" : undefined)),
  );
  await step("new report skeleton", async () => {
    await runCommand("nianbao: New Annual Report Skeleton");
    const box = page.locator(".quick-input-widget");
    const input = box.locator(".quick-input-box input");
    result.defaultYear = await poll("the year box", async () => {
      const v = await input.inputValue();
      return (await box.innerText()).includes("Year of the report") && /^\d{4}$/.test(v) ? v : undefined;
    });
    await page.keyboard.press("Enter");
    await poll("the organ box", async () => (await box.innerText()).includes("Name of the organ") && (await input.inputValue()) === "");
    await page.keyboard.type("某某县人民政府");
    await page.keyboard.press("Enter");
  });
  result.skeleton = await step("the skeleton in a new document", () =>
    poll("the skeleton's title in an editor", async () => {
      const lines = await visibleLines();
      const tab = (await page.locator(".tab.active").allInnerTexts()).join(" ");
      return lines.some((l) => l.startsWith("某某县人民政府") && l.endsWith("年政府信息公开工作年度报告")) && lines.includes("一、总体情况")
        ? { tab, lines: lines.slice(0, 6) }
        : undefined;
    }),
  );
  // a fresh skeleton never lints clean: sections 一, 五 and 六 hold only placeholders (NB107)
  result.statusSkeleton = await step("the skeleton's three empty sections", () =>
    poll("the nianbao status bar item with 3 problems", async () => ((await nianbaoStatus()) === "nianbao 3" ? "nianbao 3" : undefined)),
  );
  result.ok = true;
}

/** Set one setting in the workspace's .vscode/settings.json while VS Code runs. */
function setSetting(key, value) {
  const settings = JSON.parse(readFileSync(env.NB_SETTINGS, "utf8"));
  settings[key] = value;
  writeFileSync(env.NB_SETTINGS, JSON.stringify(settings, null, 2));
}

/** The nianbao rows of the Problems panel as "file: code line" (files from their header rows). */
async function problemsByFile() {
  const out = [];
  let file = "";
  for (const r of await panelRows()) {
    const m = r.text.match(/ nianbao (NB\d+) \[Ln (\d+), Col \d+\]$/);
    if (m) {
      out.push(`${file}: ${m[1]} ${m[2]}`);
    } else if (r.file !== null) {
      file = r.file;
    }
  }
  return out;
}

/** No report opened: "Lint All Reports in the Workspace" brings every report into the Problems
 * panel; nianbao.minimumSeverity then leaves the errors only. */
async function workspace() {
  await step("lint all reports", () => runCommand("nianbao: Lint All Reports in the Workspace"));
  const want = Number(env.NB_WANT_ROWS);
  result.problemsAll = await step("every report's problems in the Problems panel", () =>
    poll(`${want} nianbao rows in the Problems panel`, async () => {
      const rows = await problemsByFile();
      return rows.length === want ? rows : undefined;
    }, STEP_MS, true),
  );
  result.tabs = await page.locator(".tab").allInnerTexts();
  await page.screenshot({ path: env.NB_SHOT });
  await step("minimum severity error", () => setSetting("nianbao.minimumSeverity", "error"));
  const errors = Number(env.NB_WANT_ERRORS);
  result.problemsErrors = await step("only the errors left", () =>
    poll(`${errors} nianbao rows in the Problems panel`, async () => {
      const rows = await problemsByFile();
      result.lastRows = rows; // what the panel showed last, for a failure's report
      return rows.length === errors ? rows : undefined;
    }, STEP_MS, true),
  );
  result.ok = true;
}

/** nianbao.enable: false from the start (no server, no diagnostics), then true (the report's
 * problems), then false again (the server stops, its problems go). */
async function enable() {
  await step("open the report", () => quickOpen(FILE));
  const icon = () => page.locator(".statusbar-item:visible", { hasText: "nianbao" }).locator(".codicon").first().getAttribute("class");
  result.statusOff = await step("the status bar says off", () =>
    poll("the nianbao status bar item, turned off", async () => {
      const c = await icon();
      return (await nianbaoStatus()) === "nianbao" && c && c.includes("codicon-circle-slash")
        ? await page.locator(".statusbar-item:visible", { hasText: "nianbao" }).first().getAttribute("aria-label")
        : undefined;
    }),
  );
  await page.keyboard.press("Control+Shift+M");
  result.problemsOff = await problemRows();
  await step("turn it on", () => setSetting("nianbao.enable", true));
  result.problemsOn = await step("the report's problems", () =>
    poll("2 nianbao rows in the Problems panel", async () => {
      const rows = await problemRows();
      return rows.length === 2 ? rows : undefined;
    }, STEP_MS, true),
  );
  result.statusOn = await nianbaoStatus();
  await step("turn it off", () => setSetting("nianbao.enable", false));
  result.problemsOffAgain = await step("the problems go", () =>
    poll("no nianbao rows in the Problems panel", async () => {
      const rows = await problemRows();
      const c = await icon();
      return rows.length === 0 && c && c.includes("codicon-circle-slash") ? rows : undefined;
    }, STEP_MS, true),
  );
  result.ok = true;
}

async function main() {
  context = await step("launch chromium", () =>
    chromium.launchPersistentContext(env.NB_PROFILE, {
      executablePath: env.NB_CHROMIUM || "/usr/bin/chromium",
      headless: true,
      timeout: STEP_MS,
      viewport: { width: 1400, height: 860 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    }),
  );
  context.setDefaultTimeout(STEP_MS);
  page = context.pages()[0] ?? (await context.newPage());
  result.console = [];
  page.on("console", (m) => {
    if (m.type() === "error" && result.console.length < 50) result.console.push(m.text().slice(0, 300));
  });

  await step("load the workbench", async () => {
    await page.goto(`${env.NB_URL}/?folder=${encodeURIComponent(env.NB_FOLDER)}`, { timeout: STEP_MS });
    await page.locator(".monaco-workbench .part.statusbar").waitFor({ state: "visible", timeout: STEP_MS });
  });

  if (env.NB_MODE === "old-python") {
    return oldPython();
  }
  if (env.NB_MODE === "commands") {
    return commands();
  }
  if (env.NB_MODE === "workspace") {
    return workspace();
  }
  if (env.NB_MODE === "enable") {
    return enable();
  }

  await step("open the report", () => quickOpen(FILE));

  result.statusBefore = await step("nianbao's status shows 2 problems", () =>
    poll("the nianbao status bar item with 2 problems", async () => {
      const s = await nianbaoStatus();
      return s && /nianbao 2$/.test(s) ? s : undefined;
    }),
  );

  result.problemsBefore = await step("the Problems panel lists them", async () => {
    await page.keyboard.press("Control+Shift+M");
    return poll("2 nianbao rows in the Problems panel", async () => {
      const rows = await problemRows();
      return rows.filter((r) => r.text.includes("NB104")).length >= 2 ? rows : undefined;
    });
  });

  await step(`go to line ${LINE}`, () => goToLine(LINE));

  await step("hover and screenshot", async () => {
    // The hover over the squiggle: the diagnostic and the rule's explanation.
    await page.keyboard.press("Control+K");
    await page.keyboard.press("Control+I");
    result.hover = await poll("the hover", async () => {
      const h = page.locator(".monaco-hover:visible");
      const text = (await h.count()) ? await h.first().innerText() : "";
      // the marker's line first, then the server's hover (rule explanation, what 第五部分 is)
      return text.includes("NB104") && text.includes("条例第五十条") ? text.replace(/\s+/g, " ").slice(0, 600) : undefined;
    }, 15000).catch((e) => `no hover: ${e.message}`); // the hover is for the picture, not the test
    await page.screenshot({ path: env.NB_SHOT });
    await page.keyboard.press("Escape");
  });

  result.actions = await step("open the quick fix menu", async () => {
    await poll("the quick fix menu with the NB104 fix", async () => {
      if (!(await page.locator(".action-widget:visible").count())) {
        await page.keyboard.press("Control+.");
        await page.waitForTimeout(500);
      }
      const items = await page.locator(".action-widget:visible .monaco-list-row").allInnerTexts();
      if (!items.some((t) => t.includes("NB104"))) {
        await page.keyboard.press("Escape"); // "No code actions available" before the server answered: retry
        return false;
      }
      return true;
    });
    return page.locator(".action-widget .monaco-list-row").allInnerTexts();
  });

  await step("apply the fix", async () => {
    // With the keyboard, as an author would after Ctrl+. (the menu blocks pointer events
    // until the mouse moves): arrow down to the NB104 fix for this heading, Enter.
    const wanted = "改为“五、”（NB104）";
    await poll(`"${wanted}" focused in the menu`, async () => {
      const focused = await page.locator(".action-widget .monaco-list-row.focused").getAttribute("aria-label", { timeout: 2000 });
      if (focused === wanted) {
        return true;
      }
      await page.keyboard.press("ArrowDown");
      return false;
    }, 15000);
    await page.keyboard.press("Enter");
  });

  result.lineAfter = await step("the heading is fixed in the editor", () =>
    poll(`line ${LINE} to read ${FIXED}`, async () => (await visibleLines()).find((l) => l.trim() === FIXED)),
  );

  result.problemsAfter = await step("the diagnostic is gone", async () => {
    result.statusAfter = await poll("the nianbao status bar item with 1 problem", async () => {
      const s = await nianbaoStatus();
      return s && /nianbao 1$/.test(s) ? s : undefined;
    });
    return poll("1 nianbao row left in the Problems panel", async () => {
      const rows = await problemRows();
      return rows.length === 1 ? rows : undefined;
    });
  });

  await step("saved", async () => {
    // VS Code saves files changed by a workspace edit itself (files.refactoring.autoSave);
    // Ctrl+S in case that setting is off. Done when the fix is on disk.
    const file = join(env.NB_FOLDER, FILE);
    await poll("the fixed heading on disk", async () => {
      if (await page.locator(".tab.active.dirty").count()) {
        await page.keyboard.press("Control+S");
      }
      return readFileSync(file, "utf8").split(/\r?\n/)[LINE - 1] === FIXED;
    });
    await poll("the tab to be saved", async () => (await page.locator(".tab.active.dirty").count()) === 0);
  });

  result.ok = true;
}

const watchdog = setTimeout(() => {
  result.error = "the whole run took longer than 10 minutes";
  save();
  process.exit(2);
}, 600_000);

try {
  await main();
} catch (e) {
  result.error = `${result.current}: ${e && e.stack ? e.stack : e}`;
  if (page) {
    result.statusAtFailure = await statusTexts().catch(() => []);
    await page.screenshot({ path: `${env.NB_OUT}.failure.png` }).catch(() => undefined);
  }
} finally {
  save();
  if (context) {
    await context.close().catch(() => undefined);
  }
  clearTimeout(watchdog);
}
process.exit(result.ok ? 0 : 1);
