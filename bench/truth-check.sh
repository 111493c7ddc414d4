#!/usr/bin/env bash
# Correctness at scale: generate a company, run the pipeline, export the gold MRR tables and compare every
# customer-month and every movement with the generator's ground truth, to the cent. Default 10k customers x 36 months.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
customers=${1:-10000}
months=${2:-36}
work=${BENCH_DIR:-$(mktemp -d)}
as_of=$(date -d "2022-01-01 +$months months -1 day" +%Y-%m-%d)
rm -rf "$work/warehouse"
./revlake generate --out "$work/extract" --customers "$customers" --months "$months" --seed 11 --start 2022-01 | tail -1
./revlake ingest --path "$work/extract" --warehouse "$work/warehouse" | tail -1
./revlake transform --warehouse "$work/warehouse" --stage silver --as-of "$as_of" | tail -1
./revlake transform --warehouse "$work/warehouse" --stage recurring --as-of "$as_of" | tail -1
./revlake export mrr_customer_month --warehouse "$work/warehouse" --out "$work/mrr_customer_month.csv"
./revlake export mrr_movements --warehouse "$work/warehouse" --out "$work/mrr_movements.csv"
python3 - "$work" <<'PY'
import csv, sys
from decimal import Decimal
work = sys.argv[1]
# The truth is the company bridge; gold's entering/leaving rows move MRR between dimension values (a change of segment
# or main plan while paying) and are checked on their own: they cancel for each customer and month.
MOVES = ("entering", "leaving")
def load(path, key, cols):
    with open(path, newline="") as f:
        return {tuple(r[k] for k in key): tuple(Decimal(r[c]) if c != "currency" else r[c] for c in cols)
                for r in csv.DictReader(f) if r.get("movement") not in MOVES}
with open(f"{work}/mrr_movements.csv", newline="") as f:
    net = {}
    for r in csv.DictReader(f):
        if r["movement"] in MOVES:
            net[(r["month"], r["customer_id"])] = net.get((r["month"], r["customer_id"]), 0) + Decimal(r["amount"])
uncancelled = {k: v for k, v in net.items() if v != 0}
print(f"entering/leaving: {len(net)} customer-months, {len(uncancelled)} that do not cancel")
ok = not uncancelled
for name, key, cols in [("mrr_customer_month", ("month", "customer_id"),
                         ("currency", "mrr_source_currency", "mrr", "mrr_constant_currency")),
                        ("mrr_movements", ("month", "customer_id", "movement"), ("amount",))]:
    truth = load(f"{work}/extract/truth/{name}.csv", key, cols)
    ours = load(f"{work}/{name}.csv", key, cols)
    diff = {k for k in truth.keys() | ours.keys() if truth.get(k) != ours.get(k)}
    print(f"{name}: {len(truth)} truth rows, {len(ours)} gold rows, {len(diff)} differences")
    for k in sorted(diff)[:10]:
        print("  ", k, "truth", truth.get(k), "gold", ours.get(k))
    ok &= not diff
sys.exit(0 if ok else 1)
PY
