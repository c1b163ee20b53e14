#!/usr/bin/env bash
# Test-only set-up beyond Python packages: npm packages for the extension and the editor test pages.
set -euo pipefail
cd "$(dirname "$0")/.."
# Node and npm build the test pages and run the extension's JS tests. Install them from Debian only when
# missing: a machine with another Node (e.g. NodeSource's nodejs, which bundles npm) is left alone.
if ! command -v npm >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "klarsvar: installing nodejs and npm (apt) for the extension's tests"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  else
    echo "klarsvar: please install Node.js (18 or newer) with npm to run the extension's tests" >&2
    exit 0
  fi
fi
for dir in extension tests/e2e/pages tests/e2e/firefox; do
  if [ -f "$dir/package.json" ]; then
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package.json" -nt "$dir/node_modules" ]; then
      (cd "$dir" && npm install --no-audit --no-fund --loglevel=error) && touch "$dir/node_modules"
    fi
    if grep -q '"build"' "$dir/package.json"; then (cd "$dir" && npm run --silent build); fi
  fi
done
