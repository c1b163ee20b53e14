#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/system-packages-<kind>.txt when they are missing.
# kind: runtime (what the server uses) or test (what the test suite adds).
set -euo pipefail
kind="${1:?usage: setup-system.sh runtime|test}"
list="$(dirname "$0")/system-packages-${kind}.txt"
[ -f "$list" ] || exit 0
mapfile -t wanted < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$list" | awk '{print $1}')
[ "${#wanted[@]}" -gt 0 ] || exit 0
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ "${#missing[@]}" -gt 0 ] || exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "klarsvar: please install these packages with your system's package manager: ${missing[*]}" >&2
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "klarsvar: installing ${missing[*]} (apt)"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
