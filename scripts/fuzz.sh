#!/usr/bin/env bash
# Runs every fuzz target of the repository for the given time each
# (default 60s): `make fuzz` runs it as is, `make test` with a short pass.
# New crashers land in the package's testdata/fuzz/ and fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."
time=${1:-60s}
n=0
for pkg in $(go list ./... | grep -v /app); do
	for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
		echo "== $pkg $target ($time)"
		go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$time" >/tmp/fuzz.$$.log 2>&1 || { cat /tmp/fuzz.$$.log; rm -f /tmp/fuzz.$$.log; exit 1; }
		tail -1 /tmp/fuzz.$$.log
		n=$((n + 1))
	done
done
rm -f /tmp/fuzz.$$.log
echo "fuzz: $n targets ran for $time each, no failure"
