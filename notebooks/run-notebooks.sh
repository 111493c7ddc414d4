#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless against a freshly built sample warehouse; fails on any cell error.
#   notebooks/run-notebooks.sh                    install Jupyter if missing, build a warehouse, install the kernel, run
#   notebooks/run-notebooks.sh --warehouse DIR    use an existing warehouse instead of building one
#   notebooks/run-notebooks.sh --out DIR          where executed notebooks are written (default: a temp dir)
#   notebooks/run-notebooks.sh --only-notebooks   build only the notebooks module for the kernel (upstream in ~/.m2)
# Needs Java 17, Maven and apt (Debian); Jupyter comes from Debian packages, the kernel from this repository.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY=/usr/bin/python3            # Debian's Python: a pyenv python3 earlier on PATH has no nbconvert
WAREHOUSE=""
OUT=""
KERNEL_ARGS=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --warehouse) WAREHOUSE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --only-notebooks) KERNEL_ARGS+=(--only-notebooks); shift ;;
    -h|--help) sed -n '2,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run-notebooks.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

t0=$SECONDS
step() { echo "[run-notebooks $(( SECONDS - t0 ))s] $*"; }

# 1. Jupyter from Debian, if missing.
if ! [[ -x "$PY" ]] || ! "$PY" -c 'import nbconvert, nbclient, nbformat, ipykernel' 2>/dev/null; then
  step "installing Jupyter from Debian packages"
  sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    jupyter-notebook jupyter-nbconvert python3-nbconvert python3-nbclient python3-ipykernel >/dev/null
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/revlake-notebooks.XXXXXX")"
[[ -z "$OUT" ]] && OUT="$WORK/executed"
mkdir -p "$OUT"

# 2. A small company and its warehouse, unless one was given.
if [[ -z "$WAREHOUSE" ]]; then
  WAREHOUSE="$WORK/warehouse"
  step "building a sample warehouse in $WAREHOUSE"
  ./revlake demo --no-serve --customers 300 --months 24 --warehouse "$WAREHOUSE" --data "$WORK/data"
  # Re-run the recurring stage on the same input, as of the same date: gold tables get a second Delta version,
  # which the data-team notebook compares with the first (a reproducible run shows no difference).
  as_of="$(date -u -d "$(date -u +%Y-%m-01) -1 day" +%F)"
  step "re-running the recurring stage as of $as_of (second table versions)"
  ./revlake transform --warehouse "$WAREHOUSE" --as-of "$as_of" --stage recurring
  # ./revlake has just built and installed every module: the kernel needs only this one.
  KERNEL_ARGS=(--only-notebooks)
fi
WAREHOUSE="$(cd "$WAREHOUSE" && pwd)"

# 3. The kernel.
step "installing the revlake-java kernel"
notebooks/install-kernel.sh "${KERNEL_ARGS[@]}"

# 4. Every notebook, in order; all run even after a failure, then the summary decides.
failed=()
for nb in notebooks/*.ipynb; do
  name="$(basename "$nb")"
  started=$SECONDS
  step "executing $name"
  if REVLAKE_WAREHOUSE="$WAREHOUSE" "$PY" -m nbconvert --to notebook --execute \
      --ExecutePreprocessor.timeout=300 --ExecutePreprocessor.startup_timeout=180 \
      --ExecutePreprocessor.kernel_name=revlake-java \
      --output-dir "$OUT" --output "$name" "$nb" > "$WORK/$name.log" 2>&1; then
    echo "  ok      $name ($(( SECONDS - started )) s)"
  else
    echo "  FAILED  $name ($(( SECONDS - started )) s); nbconvert said:"
    tail -40 "$WORK/$name.log" | sed 's/^/    /'
    failed+=("$name")
  fi
done

step "executed notebooks are in $OUT"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "run-notebooks.sh: ${#failed[@]} notebook(s) failed: ${failed[*]}" >&2
  exit 1
fi
step "all notebooks ran without a cell error"
