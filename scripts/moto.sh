#!/usr/bin/env bash
# moto's AWS emulator (moto_server) for the AWS source tests, on loopback only.
# moto comes from PyPI at a pinned version into a private virtualenv: never a prebuilt binary.
#
#   scripts/moto.sh install         create the virtualenv and install moto[server]==$MOTO_VERSION (idempotent)
#   scripts/moto.sh start [PORT]    install if needed, start moto_server on 127.0.0.1:PORT (default: a free port);
#                                   prints exactly one line on stdout: the endpoint URL
#   scripts/moto.sh stop            stop the server this script started (by its recorded pid)
#
# Logs and the pid file live in $MOTO_RUN_DIR (default .cache/moto/run).
set -euo pipefail

MOTO_VERSION=${MOTO_VERSION:-5.2.1}
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
CACHE_DIR=${MOTO_CACHE_DIR:-$REPO_ROOT/.cache/moto}
VENV=$CACHE_DIR/venv-$MOTO_VERSION
RUN_DIR=${MOTO_RUN_DIR:-$CACHE_DIR/run}
PID_FILE=$RUN_DIR/moto.pid

log() { printf '[moto] %s\n' "$*" >&2; }
die() { printf '[moto] ERROR: %s\n' "$*" >&2; exit 1; }

python_bin() {
	for candidate in python3 python; do
		if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return; fi
	done
	die 'python3 is required to run moto'
}

install() {
	if [ -x "$VENV/bin/moto_server" ]; then return; fi
	log "installing moto[server]==$MOTO_VERSION into $VENV"
	mkdir -p "$CACHE_DIR"
	"$(python_bin)" -m venv "$VENV" >&2
	"$VENV/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2
}

free_port() {
	"$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
	install
	mkdir -p "$RUN_DIR"
	stop_quietly
	local port=${1:-$(free_port)}
	# AWS-managed policies (AmazonEKSWorkerNodePolicy ...) exist only when moto preloads them.
	MOTO_IAM_LOAD_MANAGED_POLICIES=true nohup "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$RUN_DIR/moto.log" 2>&1 &
	echo $! >"$PID_FILE"
	for _ in $(seq 1 100); do
		if "$VENV/bin/python" -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/moto-api/data.json', timeout=1)" >/dev/null 2>&1; then
			echo "http://127.0.0.1:$port"
			return
		fi
		kill -0 "$(cat "$PID_FILE")" 2>/dev/null || die "moto_server exited; see $RUN_DIR/moto.log"
		sleep 0.2
	done
	die "moto_server did not answer on port $port; see $RUN_DIR/moto.log"
}

stop_quietly() {
	if [ -f "$PID_FILE" ]; then
		local pid
		pid=$(cat "$PID_FILE")
		if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
		rm -f "$PID_FILE"
	fi
}

case "${1:-}" in
install) install ;;
start) shift; start "$@" ;;
stop) stop_quietly ;;
*) die "usage: $0 install | start [PORT] | stop" ;;
esac
