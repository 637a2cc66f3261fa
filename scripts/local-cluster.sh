#!/usr/bin/env bash
# Local Kubernetes control plane for tests: a real kube-apiserver (built from the
# Kubernetes Go modules, never downloaded as a binary) and etcd, on 127.0.0.1.
#
#   scripts/local-cluster.sh build    build (or reuse cached) kube-apiserver and etcd
#   scripts/local-cluster.sh start    build if needed, start etcd + kube-apiserver, print
#                                     exactly one line on stdout: export KUBECONFIG=<path>
#   scripts/local-cluster.sh stop     stop kube-apiserver and etcd (nothing left running)
#   scripts/local-cluster.sh status   report state (exit 0 running, 3 stopped, 1 degraded)
#   scripts/local-cluster.sh env      print the shell variables of a running cluster
#   scripts/local-cluster.sh clean    stop and delete the run directory (keeps binaries)
#
# Typical use:  eval "$(scripts/local-cluster.sh start)"; ...; scripts/local-cluster.sh stop
# Everything except that single line goes to stderr or to log files.
# See docs/local-cluster.md for flags, paths, environment variables and troubleshooting.
set -euo pipefail

log() { printf '[local-cluster] %s\n' "$*" >&2; }
die() { printf '[local-cluster] ERROR: %s\n' "$*" >&2; exit 1; }

abspath() { # abspath PATH -> absolute path (need not exist)
	case "$1" in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s/%s\n' "$(pwd)" "$1" ;;
	esac
}

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
APISERVER_MODULE_DIR=$REPO_ROOT/test/harness/kube-apiserver
ETCD_MODULE_DIR=$APISERVER_MODULE_DIR/etcd

CACHE_DIR=$(abspath "${LOCAL_CLUSTER_CACHE_DIR:-$REPO_ROOT/.cache/local-cluster}")
BIN_DIR=$(abspath "${LOCAL_CLUSTER_BIN_DIR:-$CACHE_DIR/bin}")
RUN_DIR=$(abspath "${LOCAL_CLUSTER_RUN_DIR:-$CACHE_DIR/run}")
PKI_DIR=$RUN_DIR/pki
LOG_DIR=$RUN_DIR/logs
BUILD_LOG_DIR=$BIN_DIR/logs
KUBECONFIG_PATH=$RUN_DIR/kubeconfig
STATE_FILE=$RUN_DIR/cluster.env
ETCD_PID_FILE=$RUN_DIR/etcd.pid
APISERVER_PID_FILE=$RUN_DIR/kube-apiserver.pid
LOCK_FILE=$CACHE_DIR/.lock

# debian: Debian's etcd-server package (etcd 3.4.x on bookworm; below the floor that
# Kubernetes 1.34 documents, runs in a degraded-but-working mode);
# build: etcd 3.6.x built from test/harness/kube-apiserver/etcd (adds a short build);
# auto: debian if apt-get or /usr/bin/etcd is there, else build.
ETCD_SOURCE=${LOCAL_CLUSTER_ETCD:-auto}
START_TIMEOUT=${LOCAL_CLUSTER_START_TIMEOUT:-180}
STOP_TIMEOUT=${LOCAL_CLUSTER_STOP_TIMEOUT:-30}
SERVICE_ACCOUNT_ISSUER=${LOCAL_CLUSTER_SA_ISSUER:-https://kubernetes.default.svc.cluster.local}
SERVICE_CLUSTER_IP_RANGE=${LOCAL_CLUSTER_SERVICE_CIDR:-10.0.0.0/24}
ENABLE_ADMISSION_PLUGINS=${LOCAL_CLUSTER_ENABLE_ADMISSION_PLUGINS-NodeRestriction}
DISABLE_ADMISSION_PLUGINS=${LOCAL_CLUSTER_DISABLE_ADMISSION_PLUGINS-ServiceAccount}
AUTHORIZATION_MODE=${LOCAL_CLUSTER_AUTHORIZATION_MODE:-Node,RBAC}
# what a running cluster must match for 'start' to reuse it (otherwise it restarts)
CONFIG_KEY="args=${LOCAL_CLUSTER_APISERVER_ARGS:-}|enable=$ENABLE_ADMISSION_PLUGINS|disable=$DISABLE_ADMISSION_PLUGINS"
CONFIG_KEY+="|authz=$AUTHORIZATION_MODE|issuer=$SERVICE_ACCOUNT_ISSUER|cidr=$SERVICE_CLUSTER_IP_RANGE|etcd=$ETCD_SOURCE"

# ---------------------------------------------------------------------------
# prerequisites

GO=""
find_go() {
	if [ -n "$GO" ]; then return 0; fi
	if command -v go >/dev/null 2>&1; then
		GO=$(command -v go)
	elif [ -x /usr/local/go/bin/go ]; then
		GO=/usr/local/go/bin/go
	else
		die "no Go toolchain: 'go' is not on PATH and /usr/local/go/bin/go does not exist (Go >= 1.26 is needed to build kube-apiserver)"
	fi
}

go_env() { # run go with the pinned, offline-toolchain, static build environment
	find_go
	GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" "$GO" "$@"
}

APT_UPDATED=0
apt_install() { # apt_install PKG...
	command -v apt-get >/dev/null 2>&1 || die "missing packages ($*) and no apt-get to install them; install them by hand"
	local sudo=()
	if [ "$(id -u)" -ne 0 ]; then
		command -v sudo >/dev/null 2>&1 || die "missing packages ($*): run as root or install them by hand"
		sudo=(sudo -n)
	fi
	mkdir -p "$BUILD_LOG_DIR"
	local apt_log=$BUILD_LOG_DIR/apt.log
	log "installing Debian packages: $* (log: $apt_log)"
	if [ "$APT_UPDATED" -eq 0 ]; then
		"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update >>"$apt_log" 2>&1 || { tail -n 20 "$apt_log" >&2; die "apt-get update failed"; }
		APT_UPDATED=1
	fi
	DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "$@" >>"$apt_log" 2>&1 ||
		{ tail -n 20 "$apt_log" >&2; die "apt-get install $* failed"; }
}

ensure_tools() {
	local missing=()
	command -v openssl >/dev/null 2>&1 || missing+=(openssl)
	command -v curl >/dev/null 2>&1 || missing+=(curl ca-certificates)
	command -v setsid >/dev/null 2>&1 || missing+=(util-linux)
	command -v flock >/dev/null 2>&1 || missing+=(util-linux)
	if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
}

# ---------------------------------------------------------------------------
# versions (single source of truth: the wrapper modules' go.mod files)

module_require_version() { # module_require_version GO_MOD_FILE MODULE_PATH
	awk -v m="$2" '
		$1 == "require" && $2 == m { print $3; exit }
		$1 == m && $2 ~ /^v/ && $3 != "=>" { print $2; exit }
	' "$1"
}

K8S_VERSION=""
ETCD_BUILD_VERSION=""
read_versions() {
	[ -f "$APISERVER_MODULE_DIR/go.mod" ] || die "missing $APISERVER_MODULE_DIR/go.mod"
	K8S_VERSION=$(module_require_version "$APISERVER_MODULE_DIR/go.mod" k8s.io/kubernetes)
	[ -n "$K8S_VERSION" ] || die "cannot read the k8s.io/kubernetes version from $APISERVER_MODULE_DIR/go.mod"
	if [ -f "$ETCD_MODULE_DIR/go.mod" ]; then
		ETCD_BUILD_VERSION=$(module_require_version "$ETCD_MODULE_DIR/go.mod" go.etcd.io/etcd/server/v3)
	fi
}

# ---------------------------------------------------------------------------
# build

APISERVER_BIN=""
ETCD_BIN=""
ETCD_VERSION=""

build_kube_apiserver() {
	read_versions
	APISERVER_BIN=$BIN_DIR/kube-apiserver-$K8S_VERSION
	if [ -x "$APISERVER_BIN" ] && "$APISERVER_BIN" --version >/dev/null 2>&1; then
		log "kube-apiserver $K8S_VERSION: using cached $APISERVER_BIN"
		return 0
	fi
	find_go
	mkdir -p "$BIN_DIR" "$BUILD_LOG_DIR"
	local build_log=$BUILD_LOG_DIR/build-kube-apiserver-$K8S_VERSION.log
	local minor=${K8S_VERSION#v1.}
	minor=${minor%%.*}
	local ldflags="-s -w"
	ldflags+=" -X 'k8s.io/component-base/version.gitVersion=$K8S_VERSION'"
	ldflags+=" -X 'k8s.io/component-base/version.gitMajor=1'"
	ldflags+=" -X 'k8s.io/component-base/version.gitMinor=$minor'"
	ldflags+=" -X 'k8s.io/component-base/version.gitTreeState=clean'"
	ldflags+=" -X 'k8s.io/component-base/version.buildDate=1970-01-01T00:00:00Z'"
	ldflags+=" -X 'k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION'"
	log "building kube-apiserver $K8S_VERSION with $("$GO" version | awk '{print $3}') (cold: ~7 min on 2 idle cores, ~30 min on a loaded machine, ~3.5 GB of Go caches; warm Go cache: ~25 s). log: $build_log"
	local t0=$SECONDS tmp=$APISERVER_BIN.tmp.$$
	if ! (cd "$APISERVER_MODULE_DIR" && go_env build -trimpath -ldflags "$ldflags" -o "$tmp" k8s.io/kubernetes/cmd/kube-apiserver) >"$build_log" 2>&1; then
		rm -f "$tmp"
		tail -n 40 "$build_log" >&2
		die "kube-apiserver build failed (full log: $build_log)"
	fi
	mv -f "$tmp" "$APISERVER_BIN"
	log "built $APISERVER_BIN in $((SECONDS - t0))s ($("$APISERVER_BIN" --version))"
}

build_etcd_from_modules() {
	read_versions
	[ -n "$ETCD_BUILD_VERSION" ] || die "cannot read the go.etcd.io/etcd/server/v3 version from $ETCD_MODULE_DIR/go.mod"
	ETCD_BIN=$BIN_DIR/etcd-$ETCD_BUILD_VERSION
	ETCD_VERSION=$ETCD_BUILD_VERSION
	if [ -x "$ETCD_BIN" ] && "$ETCD_BIN" --version >/dev/null 2>&1; then
		log "etcd $ETCD_BUILD_VERSION: using cached $ETCD_BIN"
		return 0
	fi
	find_go
	mkdir -p "$BIN_DIR" "$BUILD_LOG_DIR"
	local build_log=$BUILD_LOG_DIR/build-etcd-$ETCD_BUILD_VERSION.log
	log "building etcd $ETCD_BUILD_VERSION from Go modules (cold: ~1.5-5 min). log: $build_log"
	local t0=$SECONDS tmp=$ETCD_BIN.tmp.$$
	if ! (cd "$ETCD_MODULE_DIR" && go_env build -trimpath -ldflags "-s -w" -o "$tmp" go.etcd.io/etcd/server/v3) >"$build_log" 2>&1; then
		rm -f "$tmp"
		tail -n 40 "$build_log" >&2
		die "etcd build failed (full log: $build_log)"
	fi
	mv -f "$tmp" "$ETCD_BIN"
	log "built $ETCD_BIN in $((SECONDS - t0))s"
}

debian_etcd_version() {
	dpkg-query -W -f='${Status} ${Version}\n' etcd-server 2>/dev/null | awk '$3 == "installed" { print $4 }'
}

use_debian_etcd() {
	if [ -z "$(debian_etcd_version)" ] || [ ! -x /usr/bin/etcd ]; then
		# Debian's postinst tries to start a system etcd on 2379 where systemd/init runs;
		# our instance uses its own ports, so that does not interfere.
		apt_install etcd-server
	fi
	[ -x /usr/bin/etcd ] || die "etcd-server is installed but /usr/bin/etcd is missing"
	ETCD_BIN=/usr/bin/etcd
	ETCD_VERSION=$("$ETCD_BIN" --version 2>/dev/null | awk '/^etcd Version:/ { print "v" $3 }')
	[ -n "$ETCD_VERSION" ] || ETCD_VERSION="debian-$(debian_etcd_version)"
	log "etcd $ETCD_VERSION: using Debian's etcd-server ($ETCD_BIN)"
}

resolve_etcd() {
	case "$ETCD_SOURCE" in
	debian) use_debian_etcd ;;
	build) build_etcd_from_modules ;;
	auto)
		if [ -x /usr/bin/etcd ] && [ -n "$(debian_etcd_version)" ]; then
			use_debian_etcd
		elif command -v apt-get >/dev/null 2>&1; then
			use_debian_etcd
		else
			build_etcd_from_modules
		fi
		;;
	*) die "LOCAL_CLUSTER_ETCD must be auto, debian or build (got '$ETCD_SOURCE')" ;;
	esac
}

cmd_build() {
	with_lock
	ensure_tools
	build_kube_apiserver
	resolve_etcd
}

# ---------------------------------------------------------------------------
# locking: one build/start/stop at a time per cache dir (fd 9; closed for daemons)

LOCKED=0
with_lock() {
	if [ "$LOCKED" -eq 1 ]; then return 0; fi
	command -v flock >/dev/null 2>&1 || die "flock (util-linux) is required"
	mkdir -p "$CACHE_DIR"
	exec 9>"$LOCK_FILE"
	if ! flock -n 9; then
		log "waiting for another local-cluster.sh invocation (lock $LOCK_FILE)"
		flock -w 3600 9 || die "timed out waiting for $LOCK_FILE"
	fi
	LOCKED=1
}

# ---------------------------------------------------------------------------
# PKI (openssl)

pki_valid() {
	local f
	for f in ca.crt ca.key apiserver.crt apiserver.key admin.crt admin.key sa.key sa.pub webhook.crt webhook.key; do
		[ -s "$PKI_DIR/$f" ] || return 1
	done
	# regenerate if anything expires within a day
	for f in ca.crt apiserver.crt admin.crt webhook.crt; do
		openssl x509 -checkend 86400 -noout -in "$PKI_DIR/$f" >/dev/null 2>&1 || return 1
	done
}

gen_pki() {
	if pki_valid; then return 0; fi
	log "generating CA and certificates in $PKI_DIR"
	local tmp
	tmp=$(mktemp -d "$RUN_DIR/pki.tmp.XXXXXX")
	(
		set -e
		cd "$tmp"
		umask 077
		ossl() { openssl "$@" >>openssl.log 2>&1; }
		ossl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -subj "/CN=eksguard-local-cluster-ca" \
			-addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
			-keyout ca.key -out ca.crt
		printf '%s\n' "subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
			"extendedKeyUsage=serverAuth" "keyUsage=critical,digitalSignature,keyEncipherment" "basicConstraints=CA:FALSE" >apiserver.ext
		ossl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout apiserver.key -out apiserver.csr
		ossl x509 -req -sha256 -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -CAserial ca.srl -days 3650 \
			-extfile apiserver.ext -out apiserver.crt
		# admin client: O=system:masters is the built-in superuser group (bypasses RBAC)
		printf '%s\n' "extendedKeyUsage=clientAuth" "keyUsage=critical,digitalSignature,keyEncipherment" "basicConstraints=CA:FALSE" >client.ext
		ossl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=local-cluster-admin" -keyout admin.key -out admin.csr
		ossl x509 -req -sha256 -in admin.csr -CA ca.crt -CAkey ca.key -CAserial ca.srl -days 3650 \
			-extfile client.ext -out admin.crt
		# serving certificate for an admission webhook listening on 127.0.0.1 (caBundle = ca.crt)
		printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "extendedKeyUsage=serverAuth" \
			"keyUsage=critical,digitalSignature,keyEncipherment" "basicConstraints=CA:FALSE" >webhook.ext
		ossl req -newkey rsa:2048 -nodes -subj "/CN=local-cluster-webhook" -keyout webhook.key -out webhook.csr
		ossl x509 -req -sha256 -in webhook.csr -CA ca.crt -CAkey ca.key -CAserial ca.srl -days 3650 \
			-extfile webhook.ext -out webhook.crt
		# service-account token signing key pair
		ossl genrsa -out sa.key 2048
		ossl rsa -in sa.key -pubout -out sa.pub
		rm -f ./*.csr
		chmod 644 ./*.crt sa.pub
	) || { cat "$tmp/openssl.log" >&2 2>/dev/null || true; rm -rf "$tmp"; die "certificate generation failed"; }
	rm -rf "$PKI_DIR"
	mv "$tmp" "$PKI_DIR"
}

# ---------------------------------------------------------------------------
# ports

port_listening() { # port_listening PORT -> 0 if something listens on it (any address)
	local hex
	hex=$(printf ':%04X' "$1")
	awk -v h="$hex" 'FNR > 1 && $4 == "0A" && substr($2, length($2) - 4) == h { found = 1 } END { exit !found }' \
		/proc/net/tcp /proc/net/tcp6 2>/dev/null
}

PICKED_PORTS=" "
pick_port() { # pick_port ENV_VAR_NAME DEFAULT_START -> free port on stdout
	local name=$1 start=$2 override port
	override=${!name:-}
	if [ -n "$override" ]; then
		if ! [[ "$override" =~ ^[0-9]+$ ]] || [ "$override" -lt 1 ] || [ "$override" -gt 65535 ]; then
			die "$name must be a TCP port number (got '$override')"
		fi
		if port_listening "$override"; then die "$name=$override: that port is already in use"; fi
		printf '%s\n' "$override"
		return 0
	fi
	for ((port = start; port < start + 500 && port < 65536; port++)); do
		case "$PICKED_PORTS" in *" $port "*) continue ;; esac
		if ! port_listening "$port"; then
			printf '%s\n' "$port"
			return 0
		fi
	done
	die "no free port in $start..$((start + 499)) (set $name)"
}

# ---------------------------------------------------------------------------
# processes

pid_alive() { # pid_alive PID -> running and not a zombie
	local pid=$1 state
	[ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
	state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
	[ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

pid_is() { # pid_is PID BINARY -> the pid runs that binary
	local pid=$1 bin=$2 exe
	pid_alive "$pid" || return 1
	exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
	exe=${exe% (deleted)}
	[ "$exe" = "$bin" ] && return 0
	tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | head -n 1 | grep -qxF "$bin"
}

read_pid() { if [ -f "$1" ]; then tr -dc '0-9' <"$1"; fi; }

launch() { # launch PIDFILE LOGFILE CMD... : own session/process group, clean env, no inherited fds
	local pidfile=$1 logfile=$2
	shift 2
	(
		# close every inherited fd above 2 (the lock on fd 9, pipes of whoever called us)
		for fd in "/proc/$BASHPID/fd/"*; do
			fd=${fd##*/}
			if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
		done
		exec setsid env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME="${HOME:-/root}" "$@"
	) </dev/null >>"$logfile" 2>&1 &
	printf '%s\n' "$!" >"$pidfile"
}

stop_pidfile() { # stop_pidfile NAME PIDFILE BINARY
	local name=$1 pidfile=$2 bin=$3 pid i
	pid=$(read_pid "$pidfile")
	if [ -z "$pid" ]; then
		rm -f "$pidfile"
		return 0
	fi
	if ! pid_alive "$pid"; then
		rm -f "$pidfile"
		return 0
	fi
	if [ -z "$bin" ] || ! pid_is "$pid" "$bin"; then
		log "pid $pid in $pidfile is not a $name started by this script (${bin:-no state file}); leaving it alone"
		rm -f "$pidfile"
		return 0
	fi
	log "stopping $name (pid $pid)"
	# each daemon leads its own process group (setsid), so signal the whole group
	kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
		pid_alive "$pid" || break
		sleep 0.1
	done
	if pid_alive "$pid"; then
		log "$name did not exit within ${STOP_TIMEOUT}s; sending SIGKILL"
		kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
		for ((i = 0; i < 100; i++)); do
			pid_alive "$pid" || break
			sleep 0.1
		done
	fi
	pid_alive "$pid" && die "$name (pid $pid) is still running"
	rm -f "$pidfile"
}

state_get() { # state_get KEY -> value from the state file of the last start (read in a subshell)
	[ -f "$STATE_FILE" ] || return 0
	# shellcheck disable=SC1090
	(. "$STATE_FILE" && printf '%s' "${!1:-}")
}

STATE_APISERVER_BIN="" STATE_ETCD_BIN="" STATE_SERVER="" STATE_CONFIG_KEY=""
load_state() {
	STATE_APISERVER_BIN=$(state_get LOCAL_CLUSTER_APISERVER_BIN)
	STATE_ETCD_BIN=$(state_get LOCAL_CLUSTER_ETCD_BIN)
	STATE_SERVER=$(state_get LOCAL_CLUSTER_SERVER)
	STATE_CONFIG_KEY=$(state_get LOCAL_CLUSTER_CONFIG_KEY)
}

stop_all() {
	load_state
	stop_pidfile kube-apiserver "$APISERVER_PID_FILE" "$STATE_APISERVER_BIN"
	stop_pidfile etcd "$ETCD_PID_FILE" "$STATE_ETCD_BIN"
}

apiserver_ready() { # apiserver_ready URL
	curl -fsS --max-time 3 --cacert "$PKI_DIR/ca.crt" --cert "$PKI_DIR/admin.crt" --key "$PKI_DIR/admin.key" \
		"$1/readyz" >/dev/null 2>&1
}

running_state() { # 0 running, 3 stopped, 1 partly running / unhealthy
	load_state
	local apid epid a=0 e=0
	apid=$(read_pid "$APISERVER_PID_FILE")
	epid=$(read_pid "$ETCD_PID_FILE")
	if [ -n "$apid" ] && [ -n "$STATE_APISERVER_BIN" ] && pid_is "$apid" "$STATE_APISERVER_BIN"; then a=1; fi
	if [ -n "$epid" ] && [ -n "$STATE_ETCD_BIN" ] && pid_is "$epid" "$STATE_ETCD_BIN"; then e=1; fi
	if [ "$a" -eq 0 ] && [ "$e" -eq 0 ]; then return 3; fi
	if [ "$a" -eq 1 ] && [ "$e" -eq 1 ] && [ -n "$STATE_SERVER" ] && apiserver_ready "$STATE_SERVER"; then return 0; fi
	return 1
}

running_ports_match() { # explicitly requested ports (if any) are the ones in use
	local k want
	for k in LOCAL_CLUSTER_APISERVER_PORT LOCAL_CLUSTER_ETCD_PORT LOCAL_CLUSTER_ETCD_PEER_PORT; do
		want=${!k:-}
		if [ -n "$want" ] && [ "$want" != "$(state_get "$k")" ]; then return 1; fi
	done
}

print_export() { printf 'export KUBECONFIG=%s\n' "$KUBECONFIG_PATH"; }

fail_start() { # fail_start MESSAGE LOGFILE
	log "$1; last lines of $2:"
	tail -n 40 "$2" >&2 2>/dev/null || true
	stop_all
	die "$1 (logs: $LOG_DIR)"
}

wait_until() { # wait_until NAME PIDFILE LOGFILE TIMEOUT CHECK_CMD...
	local name=$1 pidfile=$2 logfile=$3 timeout=$4 pid deadline
	shift 4
	pid=$(read_pid "$pidfile")
	deadline=$((SECONDS + timeout))
	while ! "$@"; do
		pid_alive "$pid" || fail_start "$name exited during startup" "$logfile"
		[ "$SECONDS" -lt "$deadline" ] || fail_start "$name not ready after ${timeout}s" "$logfile"
		sleep 0.5
	done
}

etcd_healthy() { curl -fsS --max-time 2 "http://127.0.0.1:$1/health" 2>/dev/null | grep -q '"health":\s*"true"'; }

write_kubeconfig() { # write_kubeconfig SERVER_URL
	local tmp=$KUBECONFIG_PATH.tmp.$$
	cat >"$tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local-cluster
  cluster:
    server: $1
    certificate-authority: $PKI_DIR/ca.crt
users:
- name: local-cluster-admin
  user:
    client-certificate: $PKI_DIR/admin.crt
    client-key: $PKI_DIR/admin.key
contexts:
- name: local-cluster
  context:
    cluster: local-cluster
    user: local-cluster-admin
    namespace: default
current-context: local-cluster
EOF
	chmod 600 "$tmp"
	mv -f "$tmp" "$KUBECONFIG_PATH"
}

write_state() {
	local tmp=$STATE_FILE.tmp.$$ k
	{
		echo "# written by scripts/local-cluster.sh start; shell-sourceable"
		for k in KUBECONFIG LOCAL_CLUSTER_SERVER LOCAL_CLUSTER_APISERVER_PORT LOCAL_CLUSTER_ETCD_PORT \
			LOCAL_CLUSTER_ETCD_PEER_PORT LOCAL_CLUSTER_CA_CERT LOCAL_CLUSTER_CA_KEY LOCAL_CLUSTER_CLIENT_CERT \
			LOCAL_CLUSTER_CLIENT_KEY LOCAL_CLUSTER_WEBHOOK_CERT LOCAL_CLUSTER_WEBHOOK_KEY LOCAL_CLUSTER_SA_ISSUER \
			LOCAL_CLUSTER_K8S_VERSION LOCAL_CLUSTER_ETCD_VERSION LOCAL_CLUSTER_APISERVER_BIN LOCAL_CLUSTER_ETCD_BIN \
			LOCAL_CLUSTER_APISERVER_LOG LOCAL_CLUSTER_ETCD_LOG LOCAL_CLUSTER_CONFIG_KEY; do
			printf '%s=%q\n' "$k" "${!k}"
		done
	} >"$tmp"
	mv -f "$tmp" "$STATE_FILE"
}

# shellcheck disable=SC2034 # the LOCAL_CLUSTER_* variables are written by write_state via ${!k}
cmd_start() {
	with_lock
	ensure_tools
	mkdir -p "$RUN_DIR" "$LOG_DIR"

	local rc=0
	running_state || rc=$?
	if [ "$rc" -eq 0 ] && [ "$STATE_CONFIG_KEY" = "$CONFIG_KEY" ] && running_ports_match; then
		log "already running at $STATE_SERVER"
		print_export
		return 0
	elif [ "$rc" -eq 0 ]; then
		log "running with other settings (LOCAL_CLUSTER_* changed); restarting"
		stop_all
	elif [ "$rc" -eq 1 ]; then
		log "found a partly running or unhealthy cluster; restarting it"
		stop_all
	fi

	build_kube_apiserver
	resolve_etcd
	gen_pki

	local t0=$SECONDS
	LOCAL_CLUSTER_ETCD_PORT=$(pick_port LOCAL_CLUSTER_ETCD_PORT 12379)
	PICKED_PORTS+="$LOCAL_CLUSTER_ETCD_PORT "
	LOCAL_CLUSTER_ETCD_PEER_PORT=$(pick_port LOCAL_CLUSTER_ETCD_PEER_PORT 12380)
	PICKED_PORTS+="$LOCAL_CLUSTER_ETCD_PEER_PORT "
	LOCAL_CLUSTER_APISERVER_PORT=$(pick_port LOCAL_CLUSTER_APISERVER_PORT 16443)
	PICKED_PORTS+="$LOCAL_CLUSTER_APISERVER_PORT "

	LOCAL_CLUSTER_SERVER=https://127.0.0.1:$LOCAL_CLUSTER_APISERVER_PORT
	KUBECONFIG=$KUBECONFIG_PATH
	LOCAL_CLUSTER_CA_CERT=$PKI_DIR/ca.crt
	LOCAL_CLUSTER_CA_KEY=$PKI_DIR/ca.key
	LOCAL_CLUSTER_CLIENT_CERT=$PKI_DIR/admin.crt
	LOCAL_CLUSTER_CLIENT_KEY=$PKI_DIR/admin.key
	LOCAL_CLUSTER_WEBHOOK_CERT=$PKI_DIR/webhook.crt
	LOCAL_CLUSTER_WEBHOOK_KEY=$PKI_DIR/webhook.key
	LOCAL_CLUSTER_SA_ISSUER=$SERVICE_ACCOUNT_ISSUER
	LOCAL_CLUSTER_K8S_VERSION=$K8S_VERSION
	LOCAL_CLUSTER_ETCD_VERSION=$ETCD_VERSION
	LOCAL_CLUSTER_APISERVER_BIN=$APISERVER_BIN
	LOCAL_CLUSTER_ETCD_BIN=$ETCD_BIN
	LOCAL_CLUSTER_APISERVER_LOG=$LOG_DIR/kube-apiserver.log
	LOCAL_CLUSTER_ETCD_LOG=$LOG_DIR/etcd.log
	LOCAL_CLUSTER_CONFIG_KEY=$CONFIG_KEY
	# written before launching so that stop can find (and verify) the processes
	write_state

	# ---- etcd
	local etcd_data=$RUN_DIR/etcd-data
	if [ "${LOCAL_CLUSTER_KEEP_DATA:-0}" != 1 ]; then rm -rf "$etcd_data"; fi
	mkdir -p "$etcd_data"
	chmod 700 "$etcd_data"
	local etcd_help
	etcd_help=$("$ETCD_BIN" --help 2>&1 || true)
	local etcd_args=(
		--name=local-cluster
		--data-dir="$etcd_data"
		--listen-client-urls="http://127.0.0.1:$LOCAL_CLUSTER_ETCD_PORT"
		--advertise-client-urls="http://127.0.0.1:$LOCAL_CLUSTER_ETCD_PORT"
		--listen-peer-urls="http://127.0.0.1:$LOCAL_CLUSTER_ETCD_PEER_PORT"
		--initial-advertise-peer-urls="http://127.0.0.1:$LOCAL_CLUSTER_ETCD_PEER_PORT"
		--initial-cluster="local-cluster=http://127.0.0.1:$LOCAL_CLUSTER_ETCD_PEER_PORT"
		--initial-cluster-state=new
		--logger=zap
		--log-level=warn
	)
	# test data only: skip fsync where this etcd supports it (3.5+)
	if grep -q -- '--unsafe-no-fsync' <<<"$etcd_help"; then etcd_args+=(--unsafe-no-fsync); fi
	: >"$LOCAL_CLUSTER_ETCD_LOG"
	log "starting etcd $ETCD_VERSION on 127.0.0.1:$LOCAL_CLUSTER_ETCD_PORT (log: $LOCAL_CLUSTER_ETCD_LOG)"
	launch "$ETCD_PID_FILE" "$LOCAL_CLUSTER_ETCD_LOG" "$ETCD_BIN" "${etcd_args[@]}"
	wait_until etcd "$ETCD_PID_FILE" "$LOCAL_CLUSTER_ETCD_LOG" 60 etcd_healthy "$LOCAL_CLUSTER_ETCD_PORT"

	# ---- kube-apiserver
	local extra=()
	if [ -n "${LOCAL_CLUSTER_APISERVER_ARGS:-}" ]; then
		read -r -a extra <<<"$LOCAL_CLUSTER_APISERVER_ARGS"
	fi
	local api_args=(
		--etcd-servers="http://127.0.0.1:$LOCAL_CLUSTER_ETCD_PORT"
		--bind-address=127.0.0.1
		--secure-port="$LOCAL_CLUSTER_APISERVER_PORT"
		--advertise-address=127.0.0.1
		--endpoint-reconciler-type=none
		--tls-cert-file="$PKI_DIR/apiserver.crt"
		--tls-private-key-file="$PKI_DIR/apiserver.key"
		--client-ca-file="$PKI_DIR/ca.crt"
		--cert-dir="$RUN_DIR/apiserver-certs"
		--service-account-issuer="$SERVICE_ACCOUNT_ISSUER"
		--service-account-key-file="$PKI_DIR/sa.pub"
		--service-account-signing-key-file="$PKI_DIR/sa.key"
		--service-cluster-ip-range="$SERVICE_CLUSTER_IP_RANGE"
		--authorization-mode="$AUTHORIZATION_MODE"
		--allow-privileged=true
		--profiling=false
		--v=1
	)
	if [ -n "$ENABLE_ADMISSION_PLUGINS" ]; then api_args+=(--enable-admission-plugins="$ENABLE_ADMISSION_PLUGINS"); fi
	if [ -n "$DISABLE_ADMISSION_PLUGINS" ]; then api_args+=(--disable-admission-plugins="$DISABLE_ADMISSION_PLUGINS"); fi
	api_args+=("${extra[@]}")
	printf '%s\n' "$APISERVER_BIN" "${api_args[@]}" >"$RUN_DIR/kube-apiserver.args"
	: >"$LOCAL_CLUSTER_APISERVER_LOG"
	log "starting kube-apiserver $K8S_VERSION on $LOCAL_CLUSTER_SERVER (log: $LOCAL_CLUSTER_APISERVER_LOG)"
	launch "$APISERVER_PID_FILE" "$LOCAL_CLUSTER_APISERVER_LOG" "$APISERVER_BIN" "${api_args[@]}"
	write_kubeconfig "$LOCAL_CLUSTER_SERVER"
	wait_until kube-apiserver "$APISERVER_PID_FILE" "$LOCAL_CLUSTER_APISERVER_LOG" "$START_TIMEOUT" \
		apiserver_ready "$LOCAL_CLUSTER_SERVER"
	log "ready in $((SECONDS - t0))s: $LOCAL_CLUSTER_SERVER (kubeconfig: $KUBECONFIG_PATH; variables: $STATE_FILE)"
	print_export
}

cmd_stop() {
	with_lock
	stop_all
	log "stopped"
}

cmd_status() {
	local rc=0
	running_state || rc=$?
	case "$rc" in
	0) echo "running: $STATE_SERVER (kube-apiserver pid $(read_pid "$APISERVER_PID_FILE"), etcd pid $(read_pid "$ETCD_PID_FILE")); KUBECONFIG=$KUBECONFIG_PATH" ;;
	3) echo "stopped" ;;
	*) echo "degraded: some processes are missing or /readyz fails (see $LOG_DIR); run stop, then start" ;;
	esac
	return "$rc"
}

cmd_env() {
	local rc=0
	running_state || rc=$?
	[ "$rc" -eq 0 ] || die "not running (status $rc)"
	grep -v '^#' "$STATE_FILE" | sed 's/^/export /'
}

cmd_clean() {
	with_lock
	stop_all
	rm -rf "$RUN_DIR"
	log "removed $RUN_DIR"
}

usage() {
	sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
}

main() {
	local cmd=${1:-}
	case "$cmd" in
	build) cmd_build ;;
	start) cmd_start ;;
	stop) cmd_stop ;;
	status) cmd_status ;;
	env) cmd_env ;;
	clean) cmd_clean ;;
	-h | --help | help) usage ;;
	*)
		usage
		die "unknown command '${cmd}'"
		;;
	esac
}

main "$@"
