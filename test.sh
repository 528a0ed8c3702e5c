#!/usr/bin/env bash
# The whole test suite on a machine that has only Python 3.11+, Node 18+ and apt: installs what
# the tests drive (Neovim, Emacs + eglot, Chromium for code-server, pdftotext, w3m, tesseract) when missing,
# makes .venv, builds and packages the VS Code extension, then runs pytest. Extra arguments go
# to pytest. Exit status: pytest's, or non-zero at the first step that fails.
set -euo pipefail
cd "$(dirname "$0")"

apt_missing=()
need() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' || apt_missing+=("$1"); }
command -v nvim >/dev/null || need neovim               # tests/test_editors.py: Neovim's LSP client
command -v emacs >/dev/null || need emacs-nox           # … and Emacs with eglot
need elpa-eglot
command -v pdftotext >/dev/null || need poppler-utils   # tests/test_renderings.py: other tools' text
command -v w3m >/dev/null || need w3m
command -v tesseract >/dev/null || need tesseract-ocr     # tests/test_ocr_real.py: a scan read by OCR
need tesseract-ocr-chi-sim
# tests/test_vscode.py: Debian's Chromium drives code-server; ripgrep seeds its @vscode/ripgrep
# download; headers for its native modules; a CJK font for the screenshot
for pkg in chromium ripgrep libkrb5-dev pkg-config libx11-dev libxkbfile-dev libsecret-1-dev fonts-wqy-microhei; do
    need "$pkg"
done
if (( ${#apt_missing[@]} )); then
    echo "test.sh: installing with apt: ${apt_missing[*]}" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null; then
            echo "test.sh: error: these Debian packages are missing and I am not root and have no sudo:" >&2
            echo "    apt-get install --no-install-recommends ${apt_missing[*]}" >&2
            exit 2
        fi
        sudo="sudo"
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${apt_missing[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -e '.[test]'

# the VS Code extension: type-checked, unit-tested and packaged (the .vsix carries the server,
# built with this venv's Python); tests/test_vscode.py installs that .vsix into code-server
(
    cd client-vscode
    export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
    export NIANBAO_BUILD_PYTHON="$PWD/../.venv/bin/python"
    npm ci
    npm run typecheck
    npm test
    npm run package
)

# the real reports are part of the suite here: missing, it stops instead of skipping them
export NIANBAO_REQUIRE_SHARED=1
exec .venv/bin/python -m pytest -q "$@"
