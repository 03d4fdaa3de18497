#!/usr/bin/env bash
# bench/tlog.sh: the transparency log (issue 13). Prints Markdown for
# BENCH.md:
#   - appends per second into baton-log on this machine (64 maintainers at
#     once, one entry per request, each acknowledged once sequenced);
#   - the cost of checking a log proof: the Go benchmark, and baton verify
#     of a 20-release chain with and without a log policy;
#   - the start-up replay of a log of CHAINS x PER_CHAIN entries (default
#     10,000 x 100 = 1,000,000), and baton monitor scanning all of it:
#     entries per second and peak RSS (target 64 MiB).
#
#   bench/tlog.sh [appends] [proof] [monitor]   (all three by default)
#   CHAINS=10000 PER_CHAIN=100 RUNS=11
set -euo pipefail
parts=${*:-appends proof monitor}
cd "$(dirname "$0")/.."
CHAINS=${CHAINS:-10000}
PER_CHAIN=${PER_CHAIN:-100}
RUNS=${RUNS:-11}
TIME=/usr/bin/time
command -v "$TIME" >/dev/null || { echo "tlog.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/baton-tlog.XXXXXX")
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
CGO_ENABLED=0 go build -o "$work/baton" ./cmd/baton
go build -o "$work/baton-log" ./cmd/baton-log
go build -o "$work/tlogbench" ./bench/cmd/tlogbench
go build -o "$work/longchain" ./bench/cmd/longchain
export BATON_TRUST=$work/trust XDG_CACHE_HOME=$work/cache BATON_LOG_POLICY=

# serve DIR KEY: starts baton-log on a free port and sets URL once it says
# where it listens (it replays its log first).
serve() {
	coproc SRV { exec "$work/baton-log" serve --dir "$1" --key "$2" --listen 127.0.0.1:0 --checkpoint-interval 200ms --batch-max-age 5ms 2>>"$work/serve.err"; }
	pids+=("$SRV_PID")
	local line
	read -r -t 900 line <&"${SRV[0]}" || { echo "baton-log did not start:" >&2; tail -5 "$work/serve.err" >&2; exit 1; }
	URL=${line#baton-log: serving }
}

# ms CMD...: wall milliseconds of one run, to a tenth.
ms() {
	local s e
	s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
	echo "scale=1; ($e - $s) / 1000000" | bc
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

vkey=$("$work/baton-log" keygen --origin bench.example/log --key "$work/log.key")
printf 'log %s\nquorum none\n' "$vkey" >"$work/policy"

appends() {
echo "## appends"
serve "$work/log-a" "$work/log.key"
"$work/tlogbench" append -url "$URL" -chains 64 -entries 20
"$work/tlogbench" append -url "$URL" -chains 1 -entries 100
echo "baton-log: $(grep VmHWM /proc/"$SRV_PID"/status)"
kill "$SRV_PID"; wait "$SRV_PID" 2>/dev/null || true
}

proof() {
echo "## proof check"
go test ./chain/tlog/ -run '^$' -bench VerifyProof -benchtime 2000x | grep Benchmark
serve "$work/log-b" "$work/log.key"
"$work/longchain" -n 21 -package bench.example/verify -key "$work/rec.key" >"$work/v.chain"
"$work/baton" publish --chain "$work/v.chain" --log "$URL" --log-policy "$work/policy" >/dev/null
"$work/baton" trust add --package bench.example/verify --chain "$work/v.chain" --expect-key "$(cat "$work/rec.key")" >/dev/null 2>&1
plain=$(for _ in $(seq "$RUNS"); do ms "$work/baton" verify --package bench.example/verify --chain "$work/v.chain"; done | median)
logged=$(for _ in $(seq "$RUNS"); do ms "$work/baton" verify --package bench.example/verify --chain "$work/v.chain" --log-policy "$work/policy"; done | median)
echo "| baton verify, 21-entry chain, median of $RUNS | ms |"
echo "|---|---|"
echo "| without a log policy | $plain |"
echo "| with a log policy (proof checked, trust store's checkpoint) | $logged |"
kill "$SRV_PID"; wait "$SRV_PID" 2>/dev/null || true
}

monitor() {
echo "## monitor over $((CHAINS * PER_CHAIN)) entries"
s=$(date +%s)
"$work/tlogbench" fill -dir "$work/log-c" -key "$work/log.key" -chains "$CHAINS" -entries "$PER_CHAIN" -watch "$work/watch.chain" 2>"$work/fill.err"
echo "filled in $(( $(date +%s) - s )) s (signing every entry)"
serve "$work/log-c" "$work/log.key"
grep -o 'replayed [0-9]* entries in .*' "$work/serve.err" | tail -1
echo "baton-log after the replay: $(grep VmHWM /proc/"$SRV_PID"/status)"
"$TIME" -f '%M %e' -o "$work/time" "$work/baton" monitor --chain "$work/watch.chain" --log "$URL" --log-policy "$work/policy" --state "$work/monitor.json" >"$work/monitor.out"
read -r kb secs < <(tail -1 "$work/time")
tail -1 "$work/monitor.out"
echo "| baton monitor, $((CHAINS * PER_CHAIN)) entries | seconds | entries/s | peak RSS MiB |"
echo "|---|---|---|---|"
printf '| first scan | %s | %.0f | %.1f |\n' "$secs" "$(echo "$CHAINS * $PER_CHAIN / $secs" | bc -l)" "$(echo "$kb/1024" | bc -l)"
"$TIME" -f '%M %e' -o "$work/time" "$work/baton" monitor --chain "$work/watch.chain" --log "$URL" --log-policy "$work/policy" --state "$work/monitor.json" >/dev/null
read -r kb secs < <(tail -1 "$work/time")
printf '| again, nothing new | %s | - | %.1f |\n' "$secs" "$(echo "$kb/1024" | bc -l)"
}

for part in $parts; do "$part"; done
