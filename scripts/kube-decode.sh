#!/usr/bin/env bash
# Builds kube-decode, the test program that reads manifests exactly as kubectl does (cli-runtime's
# resource builder, apimachinery's YAML-or-JSON decoder, sigs.k8s.io/yaml), from the Kubernetes Go
# modules at the version the local kube-apiserver uses: never a downloaded binary.
# The differential test (src/sources/manifests/kube-decode.test.ts) compares eksguard with it.
#
#   scripts/kube-decode.sh build    build (or reuse) .cache/kube-decode/kube-decode; prints its path
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
MODULE_DIR=$REPO_ROOT/test/harness/kube-decode
OUT_DIR=${KUBE_DECODE_DIR:-$REPO_ROOT/.cache/kube-decode}
BINARY=$OUT_DIR/kube-decode
STAMP=$OUT_DIR/source.sha256

die() { printf '[kube-decode] ERROR: %s\n' "$*" >&2; exit 1; }

find_go() {
	if command -v go >/dev/null 2>&1; then command -v go
	elif [ -x /usr/local/go/bin/go ]; then printf '%s\n' /usr/local/go/bin/go
	else die "no Go toolchain: 'go' is not on PATH and /usr/local/go/bin/go does not exist"
	fi
}

case "${1:-}" in
build)
	mkdir -p "$OUT_DIR"
	sum=$(cat "$MODULE_DIR"/go.mod "$MODULE_DIR"/go.sum "$MODULE_DIR"/*.go | sha256sum | cut -d' ' -f1)
	if [ -x "$BINARY" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$sum" ]; then
		printf '%s\n' "$BINARY"
		exit 0
	fi
	go=$(find_go)
	printf '[kube-decode] building from %s\n' "$MODULE_DIR" >&2
	(cd "$MODULE_DIR" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" "$go" build -trimpath -o "$BINARY.tmp" .) ||
		die "go build failed (the first build downloads the Kubernetes modules from the Go module proxy)"
	mv "$BINARY.tmp" "$BINARY"
	printf '%s\n' "$sum" >"$STAMP"
	printf '%s\n' "$BINARY"
	;;
*)
	printf 'usage: %s build\n' "$0" >&2
	exit 2
	;;
esac
