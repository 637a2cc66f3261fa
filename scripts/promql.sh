#!/usr/bin/env bash
# Builds promql-parse (test/harness/promql: Prometheus's own PromQL parser, pinned with its
# checksums in that module's go.mod and go.sum) from the Go module proxy, never a downloaded
# binary, and caches it under .cache/promql. test/watch/monitoring.test.ts parses every alert and
# dashboard expression of deploy/watch/monitoring/ with it.
#
#   scripts/promql.sh build      build (or reuse) it; prints its absolute path on stdout
#
# Environment: PROMQL_CACHE_DIR (default <repo>/.cache/promql). Everything but the path goes to stderr.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
MODULE_DIR=$REPO_ROOT/test/harness/promql
OUT_DIR=${PROMQL_CACHE_DIR:-$REPO_ROOT/.cache/promql}

log() { printf '[promql] %s\n' "$*" >&2; }
die() { printf '[promql] ERROR: %s\n' "$*" >&2; exit 1; }

find_go() {
	if command -v go >/dev/null 2>&1; then command -v go
	elif [ -x /usr/local/go/bin/go ]; then printf '%s\n' /usr/local/go/bin/go
	else die "no Go toolchain: 'go' is not on PATH and /usr/local/go/bin/go does not exist"
	fi
}

case "${1:-}" in
build)
	binary=$OUT_DIR/promql-parse
	stamp=$binary.sha256
	sum=$(cat "$MODULE_DIR/go.mod" "$MODULE_DIR/go.sum" "$MODULE_DIR/main.go" | sha256sum | cut -d' ' -f1)
	if [ -x "$binary" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ]; then
		printf '%s\n' "$binary"
		exit 0
	fi
	go=$(find_go)
	mkdir -p "$OUT_DIR"
	build_log=$OUT_DIR/build.log
	log "building promql-parse from the Go module proxy (log: $build_log)"
	tmp=$binary.tmp.$$
	if ! (cd "$MODULE_DIR" && CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" "$go" build -trimpath -ldflags "-s -w" -o "$tmp" .) >"$build_log" 2>&1; then
		rm -f "$tmp"
		tail -n 30 "$build_log" >&2
		die "go build failed (full log: $build_log)"
	fi
	mv -f "$tmp" "$binary"
	printf '%s\n' "$sum" >"$stamp"
	printf '%s\n' "$binary"
	;;
*)
	printf 'usage: %s build\n' "$0" >&2
	exit 2
	;;
esac
