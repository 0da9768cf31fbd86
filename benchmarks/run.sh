#!/usr/bin/env bash
# Runs secure-pool's JMH benchmarks against bare HikariCP and writes docs/benchmarks.md.
#
#   ./benchmarks/run.sh [name...]      # no name: every benchmark
#   BENCH_QUICK=1 ./benchmarks/run.sh  # development: 1 fork, short iterations;
#                                      # writes benchmarks/target/benchmarks-quick.md instead
#
# Names: checkout checkout-2t prepare-cached execute-cached inspect-100b inspect-1k inspect-10k
#        checkout-dirty select1-tls select1-tls-trace-same select1-tls-trace-new rotation-soak. Forks and iterations: benchmarks/README.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="benchmarks/target"
command="./benchmarks/run.sh${*:+ $*}"
all="checkout checkout-2t prepare-cached execute-cached inspect-100b inspect-1k inspect-10k checkout-dirty select1-tls select1-tls-trace-same select1-tls-trace-new rotation-soak"
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

quick=()
doc="docs/benchmarks.md"
if [ -n "${BENCH_QUICK:-}" ]; then
  quick=(--quick)
  doc="$target/benchmarks-quick.md"
  command="BENCH_QUICK=1 $command"
fi

echo "run.sh: building the benchmarks and their class path (Maven)"
./mvnw -B -ntp -q -pl benchmarks -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmaven.test.skip=true -Dspotless.check.skip=true
classpath="$root/$target/classes:$(cat "$target/classpath.txt")"
java=(java -Dorg.slf4j.simpleLogger.defaultLogLevel=error -cp "$classpath")

result="$target/jmh-result.json"
rm -f "$result"
if [ ${#jmh_names[@]} -gt 0 ]; then
  echo "run.sh: running JMH for: ${jmh_names[*]} (full log: $target/jmh.log)"
  "${java[@]}" io.securepool.benchmarks.runner.RunJmh --result "$result" --log "$target/jmh.log" \
    ${quick[@]+"${quick[@]}"} "${jmh_names[@]}"
fi

soak_line=()
if $soak; then
  if [ -f "$target/classes/io/securepool/benchmarks/RotationSoak.class" ]; then
    echo "run.sh: running rotation-soak (full log: $target/rotation-soak.log)"
    java -cp "$classpath" io.securepool.benchmarks.RotationSoak > "$target/rotation-soak.log" 2>&1 \
      || echo "run.sh: rotation-soak exited with status $?" >&2
    soak_line=(--soak "$(grep -v '^[[:space:]]*$' "$target/rotation-soak.log" | tail -n 1)")
  fi
fi

echo "run.sh: summary"
"${java[@]}" io.securepool.benchmarks.runner.Report --result "$result" --doc "$doc" \
  --command "$command" ${soak_line[@]+"${soak_line[@]}"} "${names[@]}"
