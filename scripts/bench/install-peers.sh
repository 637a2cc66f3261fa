#!/usr/bin/env bash
# Builds the peer tools that `npm run bench -- --peers` runs side by side with eksguard.
# Only from package registries: kube-score from the Go module proxy, Checkov from PyPI.
# (kube-linter and Polaris are not served by this machine's Go proxy.)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
peers="$root/.cache/peers"
mkdir -p "$peers/bin"
KUBE_SCORE_VERSION="${KUBE_SCORE_VERSION:-v1.20.0}"
CHECKOV_VERSION="${CHECKOV_VERSION:-3.3.30}"
if [ ! -x "$peers/bin/kube-score" ]; then
  echo "building kube-score $KUBE_SCORE_VERSION" >&2
  GOBIN="$peers/bin" go install "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION"
fi
if [ ! -x "$peers/venv/bin/checkov" ]; then
  echo "installing checkov $CHECKOV_VERSION" >&2
  python3 -m venv "$peers/venv"
  "$peers/venv/bin/pip" install -q "checkov==$CHECKOV_VERSION"
fi
echo "peers ready in $peers" >&2
