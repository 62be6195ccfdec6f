# Shared helpers for the benchmark scripts (sourced, not run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BIN=.build/release

build_release() {
    echo "== building release binaries" >&2
    swift build -c release >&2
}

# start_postgres: a durable throw-away server (fsync on), exported as FTZ_TEST_POSTGRES_URL.
start_postgres() {
    eval "$(FTZ_PG_DURABLE=1 scripts/start-postgres)"
    trap 'stop_all' EXIT
}

PIDS=()
stop_all() {
    for pid in "${PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -n "${FTZ_PG_DIR:-}" ] && scripts/stop-postgres "$FTZ_PG_DIR"
}

# fresh_postgres_db NAME -> prints a URL to a new empty database on the bench server.
fresh_postgres_db() {
    local name=$1
    psql "$FTZ_TEST_POSTGRES_URL" -qAt -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name" >/dev/null
    echo "${FTZ_TEST_POSTGRES_URL%/*}/$name"
}

wait_for_http() {
    local url=$1
    for _ in $(seq 1 100); do curl -fs "$url" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "no answer from $url" >&2; return 1
}

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
peak_rss_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }

# wrk_run URL [extra wrk args] -> "requests_per_second p99_ms"
wrk_run() {
    local url=$1; shift
    local output
    output=$(wrk -t2 -c64 -d"${BENCH_SECONDS:-10}"s --latency "$@" "$url")
    local rps p99
    rps=$(echo "$output" | awk '/Requests\/sec/ {print $2}')
    p99=$(echo "$output" | awk '$1=="99%" {print $2}')
    echo "$rps $(to_ms "$p99")"
}

to_ms() {
    local value=$1
    case "$value" in
        *us) echo "${value%us}" | awk '{printf "%.3f", $1/1000}';;
        *ms) echo "${value%ms}";;
        *s) echo "${value%s}" | awk '{printf "%.1f", $1*1000}';;
        *) echo "$value";;
    esac
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
