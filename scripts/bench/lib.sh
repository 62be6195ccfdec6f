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

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# measure LABEL PID URL [wrk args]: median req/s and p99 over BENCH_RUNS (default 3) runs, and the server's CPU
# time per request (user+system), which the shared machine's noise disturbs far less.
measure() {
    local label=$1 pid=$2 url=$3; shift 3
    local rps_all="" p99_all="" cpu_all=""
    wrk -t2 -c64 -d2s "$@" "$url" >/dev/null  # warm-up
    for _ in $(seq "${BENCH_RUNS:-3}"); do
        local before after
        before=$(cpu_ticks "$pid")
        read -r rps p99 < <(wrk_run "$url" "$@")
        after=$(cpu_ticks "$pid")
        rps_all+="$rps"$'\n'; p99_all+="$p99"$'\n'
        cpu_all+=$(awk -v t=$((after - before)) -v r="$rps" -v s="${BENCH_SECONDS:-10}" 'BEGIN {printf "%.1f", t * 10000 / (r * s)}')$'\n'
    done
    printf '%-24s %9.0f req/s   p99 %6.2f ms   server CPU %5.1f us/req\n' "$label" "$(printf %s "$rps_all" | median)" \
        "$(printf %s "$p99_all" | median)" "$(printf %s "$cpu_all" | median)"
}
