#!/usr/bin/env bash
# Installs the revlake-java Jupyter kernel for the current user, in one command:
#   notebooks/install-kernel.sh                  build the notebooks module (and what it needs), write the kernelspec
#   notebooks/install-kernel.sh --only-notebooks build only this module, against RevLake jars already installed in ~/.m2
#   notebooks/install-kernel.sh --kernels-dir D  write D/revlake-java/kernel.json instead of the user's Jupyter dir
# The kernelspec runs: java -cp <classpath> io.revlake.notebooks.kernel.RevLakeKernel {connection_file}
# RevLake's own jars are copied next to kernel.json, so `mvn clean` does not break an installed kernel; the
# other jars stay in the local Maven repository. Re-run after changing RevLake code the notebooks use.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KERNEL_NAME="revlake-java"
KERNELS_DIR="${JUPYTER_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/jupyter}/kernels"
ONLY_NOTEBOOKS=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --only-notebooks) ONLY_NOTEBOOKS=1; shift ;;
    --kernels-dir) KERNELS_DIR="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-kernel.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v java >/dev/null || { echo "install-kernel.sh: Java 17 is needed (java not on PATH)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "install-kernel.sh: Maven is needed (mvn not on PATH)" >&2; exit 1; }
JAVA_BIN="$(command -v java)"
[[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]] && JAVA_BIN="$JAVA_HOME/bin/java"

cd "$ROOT"
echo "Building the notebooks module and its kernel classpath…"
if [[ $ONLY_NOTEBOOKS -eq 1 ]]; then
  # shellcheck disable=SC2086
  mvn -q -B ${REVLAKE_MVN_OPTS:-} -Dmaven.test.skip=true package -pl notebooks
else
  # shellcheck disable=SC2086
  mvn -q -B ${REVLAKE_MVN_OPTS:-} -Dmaven.test.skip=true package -pl notebooks -am
fi

CP_FILE="notebooks/target/kernel-classpath.txt"
[[ -s "$CP_FILE" ]] || { echo "install-kernel.sh: $CP_FILE was not written by the build" >&2; exit 1; }
NOTEBOOKS_JAR="$(ls notebooks/target/revlake-notebooks-*.jar | grep -v -- '-tests.jar' | head -1)"

SPEC_DIR="$KERNELS_DIR/$KERNEL_NAME"
rm -rf "$SPEC_DIR"
mkdir -p "$SPEC_DIR/lib"
cp "$NOTEBOOKS_JAR" "$SPEC_DIR/lib/"
classpath="$SPEC_DIR/lib/$(basename "$NOTEBOOKS_JAR")"
IFS=":" read -r -a entries < "$CP_FILE" || true  # no trailing newline: read says EOF
for entry in "${entries[@]}"; do
  [[ -z "$entry" ]] && continue
  if [[ "$(basename "$entry")" == revlake-* && -f "$entry" ]]; then
    cp "$entry" "$SPEC_DIR/lib/"
    classpath="$classpath:$SPEC_DIR/lib/$(basename "$entry")"
  else
    classpath="$classpath:$entry"
  fi
done

json_string() { # JSON string literal of $1
  local s="${1//\\/\\\\}"
  s="${s//\"/\\\"}"
  printf '"%s"' "$s"
}

cat > "$SPEC_DIR/kernel.json" <<JSON
{
  "argv": [$(json_string "$JAVA_BIN"), "-Xmx2g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
           "-Dlog4j2.configurationFile=revlake-notebooks-log4j2.properties",
           "-cp", $(json_string "$classpath"),
           "io.revlake.notebooks.kernel.RevLakeKernel", "{connection_file}"],
  "display_name": "RevLake (Java)",
  "language": "java",
  "interrupt_mode": "message",
  "metadata": {"revlake_root": $(json_string "$ROOT")}
}
JSON
echo "Installed kernel '$KERNEL_NAME' in $SPEC_DIR"
