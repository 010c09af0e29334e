#!/usr/bin/env bash
# Install what the browser tests (tests/browser, marked `browser`) need besides the
# Python packages: Debian's Chromium at /usr/bin/chromium. Safe to run again: it does
# nothing when Chromium is already there. Playwright itself comes with the test extra
# (pip install -e '.[test]'); `playwright install` is not needed and not used.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

version() {
    "$CHROMIUM" --version 2>/dev/null || echo "version unknown"
}

# Run a command as root, through sudo when we are not root, saying what runs.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        echo "+ $*"
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        echo "+ sudo $*"
        sudo "$@"
    else
        echo "error: not root and sudo is not available: run this script as root" >&2
        exit 1
    fi
}

if [ -x "$CHROMIUM" ]; then
    echo "chromium: already installed at $CHROMIUM ($(version)); nothing to do"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: apt-get not found; install Chromium some other way so that $CHROMIUM exists" >&2
    exit 1
fi

echo "chromium: not found at $CHROMIUM; installing Debian's chromium package"
as_root apt-get update
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

if [ ! -x "$CHROMIUM" ]; then
    echo "error: the chromium package is installed but $CHROMIUM is missing" >&2
    exit 1
fi
echo "chromium: installed at $CHROMIUM ($(version))"
