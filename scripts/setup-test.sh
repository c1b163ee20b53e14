#!/usr/bin/env bash
# Test-only set-up beyond Python packages: npm packages for the extension and the editor test pages.
set -euo pipefail
cd "$(dirname "$0")/.."
for dir in extension tests/e2e/pages; do
  if [ -f "$dir/package.json" ]; then
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package.json" -nt "$dir/node_modules" ]; then
      (cd "$dir" && npm install --no-audit --no-fund --loglevel=error) && touch "$dir/node_modules"
    fi
    if grep -q '"build"' "$dir/package.json"; then (cd "$dir" && npm run --silent build); fi
  fi
done
