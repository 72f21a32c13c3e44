#!/usr/bin/env bash
# Mutation testing with Stryker.NET (pinned in .config/dotnet-tools.json): mutates a project, runs its tests
# against every mutant, and prints the score, the counts and every mutant that no test noticed.
#
#   bash scripts/mutation.sh            the Domain project with tests/HarombeActors.Domain.Tests (a few minutes)
#   bash scripts/mutation.sh actors     the Actors project's secret and consumer code with tests/HarombeActors.Actors.Tests
#                                       (real nodes per test: hours on two cores, see docs/mutation.md)
#
# Reports land in StrykerOutput/<target>/ (gitignored): reports/mutation-report.json and the full Stryker log.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:-domain}"
case "$target" in
  domain) tests="tests/HarombeActors.Domain.Tests"; config="$root/scripts/stryker-config.json" ;;
  actors) tests="tests/HarombeActors.Actors.Tests"; config="$root/scripts/stryker-config.actors.json" ;;
  *) echo "usage: bash scripts/mutation.sh [domain|actors]" >&2; exit 2 ;;
esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Many hosts in one test process would otherwise exhaust inotify watches (as in .ci/run).
export DOTNET_HOSTBUILDER__RELOADCONFIGONCHANGE=false

cd "$root"
dotnet tool restore >/dev/null

out="$root/StrykerOutput/$target"
rm -rf "$out"
mkdir -p "$out"
# Stryker leaves its instrumented copy of the mutated assembly in the test project's bin folder (also when
# stopped half-way); a later 'dotnet test --no-build' would run against it. Rebuilding copies the real one back.
restore_bin() { dotnet build "$root/$tests" -nologo -v q >/dev/null 2>&1 || echo "rebuild $tests before testing with --no-build" >&2; }
trap restore_bin EXIT
if [ "$target" = actors ]; then
  echo "warning: every Actors test starts a real node; a full run takes hours on two cores (docs/mutation.md)" >&2
fi
started=$SECONDS
# Stryker runs from the test project's folder; the config names the project to mutate and its test project.
(cd "$tests" && dotnet dotnet-stryker --config-file "$config" --output "$out") 2>&1 | tee "$out/stryker.log"
elapsed=$((SECONDS - started))

report="$out/reports/mutation-report.json"
if [ ! -f "$report" ]; then
  echo "no JSON report at $report: see $out/stryker.log" >&2
  exit 1
fi
echo
version=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["tools"]["dotnet-stryker"]["version"])' .config/dotnet-tools.json)
echo "== mutation summary: $target, Stryker.NET $version, $(nproc) cores, $((elapsed / 60)) min $((elapsed % 60)) s"
python3 "$root/scripts/mutation-summary.py" "$report"
