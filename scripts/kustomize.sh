#!/usr/bin/env bash
# A Kustomize for eksguard's tests and for anyone rendering overlays: the machine's kubectl (its
# `kubectl kustomize` embeds kustomize) when it has one, else kustomize built from its published Go
# module (sigs.k8s.io/kustomize/kustomize/v5, pinned with its checksums in
# test/harness/kustomize/go.mod and go.sum), never a downloaded binary, cached under .cache/kustomize.
#
#   scripts/kustomize.sh build          prints the executable to use: kubectl from PATH, or the built kustomize
#   scripts/kustomize.sh build-module   builds (or reuses) the pinned kustomize, whatever is on PATH; prints its path
#   scripts/kustomize.sh version        prints the pinned kustomize version
#
# eksguard tells the two apart by name: `kubectl kustomize DIR` or `kustomize build DIR`.
# Environment: KUSTOMIZE_CACHE_DIR (default <repo>/.cache/kustomize). Only the path goes to stdout.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
MODULE_DIR=$REPO_ROOT/test/harness/kustomize
OUT_DIR=${KUSTOMIZE_CACHE_DIR:-$REPO_ROOT/.cache/kustomize}
MODULE=sigs.k8s.io/kustomize/kustomize/v5

log() { printf '[kustomize] %s\n' "$*" >&2; }
die() { printf '[kustomize] ERROR: %s\n' "$*" >&2; exit 1; }

find_go() {
	if command -v go >/dev/null 2>&1; then command -v go
	elif [ -x /usr/local/go/bin/go ]; then printf '%s\n' /usr/local/go/bin/go
	else die "no kubectl on PATH and no Go toolchain to build kustomize ('go' is not on PATH and /usr/local/go/bin/go does not exist)"
	fi
}

pinned_version() {
	awk -v m="$MODULE" '$1 == m && $2 ~ /^v/ { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' "$MODULE_DIR/go.mod"
}

build_module() {
	version=$(pinned_version)
	[ -n "$version" ] || die "cannot read the $MODULE version from $MODULE_DIR/go.mod"
	binary=$OUT_DIR/$version/kustomize
	stamp=$binary.sha256
	sum=$(cat "$MODULE_DIR/go.mod" "$MODULE_DIR/go.sum" | sha256sum | cut -d' ' -f1)
	if [ -x "$binary" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ] && "$binary" version >/dev/null 2>&1; then
		printf '%s\n' "$binary"
		return 0
	fi
	go=$(find_go)
	mkdir -p "$(dirname "$binary")"
	build_log=$OUT_DIR/build-$version.log
	log "building kustomize $version from the Go module proxy (log: $build_log)"
	tmp=$binary.tmp.$$
	if ! (cd "$MODULE_DIR" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" "$go" build -trimpath -ldflags "-s -w -X sigs.k8s.io/kustomize/api/provenance.version=$version" -o "$tmp" "$MODULE") >"$build_log" 2>&1; then
		rm -f "$tmp"
		tail -n 30 "$build_log" >&2
		die "go build failed (full log: $build_log)"
	fi
	mv -f "$tmp" "$binary"
	printf '%s\n' "$sum" >"$stamp"
	printf '%s\n' "$binary"
}

case "${1:-}" in
build)
	if kubectl=$(command -v kubectl 2>/dev/null) && "$kubectl" kustomize --help >/dev/null 2>&1; then
		printf '%s\n' "$kubectl"
	else
		build_module
	fi
	;;
build-module) build_module ;;
version) pinned_version ;;
*)
	printf 'usage: %s build|build-module|version\n' "$0" >&2
	exit 2
	;;
esac
