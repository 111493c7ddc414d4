#!/usr/bin/env bash
# Benchmark (issue #3 and the connectors issue): RevLake's ingest (parse, mapping, validation, quarantine, ledger,
# Delta bronze with lineage) vs plain Spark reading the same files and writing Delta with no validation
# (io.revlake.bench.IngestBaseline), same files, same run, for each source format the generator writes:
#   ingest.sh [rows] [sources]        e.g. ingest.sh 1000000 canonical,stripe,salesforce,erp
# sources (or SOURCES) defaults to canonical, as before:
#   canonical   invoices.csv + invoice_lines.csv of the canonical extract (24 months)
#   stripe      Stripe API JSON lines: customers, products, prices, subscriptions, invoices (lines embedded),
#               credit_notes, charges (24 months)
#   salesforce  Salesforce Data Export CSV: Account, Opportunity, Contract (12 months). OpportunityLineItem.csv and
#               User.csv are left out of the input: the connector has no rule for them and does not read them.
#   erp         NetSuite2 tables as Fivetran lands them: currency, customer, transaction, transaction_line (24 months)
# For each source, a company (seed 42, from 2022-01) is generated with --format SOURCE and grown until the source's
# files hold at least ROWS rows (default 1,000,000), counted as RevLake's ingest report counts them: rows read, i.e.
# records mapped to a canonical record. A CSV data row is one row; a JSON line (one object) is one row, and each
# line item embedded in a Stripe invoice is one more (it becomes a bronze invoice line). Rows of the files that
# map to nothing are not counted: Stripe products and prices; NetSuite's currency table and the transaction lines
# the connector reads with their transaction (invoice main and tax lines, payment and credit-memo lines). The
# expected count comes from the generator's canonical counts (e.g. Stripe: customers + subscription items +
# invoices + invoice lines + credit notes + payments); the script fails unless RevLake reads exactly that many and
# accepted + quarantined = read, in total and file by file.
# Both sides are whole processes with the same JVM options and classpath (the ones ./revlake uses), so JVM and Spark
# session start are in both; rows/s of both sides are RevLake's rows read over the wall time, so the ratio is the
# ratio of the times. The baseline reads CSV with a header and JSON lines with Spark's JSON reader (schema inferred,
# nested objects and lists kept nested, not flattened). Prints the machine size, the load average before and after
# each run, rows read, accepted, quarantined, wall time, rows/s, peak RSS of each and the ratio, then a summary.
# BENCH_DIR keeps the files; BENCH_SKIP_BUILD=1 (or NO_BUILD=1) runs the current build as it is, otherwise the
# script builds with a reactor `package` (MVN_FLAGS, e.g. -o, are passed to Maven). GEN_JAVA_OPTS: the generator's
# JVM options (default -Xmx12g: the format writers hold the whole canonical company in memory; not measured).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows=${1:-1000000}
sources=${2:-${SOURCES:-canonical}}
work=${BENCH_DIR:-$(mktemp -d)}
if [[ -z "${BENCH_SKIP_BUILD:-}${NO_BUILD:-}" ]]; then
  mvn ${MVN_FLAGS:-} -q -B -DskipTests package -pl transform,bench -am >/dev/null
fi
opens=$(sed -n 's/^SPARK_OPENS="\(.*\)"$/\1/p' revlake)
cp="transform/target/classes:$(cat transform/target/runtime-classpath.txt)"
# shellcheck disable=SC2206  # word splitting of the option strings is intended
java_opts=(${REVLAKE_JAVA_OPTS:--Xmx6g} $opens -Dlog4j2.configurationFile=log4j2-revlake-cli.properties)
# shellcheck disable=SC2206
gen_opts=(${GEN_JAVA_OPTS:--Xmx12g} $opens -Dlog4j2.configurationFile=log4j2-revlake-cli.properties)
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load average before: $(load)"

months_of() { [[ $1 == salesforce ]] && echo 12 || echo 24; }
# Rows per 1,000 customers (seed 42), a first guess at the company's size.
per_thousand() { case $1 in canonical) echo 13100 ;; stripe) echo 21970 ;; salesforce) echo 2420 ;; erp) echo 20330 ;; esac; }
# The canonical files whose records the source's files carry (what its connector should read).
entities_of() {
  case $1 in
    canonical) echo "invoices.csv invoice_lines.csv" ;;
    stripe) echo "customers.csv subscription_items.csv invoices.csv invoice_lines.csv credit_notes.csv payments.csv" ;;
    salesforce) echo "customers.csv opportunities.csv contracts.csv" ;;
    erp) echo "customers.csv invoices.csv payments.csv credit_notes.csv invoice_lines.csv" ;;
  esac
}
# The files ingested (relative to the generated folder).
inputs_of() {
  case $1 in
    canonical) echo "invoices.csv invoice_lines.csv" ;;
    stripe) echo "stripe/customers.jsonl stripe/products.jsonl stripe/prices.jsonl stripe/subscriptions.jsonl" \
      "stripe/invoices.jsonl stripe/credit_notes.jsonl stripe/charges.jsonl" ;;
    salesforce) echo "salesforce/Account.csv salesforce/Opportunity.csv salesforce/Contract.csv" ;;
    erp) echo "erp/netsuite2_currency_data.csv erp/netsuite2_customer_data.csv erp/netsuite2_transaction_data.csv" \
      "erp/netsuite2_transaction_line_data.csv" ;;
    *) echo "ingest bench: unknown source '$1' (canonical, stripe, salesforce or erp)" >&2; return 1 ;;
  esac
}
# Records the generator reports for the given files ("  name   1,234 rows|records" lines of its output).
counted() {
  awk -v want=" $* " '{ n = $2; gsub(",", "", n) } index(want, " " $1 " ") && n ~ /^[0-9]+$/ { s += n } END { print s + 0 }' "$gen_log"
}
fail() { echo "ingest bench ($src): $*" >&2; exit 1; }

summary=()
IFS=',' read -r -a source_list <<< "$sources"
for src in "${source_list[@]}"; do
  inputs=$(inputs_of "$src")
  dir="$work/$src"; months=$(months_of "$src"); gen_log="$dir/generate.txt"
  rm -rf "$dir"; mkdir -p "$dir"
  format=(); [[ $src != canonical ]] && format=(--format "$src")
  customers=$(( rows * 1000 * 1005 / 1000 / $(per_thousand "$src") + 1 ))
  while :; do
    rm -rf "$dir/extract"
    java "${gen_opts[@]}" -cp "$cp" io.revlake.cli.RevLakeCli generate --out "$dir/extract" --customers "$customers" \
      --months "$months" --seed 42 --start 2022-01 "${format[@]}" > "$gen_log" 2> "$dir/generate.err" \
      || { cat "$dir/generate.err" >&2; fail "generate failed"; }
    # shellcheck disable=SC2046
    expected=$(counted $(entities_of "$src"))
    (( expected >= rows )) && break
    customers=$(( customers * rows / expected + 100 ))
  done
  mkdir -p "$dir/input"
  for f in $inputs; do ln "$dir/extract/$f" "$dir/input/"; done
  # shellcheck disable=SC2086
  file_rows=$(counted $inputs)
  rm -rf "$dir/extract"
  echo
  echo "== $src: $expected rows to read ($customers customers x $months months; files: $(cd "$dir/input" && echo *)," \
    "$(du -sh "$dir/input" | cut -f1), $file_rows data rows / JSON lines in them)"

  load_before=$(load)
  /usr/bin/time -f "%e %M" -o "$dir/revlake.time" java "${java_opts[@]}" -cp "$cp" io.revlake.cli.RevLakeCli ingest \
    --source "$src" --path "$dir/input" --warehouse "$dir/warehouse" > "$dir/revlake.txt" 2> "$dir/revlake.err" \
    || { tail -20 "$dir/revlake.err" >&2; fail "RevLake ingest failed (see $dir/revlake.txt)"; }
  load_mid=$(load)
  /usr/bin/time -f "%e %M" -o "$dir/baseline.time" java "${java_opts[@]}" -cp "bench/target/classes:$cp" \
    io.revlake.bench.IngestBaseline "$dir/input" "$dir/baseline" > "$dir/baseline.txt" 2> "$dir/baseline.err" \
    || { tail -20 "$dir/baseline.err" >&2; fail "plain Spark baseline failed (see $dir/baseline.txt)"; }
  load_after=$(load)

  sed -n '/^batch /,$p' "$dir/revlake.txt"
  cat "$dir/baseline.txt"
  # Per file: "  NAME: R read, A accepted, Q quarantined"; in total: "  total  R  A  REJECTED".
  read -r files_read files_accepted files_quarantined mismatched < <(awk '
    match($0, /: [0-9]+ read, [0-9]+ accepted, [0-9]+ quarantined/) {
      split(substr($0, RSTART + 2, RLENGTH - 2), f, /[ ,]+/)
      r += f[1]; a += f[3]; q += f[5]; if (f[1] != f[3] + f[5]) bad++ }
    END { print r + 0, a + 0, q + 0, bad + 0 }' "$dir/revlake.txt")
  read -r total_read total_accepted total_rejected < <(awk '$1 == "total" && NF == 4 { print $2, $3, $4 }' "$dir/revlake.txt")
  [[ -n ${total_read:-} ]] || fail "no total in RevLake's ingest report"
  (( mismatched == 0 )) || fail "$mismatched file(s) where accepted + quarantined != read"
  (( total_read == total_accepted + total_rejected )) \
    || fail "accepted $total_accepted + quarantined $total_rejected != read $total_read"
  (( total_read == files_read && total_accepted == files_accepted && total_rejected == files_quarantined )) \
    || fail "the report's total ($total_read, $total_accepted, $total_rejected) is not the sum of its files" \
      "($files_read, $files_accepted, $files_quarantined)"
  (( total_read == expected )) || fail "RevLake read $total_read rows; the files hold $expected"
  base_written=$(sed -n 's/^baseline: [0-9]* files, \([0-9]*\) rows written.*/\1/p' "$dir/baseline.txt")
  (( base_written == file_rows )) || fail "the baseline wrote $base_written rows; the files hold $file_rows"

  read -r revlake_s revlake_kb < "$dir/revlake.time"
  read -r base_s base_kb < "$dir/baseline.time"
  line=$(awk -v s="$src" -v n="$total_read" -v r="$revlake_s" -v b="$base_s" -v rm="$revlake_kb" -v bm="$base_kb" \
    'BEGIN { printf "%-10s %10d %8.1f %8.0f %7d %8.1f %8.0f %7d %6.2fx", s, n, r, n / r, rm / 1024, b, n / b, bm / 1024, r / b }')
  summary+=("$line   $load_before | $load_mid | $load_after")
  echo "revlake ingest: $total_read read, $total_accepted accepted, $total_rejected quarantined;" \
    "$(awk -v n="$total_read" -v r="$revlake_s" -v m="$revlake_kb" 'BEGIN { printf "%.1f s wall, %.0f rows/s, %d MB peak RSS", r, n / r, m / 1024 }')"
  echo "plain spark:    $base_written rows written (every row of the files);" \
    "$(awk -v n="$total_read" -v w="$base_written" -v b="$base_s" -v m="$base_kb" 'BEGIN { printf "%.1f s wall, %.0f rows/s (%.0f of the rows it wrote), %d MB peak RSS", b, n / b, w / b, m / 1024 }')"
  awk -v r="$revlake_s" -v b="$base_s" 'BEGIN { printf "ratio revlake/plain: %.2fx the time, %.0f%% of the baseline rows/s\n", r / b, 100 * b / r }'
  echo "load average: $load_before before, $load_mid between, $load_after after"
done

echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load average after: $(load)"
echo "source      rows read  revlake s   rows/s      MB  plain s   rows/s      MB  ratio   load average before | between | after"
printf '%s\n' "${summary[@]}"
