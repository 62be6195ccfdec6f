# Shared helpers for the benchmark scripts (sourced, not run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BIN=.build/release

# build_release: swift build -c release, unless BENCH_SKIP_BUILD=1 (binaries already in .build/release).
build_release() {
    if [ "${BENCH_SKIP_BUILD:-}" = 1 ]; then
        echo "== BENCH_SKIP_BUILD=1: using the binaries already in $BIN" >&2
        [ -x "$BIN/ftz" ] || { echo "$BIN/ftz is missing: build it first (swift build -c release)" >&2; return 1; }
        return 0
    fi
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

# sample PID URL [wrk args] -> "requests_per_second p99_ms server_cpu_us_per_request" of one wrk run.
sample() {
    local pid=$1 url=$2; shift 2
    local before after rps p99
    before=$(cpu_ticks "$pid")
    read -r rps p99 < <(wrk_run "$url" "$@")
    after=$(cpu_ticks "$pid")
    echo "$rps $p99 $(awk -v t=$((after - before)) -v r="$rps" -v s="${BENCH_SECONDS:-10}" 'BEGIN {printf "%.1f", t * 10000 / (r * s)}')"
}

# report LABEL RPS_LIST P99_LIST CPU_LIST (newline-separated samples): one line of medians; sets
# MEASURED_RPS and MEASURED_CPU to the medians of req/s and CPU us per request.
report() {
    MEASURED_RPS=$(printf %s "$2" | median)
    MEASURED_CPU=$(printf %s "$4" | median)
    printf '%-24s %9.0f req/s   p99 %6.2f ms   server CPU %5.1f us/req\n' "$1" "$MEASURED_RPS" \
        "$(printf %s "$3" | median)" "$MEASURED_CPU"
}

# measure LABEL PID URL [wrk args]: median req/s and p99 over BENCH_RUNS (default 3) runs, and the server's CPU
# time per request (user+system), which the shared machine's noise disturbs far less.
measure() {
    local label=$1 pid=$2 url=$3; shift 3
    local rps_all="" p99_all="" cpu_all="" rps p99 cpu
    wrk -t2 -c64 -d2s "$@" "$url" >/dev/null  # warm-up
    for _ in $(seq "${BENCH_RUNS:-3}"); do
        read -r rps p99 cpu < <(sample "$pid" "$url" "$@")
        rps_all+="$rps"$'\n'; p99_all+="$p99"$'\n'; cpu_all+="$cpu"$'\n'
    done
    report "$label" "$rps_all" "$p99_all" "$cpu_all"
}

# measure_pair LABEL_A PID_A URL_A ARGS_A LABEL_B PID_B URL_B ARGS_B: as measure for A and for B, the
# BENCH_RUNS runs of each interleaved A B, B A, A B… so that drift on the shared machine falls on both
# alike. ARGS_A and ARGS_B name arrays of wrk arguments. Prints both lines and the ratios; sets
# PAIR_RPS_RATIO (median req/s A / B) and PAIR_CPU_RATIO (median CPU per request B / A: also below 1
# when A is the costlier).
measure_pair() {
    local label_a=$1 pid_a=$2 url_a=$3 label_b=$5 pid_b=$6 url_b=$7
    local -n _pair_args_a=$4 _pair_args_b=$8
    local a_rps="" a_p99="" a_cpu="" b_rps="" b_p99="" b_cpu="" rps p99 cpu run
    wrk -t2 -c64 -d2s "${_pair_args_a[@]}" "$url_a" >/dev/null  # warm-up
    wrk -t2 -c64 -d2s "${_pair_args_b[@]}" "$url_b" >/dev/null
    for run in $(seq "${BENCH_RUNS:-3}"); do
        for side in $( ((run % 2)) && echo a b || echo b a); do
            if [ "$side" = a ]; then
                read -r rps p99 cpu < <(sample "$pid_a" "$url_a" "${_pair_args_a[@]}")
                a_rps+="$rps"$'\n'; a_p99+="$p99"$'\n'; a_cpu+="$cpu"$'\n'
            else
                read -r rps p99 cpu < <(sample "$pid_b" "$url_b" "${_pair_args_b[@]}")
                b_rps+="$rps"$'\n'; b_p99+="$p99"$'\n'; b_cpu+="$cpu"$'\n'
            fi
        done
    done
    report "$label_a" "$a_rps" "$a_p99" "$a_cpu"; local rps_a=$MEASURED_RPS cpu_a=$MEASURED_CPU
    report "$label_b" "$b_rps" "$b_p99" "$b_cpu"; local rps_b=$MEASURED_RPS cpu_b=$MEASURED_CPU
    PAIR_RPS_RATIO=$(awk -v a="$rps_a" -v b="$rps_b" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
    PAIR_CPU_RATIO=$(awk -v a="$cpu_a" -v b="$cpu_b" 'BEGIN {printf "%.2f", (a > 0 ? b / a : 0)}')
    echo "   req/s ratio $PAIR_RPS_RATIO, CPU-per-request ratio $PAIR_CPU_RATIO (first over second; below 1: the first is the slower)"
}
