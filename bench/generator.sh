#!/usr/bin/env bash
# Benchmark: sample-company generation at benchmark size (default 100k customers x 60 months).
# Prints wall time and peak RSS of the generate command (JVM start included), with the machine size.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
customers=${1:-100000}
months=${2:-60}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
./revlake build >/dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB"
/usr/bin/time -f "wall %e s, peak RSS %M KB" ./revlake generate --out "$out" --customers "$customers" --months "$months" --seed 42 --start 2021-01
du -sh "$out"
