#!/usr/bin/env bash
# bench/firsttrust.sh: first trust of one long chain next to its bare Ed25519
# checks, and the peak RSS of `baton log` of it (issue 14).
#
# The chain: a genesis and 10,000 releases (10,001 entries, 10,002
# signatures, 4.8 MB) from a fixed seed (chain/internal/chaingen).
#
# 1. BenchmarkFirstTrustVsBare10k (chain/verify_bench_test.go) at -cpu 1,2,
#    ITER iterations (default 20), each a bare loop of ed25519.Verify over
#    the chain's signatures (one goroutine), chain.FirstTrust of the chain
#    and the same checks split over every core, in turns; medians of:
#      x-bare        FirstTrust's wall time over the bare loop's
#                    (targets: <= 1.2 at -cpu 1, <= 0.65 at -cpu 2)
#      floor-x-bare  the split checks' over the bare loop's: the best a
#                    walk on every core could do on this machine
#      cpu-x-bare    the CPU time FirstTrust used over the bare loop's
#    and the wall-time ratios of the fastest run of each (min): on shared
#    cores a load from elsewhere only ever slows a run down.
# 2. baton log --chain of a chain of the same shape (the ecosystem's one
#    package: another name and other keys than the benchmark's, the same
#    10,001 entries), RUNS times (default 5), and
#    baton log --json: median wall time and peak RSS (/usr/bin/time %M;
#    target <= 16 MB).
#
#   ITER=20 RUNS=5 bench/firsttrust.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ITER=${ITER:-20}
RUNS=${RUNS:-5}
TIME=/usr/bin/time
command -v "$TIME" >/dev/null || { echo "firsttrust.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/baton-firsttrust.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "running BenchmarkFirstTrustVsBare10k at -cpu 1,2, $ITER iterations each..." >&2
go test ./chain/ -run '^$' -bench '^BenchmarkFirstTrustVsBare10k$' -cpu 1,2 -benchtime "${ITER}x" | tee "$work/bench" >&2
# metric BENCH-LINE UNIT: the value before UNIT on a benchmark line.
metric() { awk -v u="$2" '{for (i = 2; i <= NF; i++) if ($i == u) print $(i-1)}' <<<"$1"; }
printf '\n| chain.FirstTrust, 10,001 entries (median of %d) | bare ms | FirstTrust ms | x-bare | x-bare, fastest runs | target | floor-x-bare (fastest) | cpu-x-bare |\n|---|---|---|---|---|---|---|---|\n' "$ITER"
while read -r line; do
	name=${line%%[[:space:]]*}
	cpu=1 target='<= 1.2'
	[[ $name == *-2 ]] && cpu=2 target='<= 0.65'
	printf '| -cpu %s | %.0f | %.0f | %.2f | %.2f | %s | %.2f (%.2f) | %.2f |\n' "$cpu" "$(metric "$line" bare-ms)" "$(metric "$line" firsttrust-ms)" \
		"$(metric "$line" x-bare)" "$(metric "$line" x-bare-min)" "$target" "$(metric "$line" floor-x-bare)" "$(metric "$line" floor-x-bare-min)" "$(metric "$line" cpu-x-bare)"
done < <(grep '^BenchmarkFirstTrustVsBare10k' "$work/bench")

echo "building baton and the chain..." >&2
CGO_ENABLED=0 go build -o "$work/baton" ./cmd/baton
go build -o "$work/ecosystem" ./chain/internal/ecosystem
"$work/ecosystem" -out "$work/set" -n 1 -entries 10001 -pin 0 -handover-every 0 2>/dev/null
long=$work/set/pkg0/chain
cat "$long" >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# measure LABEL CMD...: RUNS runs; prints "LABEL seconds peak-KiB" (medians).
measure() {
	local label=$1; shift
	local ts=() ms=()
	for _ in $(seq "$RUNS"); do
		local start=$EPOCHREALTIME
		"$TIME" -f '%M' -o "$work/mem" "$@" >/dev/null
		local end=$EPOCHREALTIME
		ts+=("$(echo "$end - $start" | bc -l)")
		ms+=("$(tail -1 "$work/mem")")
	done
	printf '%s %s %s\n' "$label" "$(printf '%s\n' "${ts[@]}" | median)" "$(printf '%s\n' "${ms[@]}" | median)"
}
printf '\n| baton log, 10,001 entries, %.1f MB (median of %d) | wall s | peak RSS MiB | peak RSS MB |\n|---|---|---|---|\n' "$(echo "$(stat -c %s "$long")/1000000" | bc -l)" "$RUNS"
for args in "log" "log --json"; do
	read -r _ t kib < <(measure x "$work/baton" $args --chain "$long")
	printf '| baton %s --chain | %.2f | %.1f | %.1f |\n' "$args" "$t" "$(echo "$kib/1024" | bc -l)" "$(echo "$kib*1.024/1000" | bc -l)"
done
read -r _ t kib < <(measure x env GOMAXPROCS=1 "$work/baton" log --chain "$long")
printf '| baton log --chain, GOMAXPROCS=1 | %.2f | %.1f | %.1f |\n' "$t" "$(echo "$kib/1024" | bc -l)" "$(echo "$kib*1.024/1000" | bc -l)"
read -r _ t kib < <(measure x "$work/baton" version)
printf '| baton version (the floor: the binary and runtime alone) | %.2f | %.1f | %.1f |\n' "$t" "$(echo "$kib/1024" | bc -l)" "$(echo "$kib*1.024/1000" | bc -l)"
