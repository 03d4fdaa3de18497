#!/usr/bin/env bash
# bench/hostile.sh: peak RSS of baton refusing hostile input, and of baton
# log and verify on a chain of 100,000 entries. Target (issue 10): every
# case under 64 MiB. Prints a Markdown table for BENCH.md.
#
#   bench/hostile.sh            (N=100000 entries in the long chain)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
TIME=/usr/bin/time
command -v "$TIME" >/dev/null || { echo "hostile.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/baton-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/baton" ./cmd/baton
go build -o "$work/longchain" ./bench/cmd/longchain
baton=$work/baton
export BATON_TRUST=$work/trust

# measure NAME WANT-EXIT CMD...: one row, peak RSS in MiB and seconds.
measure() {
	local name=$1 want=$2; shift 2
	local code=0
	"$TIME" -f '%M %e' -o "$work/time" "$@" >/dev/null 2>"$work/err" || code=$?
	read -r kb secs < <(tail -1 "$work/time")
	local verdict=ok
	[[ $code == "$want" ]] || verdict="FAIL: exit $code, want $want ($(tail -1 "$work/err"))"
	printf '| %s | %d | %.1f | %s | %s |\n' "$name" "$code" "$(echo "$kb/1024" | bc -l)" "$secs" "$verdict"
}

echo "making hostile inputs and a chain of $N entries..." >&2
head -c 1073741824 /dev/zero >"$work/zero-1g"
head -c 10485760 /dev/zero | tr '\0' a >"$work/line-10m"
seq 200000 | sed 's/.*/position 1/' >"$work/lines-200k"
"$work/longchain" -n "$N" -key "$work/long.key" >"$work/long.chain"
long_key=$(cat "$work/long.key")
head -c 1073741824 /dev/zero >"$work/sig-1g"

echo "| input | exit | peak RSS MiB | seconds | verdict |"
echo "|---|---|---|---|---|"
v=(verify --package example.org/long --expect-words x)
measure "verify --chain: a 1 GiB file" 1 "$baton" "${v[@]}" --chain "$work/zero-1g"
pipe="verify --package example.org/long --chain - --expect-words x"
measure "verify --chain -: 1 GiB through a pipe" 1 bash -c "head -c 1073741824 /dev/urandom | $baton $pipe"
measure "verify --chain -: 100 MB through a pipe" 1 bash -c "head -c 100000000 /dev/urandom | $baton $pipe"
measure "verify --chain: one 10 MB line" 1 "$baton" "${v[@]}" --chain "$work/line-10m"
measure "verify --chain: 200,000 lines" 1 "$baton" "${v[@]}" --chain "$work/lines-200k"
measure "trust add --chain: a 1 GiB file" 1 "$baton" trust add --package example.org/long --expect-words x --chain "$work/zero-1g"
measure "log --chain: a 1 GiB file" 1 "$baton" log --chain "$work/zero-1g"
measure "log --chain: $N entries" 0 "$baton" log --chain "$work/long.chain"
measure "log --json --chain: $N entries" 0 "$baton" log --json --chain "$work/long.chain"
measure "verify (first trust) of $N entries" 0 "$baton" verify --package example.org/long --chain "$work/long.chain" --expect-key "$long_key"
measure "verify (pinned) of $N entries, --sig a 1 GiB file" 1 "$baton" verify --package example.org/long --chain "$work/long.chain" --sig "$work/sig-1g"
