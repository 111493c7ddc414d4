#!/usr/bin/env bash
# Cluster runtime check (docs/cluster.md): builds the spark-submit jar, starts a Spark standalone master and one
# worker on 127.0.0.1 (child JVMs of the test), submits `pipeline` (ingest + all transform stages) on a tiny sample
# company and compares every gold table with a local-mode run. A few minutes on 2 cores.
#   .ci/cluster-test.sh            from the repository root (or anywhere: it cds there)
# Extra arguments go to Maven (e.g. -o for offline).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
pids="transform/target/cluster-test.pids"

# The test ends its cluster itself (also on failure); this covers a test JVM that was killed before it could.
cleanup() {
  [[ -f "$pids" ]] || return 0
  local pid
  while read -r pid; do
    [[ -n "$pid" ]] || continue
    # only our own children: a java process whose command line names the test's Spark home
    if grep -qs "spark-home" "/proc/$pid/cmdline" 2>/dev/null || grep -qs "SparkSubmit" "/proc/$pid/cmdline" 2>/dev/null; then
      pkill -TERM -P "$pid" 2>/dev/null || true
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done < "$pids"
}
trap cleanup EXIT

t0=$SECONDS
# Reactor build of ingest + transform only: package (the -cluster.jar, runtime-classpath.txt), then the
# integration-test phase runs the tests tagged "cluster". -Dtest keeps the unit tests of both modules out.
mvn -B "$@" -pl ingest,transform -am verify -Pcluster-test \
  -Dtest=ClusterPipelineTest -Dsurefire.failIfNoSpecifiedTests=false
echo "cluster-test: passed in $((SECONDS - t0)) s"
