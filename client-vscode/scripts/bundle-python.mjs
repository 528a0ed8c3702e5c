// npm run bundle-python: put the language server and its pure-Python dependencies into
// bundled/libs, which the .vsix carries (the extension adds it to PYTHONPATH).
//
// 1. exactly the wheels pinned in python-requirements.txt: py3-none-any only, hash-checked,
//    no dependency resolution (so the result is the same on every build machine);
// 2. the nianbao package itself, built from the repository root.
// The build Python is $NIANBAO_BUILD_PYTHON, else python3 / python on PATH (3.10+).

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(dirname(fileURLToPath(import.meta.url)));
const repo = resolve(here, "..");
const libs = join(here, "bundled", "libs");

function run(cmd, args, opts = {}) {
  console.log(`$ ${[cmd, ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, PIP_ROOT_USER_ACTION: "ignore" }, ...opts });
  if (r.error || r.status !== 0) {
    console.error(`bundle-python: ${cmd} failed (${r.error ? r.error.message : `exit ${r.status}`})`);
    process.exit(1);
  }
}

function findPython() {
  const names = process.env.NIANBAO_BUILD_PYTHON
    ? [process.env.NIANBAO_BUILD_PYTHON]
    : process.platform === "win32" ? ["python", "py"] : ["python3", "python"];
  for (const name of names) {
    const r = spawnSync(name, ["-c", "import sys; print(sys.version_info >= (3, 10))"], { encoding: "utf8" });
    if (!r.error && r.status === 0 && r.stdout.trim() === "True") {
      return name;
    }
  }
  console.error(`bundle-python: no Python 3.10+ found (tried ${names.join(", ")}); set NIANBAO_BUILD_PYTHON`);
  process.exit(1);
}

const python = findPython();
rmSync(libs, { recursive: true, force: true });
const pip = [
  "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--no-compile", "--no-warn-script-location",
  "--quiet",
  "--target", libs, "--no-deps",
];
// Pure wheels for any CPython ≥ 3.10 (tomli also ships compiled wheels; we want the portable one).
run(python, [...pip, "--only-binary=:all:", "--platform", "any", "--implementation", "py", "--python-version", "3.10",
  "--abi", "none", "--require-hashes", "-r", join(here, "python-requirements.txt")]);
// Built from a clean copy: an in-tree build would leave build/ and *.egg-info in the checkout,
// and a stale build/lib could slip deleted modules into the wheel.
const src = mkdtempSync(join(tmpdir(), "nianbao-bundle-"));
try {
  for (const entry of ["pyproject.toml", "README.md", "grammar", "server", "docs"]) {
    cpSync(join(repo, entry), join(src, entry), {
      recursive: true,
      filter: (p) => !/(__pycache__|\.pyc$)/.test(p),
    });
  }
  run(python, [...pip, src]);
} finally {
  rmSync(src, { recursive: true, force: true });
}
// Console scripts point at the build machine's Python: useless in the .vsix.
rmSync(join(libs, "bin"), { recursive: true, force: true });
for (const f of ["nianbao/server/cli.py", "nianbao/grammar/__init__.py", "nianbao/docs/rules.md",
  "nianbao/server/locale/zh/LC_MESSAGES/nianbao.mo", "pygls/__init__.py", "lsprotocol/types.py", "pathspec/__init__.py"]) {
  if (!existsSync(join(libs, f))) {
    console.error(`bundle-python: ${f} missing from ${libs}`);
    process.exit(1);
  }
}
console.log(`bundle-python: ${libs} ready`);
