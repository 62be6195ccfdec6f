# Sourced by the scripts that test a live server (contract-test, browser-test): start the
# binary on a fresh data directory, wait until it is ready, stop it.
#   live_server_start DATA_DIR [ENV=VALUE ...]   sets LIVE_SERVER_PID and LIVE_SERVER_BASE
#   live_server_stop

LIVE_SERVER_PID=""
LIVE_SERVER_BASE=""

live_server_free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

live_server_start() {
    local data=$1; shift
    local port
    mkdir -p "$data"
    port=$(live_server_free_port)
    env FTZ_PUBLIC_URL="http://127.0.0.1:$port" "$@" FTZ_DATA_DIR="$data" "$bin" serve --demo --port "$port" >"$data/server.log" 2>&1 &
    LIVE_SERVER_PID=$!
    LIVE_SERVER_BASE="http://127.0.0.1:$port"
    for _ in $(seq 1 120); do
        curl -sf "$LIVE_SERVER_BASE/readyz" >/dev/null 2>&1 && return 0
        kill -0 "$LIVE_SERVER_PID" 2>/dev/null || { cat "$data/server.log" >&2; return 1; }
        sleep 0.5
    done
    echo "live server not ready at $LIVE_SERVER_BASE" >&2
    tail -20 "$data/server.log" >&2
    return 1
}

live_server_stop() {
    if [ -n "$LIVE_SERVER_PID" ]; then
        kill "$LIVE_SERVER_PID" 2>/dev/null || true
        wait "$LIVE_SERVER_PID" 2>/dev/null || true
    fi
    LIVE_SERVER_PID=""
}
