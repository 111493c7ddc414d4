#!/usr/bin/env bash
# Benchmark (issue #3): RevLake's ingest (parse, canonical validation, quarantine, ledger, Delta bronze with lineage)
# vs plain Spark reading the same CSV files and writing Delta with no validation (io.revlake.bench.IngestBaseline),
# same files, same run. ROWS (default 1,000,000) is the number of data rows to ingest: the canonical invoices.csv and
# invoice_lines.csv of a generated company sized to reach it. Prints the machine size, the load average before and
# after, rows/s of each and the ratio. Both are whole processes with the same JVM options and classpath (the ones
# ./revlake uses), so JVM and Spark session start are in both.
# BENCH_DIR keeps the files; BENCH_SKIP_BUILD=1 runs the current build (transform/target, bench/target) as it is.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows=${1:-1000000}
work=${BENCH_DIR:-$(mktemp -d)}
if [[ -z "${BENCH_SKIP_BUILD:-}" ]]; then
  ./revlake build >/dev/null
  mvn -q -B -DskipTests install -pl transform,bench -am >/dev/null
fi
opens=$(sed -n 's/^SPARK_OPENS="\(.*\)"$/\1/p' revlake)
cp="transform/target/classes:$(cat transform/target/runtime-classpath.txt)"
# shellcheck disable=SC2206  # word splitting of the option strings is intended
java_opts=(${REVLAKE_JAVA_OPTS:--Xmx6g} $opens -Dlog4j2.configurationFile=log4j2-revlake-cli.properties)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# About 13 invoices + lines per customer over 24 months (seed 42); grow the company until the files hold ROWS rows.
customers=$(( rows / 13 + 1 ))
rm -rf "$work/extract" "$work/input"
while :; do
  java "${java_opts[@]}" -cp "$cp" io.revlake.cli.RevLakeCli generate --out "$work/extract" --customers "$customers" --months 24 \
    --seed 42 --start 2022-01 >/dev/null
  have=$(( $(wc -l < "$work/extract/invoices.csv") + $(wc -l < "$work/extract/invoice_lines.csv") - 2 ))
  (( have >= rows )) && break
  customers=$(( customers * rows / have + 100 ))
done
mkdir -p "$work/input"
cp "$work/extract/invoices.csv" "$work/extract/invoice_lines.csv" "$work/input/"
echo "input: $have rows ($customers customers x 24 months: invoices.csv + invoice_lines.csv, $(du -sh "$work/input" | cut -f1))"

rm -rf "$work/warehouse" "$work/baseline"
/usr/bin/time -f "%e %M" -o "$work/revlake.time" java "${java_opts[@]}" -cp "$cp" io.revlake.cli.RevLakeCli ingest \
  --path "$work/input" --warehouse "$work/warehouse" > "$work/revlake.txt"
/usr/bin/time -f "%e %M" -o "$work/baseline.time" java "${java_opts[@]}" -cp "bench/target/classes:$cp" io.revlake.bench.IngestBaseline \
  "$work/input" "$work/baseline" > "$work/baseline.txt"

read -r revlake_s revlake_kb < "$work/revlake.time"
read -r base_s base_kb < "$work/baseline.time"
grep -vE "^(Ingesting|skipping)" "$work/revlake.txt" | tail -6
cat "$work/baseline.txt"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v n="$have" -v r="$revlake_s" -v b="$base_s" -v rm="$revlake_kb" -v bm="$base_kb" 'BEGIN {
  printf "revlake ingest: %.1f s wall, %.0f rows/s, %d MB peak RSS\n", r, n / r, rm / 1024
  printf "plain spark:    %.1f s wall, %.0f rows/s, %d MB peak RSS\n", b, n / b, bm / 1024
  printf "ratio revlake/plain: %.2fx the time, %.0f%% of the baseline rows/s\n", r / b, 100 * b / r }'
