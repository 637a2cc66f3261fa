#!/usr/bin/env bash
# Installs the system packages the test suite needs; CI (.ci/run) calls it before `npm ci`.
# Idempotent: a package already present is not installed again, and nothing is downloaded
# outside Debian's package archive (playwright-core never fetches its own browser builds).
set -euo pipefail

# Debian's chromium drives the HTML report test (src/reporters/html.test.ts, test/e2e/).
packages=(chromium)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-test-deps: already installed: ${packages[*]}"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}"
echo "install-test-deps: installed ${missing[*]}"
