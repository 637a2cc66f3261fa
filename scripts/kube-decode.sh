#!/usr/bin/env bash
# Builds kube-decode, the test program that reads manifests exactly as kubectl does (cli-runtime's
# resource builder, apimachinery's YAML-or-JSON decoder, sigs.k8s.io/yaml), from the Kubernetes Go
# modules at the version the local kube-apiserver uses: never a downloaded binary.
# The differential test (test/kube-decode/differential.test.ts) compares eksguard with it.
# Also builds kubelet-decode, the kubelet's own config-file decoder (test/harness/kube-apiserver/
# kubelet-decode, a package of the kube-apiserver harness module: same Kubernetes version), for
# the differential test of kubelet configuration files (test/kube-decode/kubelet-config.test.ts).
#
#   scripts/kube-decode.sh build    build (or reuse) .cache/kube-decode/kube-decode and
#                                   .cache/kube-decode/kubelet-decode; prints their paths
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
MODULE_DIR=$REPO_ROOT/test/harness/kube-decode
OUT_DIR=${KUBE_DECODE_DIR:-$REPO_ROOT/.cache/kube-decode}
KUBELET_MODULE_DIR=$REPO_ROOT/test/harness/kube-apiserver

die() { printf '[kube-decode] ERROR: %s\n' "$*" >&2; exit 1; }

find_go() {
	if command -v go >/dev/null 2>&1; then command -v go
	elif [ -x /usr/local/go/bin/go ]; then printf '%s\n' /usr/local/go/bin/go
	else die "no Go toolchain: 'go' is not on PATH and /usr/local/go/bin/go does not exist"
	fi
}

# build_program NAME MODULE_DIR PACKAGE HASHED_FILES...: builds (or reuses) $OUT_DIR/NAME, prints its path
build_program() {
	local name=$1 module_dir=$2 package=$3
	shift 3
	local binary=$OUT_DIR/$name stamp=$OUT_DIR/$name.sha256 sum go
	sum=$(cat "$@" | sha256sum | cut -d' ' -f1)
	if [ -x "$binary" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ]; then
		printf '%s\n' "$binary"
		return 0
	fi
	go=$(find_go)
	printf '[kube-decode] building %s from %s\n' "$name" "$module_dir" >&2
	(cd "$module_dir" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" "$go" build -trimpath -ldflags "-s -w" -o "$binary.tmp" "$package") ||
		die "go build of $name failed (the first build downloads the Kubernetes modules from the Go module proxy)"
	mv "$binary.tmp" "$binary"
	printf '%s\n' "$sum" >"$stamp"
	printf '%s\n' "$binary"
}

case "${1:-}" in
build)
	mkdir -p "$OUT_DIR"
	build_program kube-decode "$MODULE_DIR" . "$MODULE_DIR"/go.mod "$MODULE_DIR"/go.sum "$MODULE_DIR"/*.go
	build_program kubelet-decode "$KUBELET_MODULE_DIR" ./kubelet-decode "$KUBELET_MODULE_DIR"/go.mod "$KUBELET_MODULE_DIR"/go.sum "$KUBELET_MODULE_DIR"/kubelet-decode/*.go
	;;
*)
	printf 'usage: %s build\n' "$0" >&2
	exit 2
	;;
esac
