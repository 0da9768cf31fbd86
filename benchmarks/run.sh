#!/usr/bin/env bash
# Runs secure-pool's JMH benchmarks against bare HikariCP and updates docs/benchmarks.md (only the
# rows of the benchmarks run), docs/benchmarks/results.json and docs/benchmarks/ratios.svg.
#
#   ./benchmarks/run.sh [name...]      # no name: every benchmark
#   BENCH_QUICK=1 ./benchmarks/run.sh  # development: 1 fork, short iterations;
#                                      # writes benchmarks/target/benchmarks-quick.md instead
#   BENCH_LOCK=/path/to/lock ./benchmarks/run.sh   # hold this lock (flock) while building and
#                                      # measuring, so builds that take the same lock wait
#
# Names: see `all` below and benchmarks/README.md. Forks and iterations: benchmarks/README.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="benchmarks/target"
command="./benchmarks/run.sh${*:+ $*}"
all="checkout checkout-2t checkout-noleak checkout-2t-noleak prepare-cached execute-cached inspect-100b inspect-1k inspect-10k inspect-slope-numbers inspect-slope-strings checkout-dirty select1-tls select1-tls-trace-same select1-tls-trace-new rotation-soak"
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  read -r -a names <<< "$all"
fi
jmh_names=()
soak=false
for name in "${names[@]}"; do
  case " $all " in
    *" $name "*) ;;
    *) echo "run.sh: unknown benchmark '$name'; known: $all" >&2; exit 2 ;;
  esac
  if [ "$name" = rotation-soak ]; then soak=true; else jmh_names+=("$name"); fi
done

if [ -n "${BENCH_LOCK:-}" ]; then
  exec 9>"$BENCH_LOCK"
  echo "run.sh: waiting for $BENCH_LOCK"
  flock 9
fi

quick=()
doc="docs/benchmarks.md"
if [ -n "${BENCH_QUICK:-}" ]; then
  quick=(--quick)
  doc="$target/benchmarks-quick.md"
  command="BENCH_QUICK=1 $command"
fi
if [ -n "${BENCH_ROUNDS:-}" ]; then
  quick+=(--rounds "$BENCH_ROUNDS")
  command="BENCH_ROUNDS=$BENCH_ROUNDS $command"
fi

echo "run.sh: building the benchmarks and their class path (Maven)"
./mvnw -B -ntp -q -pl benchmarks -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmaven.test.skip=true -Dspotless.check.skip=true
classpath="$root/$target/classes:$(cat "$target/classpath.txt")"
java=(java -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$classpath")

load_before=()
if [ -r /proc/loadavg ]; then
  load_before=(--load-before "$(cut -d' ' -f1 /proc/loadavg)")
fi

result="$target/jmh-result.json"
rm -f "$result"
if [ ${#jmh_names[@]} -gt 0 ]; then
  echo "run.sh: running JMH for: ${jmh_names[*]} (full log: $target/jmh.log)"
  "${java[@]}" io.securepool.benchmarks.runner.RunJmh --result "$result" --log "$target/jmh.log" \
    ${quick[@]+"${quick[@]}"} "${jmh_names[@]}"
fi

soak_line=()
if $soak; then
  echo "run.sh: running rotation-soak (full log: $target/rotation-soak.log)"
  java -cp "$classpath" io.securepool.benchmarks.RotationSoak > "$target/rotation-soak.log" 2>&1 \
    || echo "run.sh: rotation-soak exited with status $?" >&2
  soak_line=(--soak "$(grep -v '^[[:space:]]*$' "$target/rotation-soak.log" | tail -n 1)")
fi

echo "run.sh: summary"
"${java[@]}" io.securepool.benchmarks.runner.Report --result "$result" --doc "$doc" \
  --command "$command" ${load_before[@]+"${load_before[@]}"} ${soak_line[@]+"${soak_line[@]}"} \
  "${names[@]}"
