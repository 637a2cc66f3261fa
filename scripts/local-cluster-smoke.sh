#!/usr/bin/env bash
# shellcheck disable=SC2015 # "check && ok ... || bad ...": ok never fails
# Smoke check for scripts/local-cluster.sh: start the local cluster, talk to it over
# REST with curl and the admin client certificate, then stop it. Not a test framework:
# prints one line per check and a closing "smoke: N passed, N failed" line.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LC=$SCRIPT_DIR/local-cluster.sh

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   - $*"; }
bad() { failed=$((failed + 1)); echo "FAIL - $*"; }

cleanup() {
	"$LC" stop || bad "local-cluster.sh stop"
}
trap cleanup EXIT

t0=$(date +%s.%N)
export_line=$("$LC" start)
t1=$(date +%s.%N)
start_secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
if [[ "$export_line" =~ ^export\ KUBECONFIG=/.+/kubeconfig$ ]] && [ "$(printf '%s\n' "$export_line" | wc -l)" -eq 1 ]; then
	ok "start printed exactly one line: $export_line (${start_secs}s)"
else
	bad "start output was not a single 'export KUBECONFIG=<abs path>' line: '$export_line'"
fi
eval "$export_line"
[ -s "$KUBECONFIG" ] && ok "kubeconfig exists at $KUBECONFIG" || bad "kubeconfig missing at $KUBECONFIG"

# LOCAL_CLUSTER_SERVER, LOCAL_CLUSTER_CA_CERT, LOCAL_CLUSTER_CLIENT_CERT, ... of the running cluster
eval "$("$LC" env)"
CURL=(curl -sS --max-time 20 --cacert "$LOCAL_CLUSTER_CA_CERT" --cert "$LOCAL_CLUSTER_CLIENT_CERT" --key "$LOCAL_CLUSTER_CLIENT_KEY")

# idempotent start: same line, same server, no restart
apiserver_pid=$(cat "$(dirname "$KUBECONFIG")/kube-apiserver.pid")
again=$("$LC" start)
if [ "$again" = "$export_line" ] && [ "$(cat "$(dirname "$KUBECONFIG")/kube-apiserver.pid")" = "$apiserver_pid" ]; then
	ok "second start reused the running cluster"
else
	bad "second start printed '$again' or restarted kube-apiserver"
fi

version=$("${CURL[@]}" "$LOCAL_CLUSTER_SERVER/version" || true)
if grep -q "\"gitVersion\": *\"$LOCAL_CLUSTER_K8S_VERSION\"" <<<"$version"; then
	ok "GET /version reports $LOCAL_CLUSTER_K8S_VERSION"
else
	bad "GET /version: $version"
fi

ns=smoke-$(date +%s)-$$
code=$("${CURL[@]}" -o /tmp/local-cluster-smoke.$$ -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
	--data "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"$ns\"}}" \
	"$LOCAL_CLUSTER_SERVER/api/v1/namespaces" || true)
[ "$code" = 201 ] && ok "POST /api/v1/namespaces created $ns" || bad "POST namespace: HTTP $code $(cat /tmp/local-cluster-smoke.$$ 2>/dev/null)"

list=$("${CURL[@]}" "$LOCAL_CLUSTER_SERVER/api/v1/namespaces" || true)
grep -q "\"name\": *\"$ns\"" <<<"$list" && ok "GET /api/v1/namespaces lists $ns" || bad "namespace $ns not listed"

# ServiceAccount token issuance (TokenRequest; no controller-manager is running)
code=$("${CURL[@]}" -o /tmp/local-cluster-smoke.$$ -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
	--data '{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"smoke"}}' \
	"$LOCAL_CLUSTER_SERVER/api/v1/namespaces/$ns/serviceaccounts" || true)
[ "$code" = 201 ] || bad "POST serviceaccount: HTTP $code $(cat /tmp/local-cluster-smoke.$$ 2>/dev/null)"
tokenresp=$("${CURL[@]}" -X POST -H 'Content-Type: application/json' \
	--data '{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":600}}' \
	"$LOCAL_CLUSTER_SERVER/api/v1/namespaces/$ns/serviceaccounts/smoke/token" || true)
token=$(sed -n 's/.*"token": *"\([^"]*\)".*/\1/p' <<<"$tokenresp" | head -n 1)
if [ -n "$token" ]; then
	# the token authenticates as the service account (RBAC then forbids listing namespaces)
	code=$(curl -sS --max-time 20 -o /tmp/local-cluster-smoke.$$ -w '%{http_code}' --cacert "$LOCAL_CLUSTER_CA_CERT" \
		-H "Authorization: Bearer $token" "$LOCAL_CLUSTER_SERVER/api/v1/namespaces" || true)
	if [ "$code" = 403 ] && grep -q "system:serviceaccount:$ns:smoke" /tmp/local-cluster-smoke.$$; then
		ok "TokenRequest token authenticates as system:serviceaccount:$ns:smoke (RBAC: 403 on list namespaces)"
	else
		bad "service-account token: HTTP $code $(cat /tmp/local-cluster-smoke.$$)"
	fi
else
	bad "TokenRequest returned no token: $tokenresp"
fi
rm -f /tmp/local-cluster-smoke.$$

trap - EXIT
pids=$(cat "$(dirname "$KUBECONFIG")"/*.pid 2>/dev/null || true)
"$LC" stop && ok "stop" || bad "stop"
left=""
for p in $pids; do
	if [ -d "/proc/$p" ] && ! grep -q '^State:\s*Z' "/proc/$p/status" 2>/dev/null; then left+=" $p"; fi
done
[ -z "$left" ] && ok "no kube-apiserver/etcd process left after stop" || bad "still running after stop:$left"
status=$("$LC" status || true)
[ "$status" = stopped ] && ok "status reports stopped" || bad "status after stop: $status"

echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
