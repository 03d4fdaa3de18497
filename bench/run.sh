#!/usr/bin/env bash
# bench/run.sh: every benchmark whose results are in BENCH.md.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== release hashing vs openssl (bench/hash.sh)"; bench/hash.sh
echo "== a user's verify of a 20-release chain and 1 GiB vs openssl (bench/verify.sh)"; bench/verify.sh
echo "== hostile input and 100,000-entry chains, peak RSS (bench/hostile.sh)"; bench/hostile.sh
echo "== first trust of a 10,001-entry chain vs its bare Ed25519 checks; baton log's peak RSS (bench/firsttrust.sh)"; bench/firsttrust.sh
echo "== baton deps over 10,000 generated chains vs their bare Ed25519 checks (bench/deps.sh)"; bench/deps.sh
echo "== Go benchmarks"
BATON_BENCH_DIR=${BATON_BENCH_DIR:-$(mktemp -d)} go test ./chain/ -run '^$' -bench 'HashFiles|Release1GiB' -benchtime 5x
echo "== release wizard progress during a 1 GiB hash (bench/progress.sh)"; bench/progress.sh
echo "== the transparency log: appends, proof check, monitor over 1,000,000 entries (bench/tlog.sh)"; bench/tlog.sh
if [[ -x bench/startup.sh ]]; then echo "== desktop app start-up (bench/startup.sh)"; bench/startup.sh; fi
