#!/usr/bin/env bash
# bench/progress.sh: does the release wizard's progress bar keep moving
# while a 1 GiB release is hashed, and does the UI goroutine stay free?
#
# Runs BenchmarkReleaseProgress1GiB (app/progress_bench_test.go) RUNS times
# (default 3): the real wizard and ceremony on a 1 GiB file, with a 60 Hz
# sampler standing in for the window's frame loop (it takes the UI lock,
# reads the bar, lets go). Next to it, openssl dgst -sha256 on the same
# file, for the hash's own limit.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
dir=${BATON_BENCH_DIR:-$(mktemp -d)}
[[ -n ${BATON_BENCH_DIR:-} ]] || trap 'rm -rf "$dir"' EXIT
out=$(BATON_BENCH_DIR="$dir" CGO_ENABLED=0 go test -tags ci ./app/ -run '^$' \
	-bench 'ReleaseProgress1GiB' -benchtime "${RUNS}x" 2>/dev/null | grep '^Benchmark')
file="$dir/release-1GiB/release.bin"
cat "$file" >/dev/null
t0=$EPOCHREALTIME; openssl dgst -sha256 "$file" >/dev/null; t1=$EPOCHREALTIME
field() { awk -v u="$1" '{for (i = 2; i <= NF; i++) if ($i == u) print $(i-1)}' <<<"$out"; }
ns=$(awk '{print $3}' <<<"$out")
openssl_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}')
echo "| release wizard, 1 GiB ($RUNS runs) | value |"
echo "|---|---|"
echo "| whole release ceremony, s | $(awk -v n="$ns" 'BEGIN {printf "%.2f", n / 1e9}') |"
echo "| openssl dgst -sha256 of the file, s | $openssl_s |"
echo "| ratio (ceremony / openssl) | $(awk -v n="$ns" -v o="$openssl_s" 'BEGIN {printf "%.2f", n / 1e9 / o}') |"
echo "| frames during the hash (60 Hz) | $(field frames/op) |"
echo "| frames in which the bar had moved | $(field %frames-moved) % |"
echo "| longest the bar stood still, ms | $(field max-still-ms) |"
echo "| longest a frame waited for the UI goroutine, ms | $(field max-frame-wait-ms) |"
