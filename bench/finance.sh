#!/usr/bin/env bash
# Benchmark (issue: cash, receivables and revenue recognition): the Spark finance stage vs DuckDB SQL of the same AR
# aging (every month end), DSO and revenue-recognition schedule, on the same silver data, in the same run. Default 80k
# customers x 60 months (about 1M invoices) with each recurring invoice line written as 5 lines (about 5 lines per
# invoice). The DuckDB side also checks that its aging, DSO and schedule equal the gold tables Spark wrote.
# Prints wall time and peak RSS of each (whole process: JVM and, for Spark, session start included) and the ratio.
#   finance.sh [customers] [months] [recurring-line-parts]
#   NO_BUILD=1 reuses the current build; MVN_FLAGS (e.g. -o) are passed to Maven. The build is a reactor `package`
#   (no install), and ./revlake runs that build as it is (REVLAKE_NO_BUILD).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
customers=${1:-80000}
months=${2:-60}
parts=${3:-${RECURRING_LINE_PARTS:-5}}
work=${BENCH_DIR:-$(mktemp -d)}
if [[ -z ${NO_BUILD:-} ]]; then
  mvn ${MVN_FLAGS:-} -q -B -DskipTests package -pl transform,metrics-api,bench -am >/dev/null
fi
export REVLAKE_NO_BUILD=1
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "company: $customers customers x $months months, recurring lines in $parts parts"
./revlake generate --out "$work/extract" --customers "$customers" --months "$months" --seed 42 --start 2021-01 \
  --recurring-line-parts "$parts" | tail -1
as_of=$(date -d "2021-01-01 +$months months -1 day" +%Y-%m-%d)
rm -rf "$work/warehouse"
./revlake ingest --path "$work/extract" --warehouse "$work/warehouse" | tail -1
./revlake transform --warehouse "$work/warehouse" --stage silver --as-of "$as_of" | tail -1
invoices=$(($(wc -l < "$work/extract/invoices.csv") - 1)); lines=$(($(wc -l < "$work/extract/invoice_lines.csv") - 1))
echo "extract: $invoices invoices, $lines invoice lines ($(awk -v l="$lines" -v i="$invoices" 'BEGIN { printf "%.2f", l / i }') per invoice)"

spark_log="$work/spark.txt"; duck_log="$work/duck.txt"
/usr/bin/time -f "%e %M" -o "$spark_log.time" ./revlake transform --warehouse "$work/warehouse" --stage finance --as-of "$as_of" > "$spark_log"
/usr/bin/time -f "%e %M" -o "$duck_log.time" java -Xmx12g -cp "bench/target/classes:$(cat bench/target/runtime-classpath.txt)" \
  io.revlake.bench.DuckDbFinance "$work/warehouse" "$as_of" > "$duck_log"

read -r spark_s spark_kb < "$spark_log.time"
read -r duck_s duck_kb < "$duck_log.time"
grep -E "gold.ar_aging|gold.dso_month|gold.revenue_schedule|Transform done" "$spark_log"
cat "$duck_log"
grep -q "0 aging rows differ, 0 DSO months differ (AR start, end, current or billings), 0 schedule rows differ" "$duck_log" \
  || { echo "finance bench: DuckDB and Spark disagree" >&2; exit 1; }
printf "spark finance stage (aging, DSO, schedule, waterfall, deferred, RPO, bookings, journal): %.1f s wall, %d MB peak RSS\n" "$spark_s" $((spark_kb / 1024))
printf "duckdb baseline (aging at every month end, DSO, revenue schedule):                     %.1f s wall, %d MB peak RSS\n" "$duck_s" $((duck_kb / 1024))
awk -v s="$spark_s" -v d="$duck_s" -v sm="$spark_kb" -v dm="$duck_kb" \
  'BEGIN { printf "ratio spark/duckdb: time %.2fx, peak memory %.2fx\n", s / d, sm / dm }'
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
