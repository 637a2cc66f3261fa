#!/usr/bin/env bash
# Builds the Helm CLI from its published Go module (helm.sh/helm/v4, pinned with its checksums in
# test/harness/helm/go.mod and go.sum), never a downloaded binary, and caches it under .cache/helm.
# eksguard's tests render real charts with it (src/sources/render/); anything else in the project
# that needs a Helm (a chart of eksguard itself, for example) can take the path it prints.
#
#   scripts/helm.sh build      build (or reuse) the pinned helm; prints its absolute path on stdout
#   scripts/helm.sh version    prints the pinned Helm version (from the wrapper module's go.mod)
#
# Environment: HELM_CACHE_DIR (default <repo>/.cache/helm). Everything but the path goes to stderr.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
MODULE_DIR=$REPO_ROOT/test/harness/helm
OUT_DIR=${HELM_CACHE_DIR:-$REPO_ROOT/.cache/helm}

log() { printf '[helm] %s\n' "$*" >&2; }
die() { printf '[helm] ERROR: %s\n' "$*" >&2; exit 1; }

find_go() {
	if command -v go >/dev/null 2>&1; then command -v go
	elif [ -x /usr/local/go/bin/go ]; then printf '%s\n' /usr/local/go/bin/go
	else die "no Go toolchain: 'go' is not on PATH and /usr/local/go/bin/go does not exist (Go >= 1.26 builds Helm 4)"
	fi
}

# The single source of truth for the version: the wrapper module's requirement.
helm_version() {
	awk '$1 == "helm.sh/helm/v4" && $2 ~ /^v/ { print $2; exit } $1 == "require" && $2 == "helm.sh/helm/v4" { print $3; exit }' "$MODULE_DIR/go.mod"
}

case "${1:-}" in
build)
	version=$(helm_version)
	[ -n "$version" ] || die "cannot read the helm.sh/helm/v4 version from $MODULE_DIR/go.mod"
	binary=$OUT_DIR/helm-$version
	stamp=$binary.sha256
	sum=$(cat "$MODULE_DIR/go.mod" "$MODULE_DIR/go.sum" | sha256sum | cut -d' ' -f1)
	if [ -x "$binary" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ] && "$binary" version --short >/dev/null 2>&1; then
		printf '%s\n' "$binary"
		exit 0
	fi
	go=$(find_go)
	mkdir -p "$OUT_DIR"
	build_log=$OUT_DIR/build-$version.log
	log "building helm $version from the Go module proxy (cold: a few minutes; log: $build_log)"
	# Helm's own Makefile sets the version this way; without it `helm version` says only "v4.N".
	ldflags="-s -w -X helm.sh/helm/v4/internal/version.version=$version -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
	tmp=$binary.tmp.$$
	if ! (cd "$MODULE_DIR" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" "$go" build -trimpath -ldflags "$ldflags" -o "$tmp" helm.sh/helm/v4/cmd/helm) >"$build_log" 2>&1; then
		rm -f "$tmp"
		tail -n 30 "$build_log" >&2
		die "go build failed (full log: $build_log)"
	fi
	mv -f "$tmp" "$binary"
	printf '%s\n' "$sum" >"$stamp"
	log "built $("$binary" version --short)"
	printf '%s\n' "$binary"
	;;
version)
	helm_version
	;;
*)
	printf 'usage: %s build|version\n' "$0" >&2
	exit 2
	;;
esac
