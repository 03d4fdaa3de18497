#!/usr/bin/env bash
# bench/deps.sh: `baton deps` over a generated dependency set, next to the
# bare Ed25519 checks of the same signatures (issue 14).
#
# The set (chain/internal/ecosystem, fixed seeds): N packages (default
# 10000), each a directory with its chain of ENTRIES entries (default 20:
# a genesis and releases; every 100th package hands over at the middle), a
# manifest baton-deps.toml listing them, and a trust store pinning every
# package at position PIN (default 10), as a user who checked the set
# before: deps verifies every chain from its genesis, moves the pins to the
# heads, and leaves the hand-overs for consent (exit 3: stdin is no
# terminal). The set is written once and kept in $BATON_ECOSYSTEM_DIR
# (default ${TMPDIR:-/tmp}/baton-ecosystem-nN-eENTRIES-pPIN); every run
# starts from a fresh copy of its trust store.
#
# Each round (RUNS, default 3) runs, in turn:
#   bare       every signature of the set, ed25519.Verify in a loop on one
#              goroutine; only the checks are timed (ecosystem -bare)
#   1 core     taskset -c 0, GOMAXPROCS=1: baton deps --jobs 1
#   --jobs 1   baton deps --jobs 1 on both cores (each chain's signatures
#              are still checked on both)
#   --jobs 2   baton deps --jobs 2 on both cores
# and prints medians of wall time (EPOCHREALTIME around the command) and
# peak RSS (/usr/bin/time %M), then the ratios the issue sets targets for:
# 2-core speedup (1 core over --jobs 2, >= 1.8), peak RSS (<= 64 MiB) and
# the whole set over its bare checks (< 3, on one core).
#
#   N=10000 RUNS=3 bench/deps.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
ENTRIES=${ENTRIES:-20}
PIN=${PIN:-10}
RUNS=${RUNS:-3}
SET=${BATON_ECOSYSTEM_DIR:-${TMPDIR:-/tmp}/baton-ecosystem-n$N-e$ENTRIES-p$PIN}
TIME=/usr/bin/time
command -v "$TIME" >/dev/null || { echo "deps.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/baton-deps-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
CGO_ENABLED=0 go build -o "$work/baton" ./cmd/baton
go build -o "$work/ecosystem" ./chain/internal/ecosystem
baton=$work/baton
if ! "$baton" help deps >/dev/null 2>&1; then
	echo "deps.sh: this baton has no 'deps' verb yet ('baton help deps' fails): nothing to measure." >&2
	echo "deps.sh: the generated set can still be made: go run ./chain/internal/ecosystem -out DIR" >&2
	exit 1
fi

"$work/ecosystem" -out "$SET" -n "$N" -entries "$ENTRIES" -pin "$PIN"
manifest=$SET/baton-deps.toml
cat "$SET"/*/chain >/dev/null # into the page cache
export XDG_CACHE_HOME=$work/cache BATON_VAULT=$work/vault

one_core=(env GOMAXPROCS=1)
if command -v taskset >/dev/null; then
	one_core=(taskset -c 0 env GOMAXPROCS=1)
else
	echo "deps.sh: taskset is missing: the 1-core run sets only GOMAXPROCS=1" >&2
fi

# deps LABEL JOBS [PREFIX...]: one run of baton deps --jobs JOBS (after
# PREFIX: taskset...) with a fresh trust store; appends "seconds peak-KiB"
# to $work/LABEL.
deps() {
	local label=$1 jobs=$2; shift 2
	cp "$SET/trust" "$work/trust"
	local code=0 start end
	start=$EPOCHREALTIME
	"$TIME" -f '%M' -o "$work/mem" "$@" "$baton" deps --jobs "$jobs" --trust "$work/trust" --manifest "$manifest" </dev/null >"$work/out" 2>"$work/err" || code=$?
	end=$EPOCHREALTIME
	if [[ $code != 0 && $code != 3 ]]; then
		echo "deps.sh: $label: baton deps exited $code:" >&2
		tail -5 "$work/err" >&2
		exit 1
	fi
	echo "$(echo "$end - $start" | bc -l) $(tail -1 "$work/mem")" >>"$work/$label"
}

for r in $(seq "$RUNS"); do
	echo "round $r of $RUNS..." >&2
	"$work/ecosystem" -bare "$SET" >"$work/bare.out"
	sigs=$(awk '$1 == "signatures" {print $2}' "$work/bare.out")
	awk '$1 == "bare_seconds" {print $2, 0}' "$work/bare.out" >>"$work/bare"
	deps core1 1 "${one_core[@]}"
	deps jobs1 1
	deps jobs2 2
done
checked=$(grep -c '^\[\[package\]\]' "$manifest")

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
col() { awk -v c="$2" '{print $c}' "$work/$1" | median; }
bare=$(col bare 1)
c1=$(col core1 1) j1=$(col jobs1 1) j2=$(col jobs2 1)
m1=$(col core1 2) mj1=$(col jobs1 2) mj2=$(col jobs2 2)
mib() { echo "$1/1024" | bc -l; }

printf '\n| %d chains of %d entries, %d signatures (median of %d) | wall s | peak RSS MiB | vs bare |\n|---|---|---|---|\n' "$checked" "$ENTRIES" "$sigs" "$RUNS"
printf '| bare ed25519.Verify loop, 1 goroutine | %.2f | | 1.00x |\n' "$bare"
printf '| baton deps --jobs 1, 1 core (taskset, GOMAXPROCS=1) | %.2f | %.1f | %.2fx |\n' "$c1" "$(mib "$m1")" "$(echo "$c1/$bare" | bc -l)"
printf '| baton deps --jobs 1, 2 cores | %.2f | %.1f | %.2fx |\n' "$j1" "$(mib "$mj1")" "$(echo "$j1/$bare" | bc -l)"
printf '| baton deps --jobs 2, 2 cores | %.2f | %.1f | %.2fx |\n' "$j2" "$(mib "$mj2")" "$(echo "$j2/$bare" | bc -l)"
peak=$(printf '%s\n' "$m1" "$mj1" "$mj2" | sort -n | tail -1)
printf '\n| ratio | measured | target |\n|---|---|---|\n'
printf '| 2-core speedup (1 core / --jobs 2) | %.2fx | >= 1.8x |\n' "$(echo "$c1/$j2" | bc -l)"
printf '| peak RSS, any run | %.1f MiB | <= 64 MiB |\n' "$(mib "$peak")"
printf '| whole set / bare checks, 1 core | %.2fx | < 3x |\n' "$(echo "$c1/$bare" | bc -l)"
printf '| whole set / bare checks, --jobs 2 on 2 cores | %.2fx | |\n' "$(echo "$j2/$bare" | bc -l)"
