#!/usr/bin/env bash
# bench/verify.sh: a user's `baton verify` of a 20-release chain plus 1 GiB
# of release files, next to `openssl dgst -sha256` over the same files (the
# hash's own limit). Prints medians of RUNS runs (default 5) of wall time
# and peak RSS, and the ratio. Target: within 1.15x of openssl.
#
#   SIZE_MIB=1024 RUNS=5 bench/verify.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZE_MIB=${SIZE_MIB:-1024}
FILES=${FILES:-4}
TIME=/usr/bin/time
command -v "$TIME" >/dev/null || { echo "verify.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/baton-verify-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/baton" ./cmd/baton
baton=$work/baton
export BATON_VAULT=$work/vault BATON_TRUST=$work/trust BATON_PASSPHRASE_FILE=$work/pass
echo "bench passphrase, not secret" >"$work/pass"

echo "making a chain of 20 releases..." >&2
"$baton" init --package example.org/bench --name "Bench Signatory" --operator bench --kdf-rounds 4 >/dev/null 2>&1
for i in $(seq 1 19); do
	mkdir -p "$work/r$i" && echo "release $i" >"$work/r$i/bench-$i.tar.gz"
	"$baton" release --package example.org/bench --version "1.$i" --dir "$work/r$i" --operator bench --yes >/dev/null 2>&1
done
echo "making $SIZE_MIB MiB of release files for release 20..." >&2
mkdir -p "$work/r20"
for f in $(seq 1 "$FILES"); do
	head -c $((SIZE_MIB * 1048576 / FILES)) /dev/urandom >"$work/r20/bench-20-part$f.bin"
done
"$baton" release --package example.org/bench --version 2.0 --dir "$work/r20" --operator bench --yes >/dev/null 2>&1
pkgdir=$work/vault/example.org%2Fbench
cp "$pkgdir/releases/2.0/SHA256.sig" "$work/r20/"
words=$("$baton" keys show --package example.org/bench recovery --json 2>/dev/null | sed -n 's/.*"words": *"\([^"]*\)".*/\1/p')
"$baton" trust add --package example.org/bench --chain "$pkgdir/chain" --expect-words "$words" >/dev/null 2>&1
cat "$work"/r20/*.bin >/dev/null

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
measure() { # label command...
	local label=$1; shift
	local ts=() ms=()
	for _ in $(seq "$RUNS"); do
		local start=$EPOCHREALTIME
		"$TIME" -f '%M' -o "$work/mem" "$@" >/dev/null 2>&1
		local end=$EPOCHREALTIME
		ts+=("$(echo "$end - $start" | bc -l)")
		ms+=("$(cat "$work/mem")")
	done
	local t m
	t=$(printf '%s\n' "${ts[@]}" | median)
	m=$(printf '%s\n' "${ms[@]}" | median)
	printf '%s %s %s\n' "$label" "$t" "$m"
}
cd "$work/r20"
o=$(measure openssl openssl dgst -sha256 bench-20-part*.bin)
b=$(measure baton "$baton" verify --package example.org/bench --chain "$pkgdir/chain" --sig SHA256.sig --dir .)
read -r _ ot om <<<"$o"
read -r _ bt bm <<<"$b"
mib=$SIZE_MIB
printf '\n| command (%d MiB in %d files, 20-release chain) | wall s | MB/s | peak MiB | vs openssl |\n|---|---|---|---|---|\n' "$mib" "$FILES"
printf '| openssl dgst -sha256 | %.3f | %.0f | %.1f | 1.00x |\n' "$ot" "$(echo "$mib*1.048576/$ot" | bc -l)" "$(echo "$om/1024" | bc -l)"
printf '| baton verify --chain --sig | %.3f | %.0f | %.1f | %.2fx |\n' "$bt" "$(echo "$mib*1.048576/$bt" | bc -l)" "$(echo "$bm/1024" | bc -l)" "$(echo "$bt/$ot" | bc -l)"
