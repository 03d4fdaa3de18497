#!/usr/bin/env bash
# bench/hash.sh: how fast Baton hashes a release, next to openssl.
#
# Makes SIZE_MIB MiB of random data once (default 1024) as one file and as
# four files of a quarter each, in $BENCH_DIR (kept for later runs) or a
# temporary directory (removed at the end); reads them into the page cache;
# then runs each command RUNS times (default 5) and prints the medians of
# wall time (bash's EPOCHREALTIME around the run) and peak resident memory
# (/usr/bin/time %M):
#
#   openssl dgst -sha256 FILE...          one process, one core
#   openssl, one process per file         xargs -P $(nproc): the parallel bound
#   bench/cmd/hashfile FILE...            chain.HashFiles (GOMAXPROCS workers)
#   sha256sum --tag FILE...               coreutils, for reference (SHA256SUM=0 skips)
#
# MB/s is 10^6 bytes per second. "vs openssl" is wall time over openssl
# dgst's on the same files (below 1.00 is faster).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
SIZE_MIB=${SIZE_MIB:-1024}
SHA256SUM=${SHA256SUM:-1}
TIME=/usr/bin/time

for tool in openssl go "$TIME"; do
	command -v "$tool" >/dev/null || { echo "hash.sh: $tool is missing (apt-get install -y time openssl)" >&2; exit 1; }
done
(( SIZE_MIB % 4 == 0 )) || { echo "hash.sh: SIZE_MIB must be a multiple of 4" >&2; exit 1; }

if [[ -n ${BENCH_DIR:-} ]]; then
	dir=$BENCH_DIR
	mkdir -p "$dir"
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/baton-hash-bench.XXXXXX")
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/baton-hash-work.XXXXXX")
trap 'rm -rf "$work"; [[ -n ${BENCH_DIR:-} ]] || rm -rf "$dir"' EXIT

bin=$work/hashfile
CGO_ENABLED=0 go build -o "$bin" ./bench/cmd/hashfile

# make NAME MIB: NAME with MIB MiB of random bytes, unless it already has them.
make_file() {
	local path=$dir/$1 bytes=$(($2 * 1048576))
	if [[ ! -f $path || $(stat -c %s "$path") -ne $bytes ]]; then
		echo "creating $path ($2 MiB)" >&2
		head -c "$bytes" /dev/urandom >"$path.tmp"
		mv "$path.tmp" "$path"
	fi
}
one=(one-${SIZE_MIB}MiB.bin)
quarter=$((SIZE_MIB / 4))
four=()
for i in 1 2 3 4; do four+=(quarter-$i-of-4-${quarter}MiB.bin); done
make_file "${one[0]}" "$SIZE_MIB"
for f in "${four[@]}"; do make_file "$f" "$quarter"; done
cd "$dir"
cat "${one[@]}" "${four[@]}" >/dev/null # into the page cache

# The two tools must agree before they are timed.
for set in one four; do
	declare -n files=$set
	want=$(openssl dgst -sha256 "${files[@]}" | sed -E 's/^SHA2?-?256\((.*)\)= /SHA256 (\1) = /' | LC_ALL=C sort)
	got=$("$bin" "${files[@]}")
	[[ $got == "$want" ]] || { printf 'hash.sh: digests differ\nopenssl:\n%s\nhashfile:\n%s\n' "$want" "$got" >&2; exit 1; }
done

median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

# measure: runs "$@" RUNS times; sets WALL (s) and PEAK (MiB), the medians.
measure() {
	local walls=() peaks=() t0 t1 i
	for ((i = 0; i < RUNS; i++)); do
		t0=$EPOCHREALTIME
		"$TIME" -f '%M' -o "$work/rss" "$@" >/dev/null
		t1=$EPOCHREALTIME
		walls+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b-a}')")
		peaks+=("$(awk '{printf "%.1f", $1/1024}' "$work/rss")")
	done
	WALL=$(printf '%s\n' "${walls[@]}" | median)
	PEAK=$(printf '%s\n' "${peaks[@]}" | median)
}

bytes_of() { local n=0 f; for f in "$@"; do n=$((n + $(stat -c %s "$f"))); done; echo "$n"; }

printf '# %s; %s cores; sha_ni: %s; %s; %s\n' "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
	"$(nproc)" "$(grep -q sha_ni /proc/cpuinfo && echo yes || echo no)" "$(go version | cut -d' ' -f3)" "$(openssl version | cut -d' ' -f1-2)"
printf '# load average before: %s; %d runs each, medians; files in the page cache\n\n' "$(cut -d' ' -f1-3 /proc/loadavg)" "$RUNS"
printf '| %-52s | %7s | %7s | %8s | %10s |\n' "tool" "wall s" "MB/s" "peak MiB" "vs openssl"
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..54})" "---------" "---------" "----------" "------------"

row() { # row LABEL BYTES BASE_WALL
	printf '| %-52s | %7.3f | %7.0f | %8.1f | %9.2fx |\n' "$1" "$WALL" \
		"$(awk -v b="$2" -v w="$WALL" 'BEGIN {print b/w/1e6}')" "$PEAK" \
		"$(awk -v w="$WALL" -v base="$3" 'BEGIN {print w/base}')"
}

for set in one four; do
	declare -n files=$set
	n=$(bytes_of "${files[@]}")
	if [[ $set == one ]]; then what="1 file of $SIZE_MIB MiB"; else what="4 files of $quarter MiB"; fi
	measure openssl dgst -sha256 "${files[@]}"
	base=$WALL
	row "openssl dgst -sha256, $what" "$n" "$base"
	if [[ $set == four ]]; then
		measure bash -c 'printf "%s\0" "$@" | xargs -0 -P "$(nproc)" -n 1 openssl dgst -sha256' _ "${files[@]}"
		row "openssl x$(nproc) in parallel (xargs -P), $what" "$n" "$base"
	fi
	measure "$bin" "${files[@]}"
	row "baton (chain.HashFiles), $what" "$n" "$base"
	if [[ $SHA256SUM == 1 ]] && command -v sha256sum >/dev/null; then
		measure sha256sum --tag "${files[@]}"
		row "sha256sum --tag, $what" "$n" "$base"
	fi
done
printf '\n# load average after: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
