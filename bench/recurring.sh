#!/usr/bin/env bash
# Benchmark (issue: recurring-revenue metrics): the Spark recurring stage vs the DuckDB SQL implementation of the
# same MRR and movement definitions, on the same silver data, in the same run. Default 100k customers x 60 months.
# Prints wall time and peak RSS of each (whole process: JVM and, for Spark, session start included) and the ratio.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
customers=${1:-100000}
months=${2:-60}
work=${BENCH_DIR:-$(mktemp -d)}
./revlake build >/dev/null
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; company: $customers customers x $months months"
./revlake generate --out "$work/extract" --customers "$customers" --months "$months" --seed 42 --start 2021-01 | tail -1
as_of=$(date -d "2021-01-01 +$months months -1 day" +%Y-%m-%d)
rm -rf "$work/warehouse"
./revlake ingest --path "$work/extract" --warehouse "$work/warehouse" | tail -1
./revlake transform --warehouse "$work/warehouse" --stage silver --as-of "$as_of" | tail -1

spark_log="$work/spark.txt"; duck_log="$work/duck.txt"
/usr/bin/time -f "%e %M" -o "$spark_log.time" ./revlake transform --warehouse "$work/warehouse" --stage recurring --as-of "$as_of" > "$spark_log"
mvn -q -B -DskipTests install -pl transform,metrics-api,bench -am >/dev/null
/usr/bin/time -f "%e %M" -o "$duck_log.time" java -Xmx12g -cp "bench/target/classes:$(cat bench/target/runtime-classpath.txt)" \
  io.revlake.bench.DuckDbRecurring "$work/warehouse" "$as_of" > "$duck_log"

read -r spark_s spark_kb < "$spark_log.time"
read -r duck_s duck_kb < "$duck_log.time"
grep -E "mrr_customer_month|mrr_movements|Transform done" "$spark_log"
cat "$duck_log"
printf "spark recurring stage: %.1f s wall, %d MB peak RSS\n" "$spark_s" $((spark_kb / 1024))
printf "duckdb baseline:       %.1f s wall, %d MB peak RSS\n" "$duck_s" $((duck_kb / 1024))
awk -v s="$spark_s" -v d="$duck_s" -v sm="$spark_kb" -v dm="$duck_kb" \
  'BEGIN { printf "ratio spark/duckdb: time %.2fx, peak memory %.2fx\n", s / d, sm / dm }'
