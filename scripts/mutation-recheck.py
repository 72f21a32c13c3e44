#!/usr/bin/env python3
"""Re-tries, one at a time, the mutants a Stryker.NET run marked CompileError.

Stryker compiles all mutants into one assembly. When a mutant breaks the build and Stryker cannot tell which
one did (a mutated pattern variable breaks definite assignment elsewhere in the method), it drops the
method's other mutants too and calls them all compile errors: they count for nothing in the score, and some
of them are perfectly good mutants that no test kills. This script applies each of them alone to a copy of
the project (so the work tree is never touched), builds it with warnings allowed (an emptied 'if' body is
only a warning), and runs the tests: every mutant ends up NoCompile, Killed or Survived.

    python3 scripts/mutation-recheck.py [REPORT] [TEST_PROJECT_DIR]

Defaults: StrykerOutput/domain/reports/mutation-report.json and tests/HarombeActors.Domain.Tests. About
5 to 15 s a mutant on two cores. Standard library only.
"""
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def offset(lines: list[str], pos: dict) -> int:
    # Lines and columns are 1-based; the end column is exclusive.
    return sum(len(line) + 1 for line in lines[: pos["line"] - 1]) + pos["column"] - 1


def run(args: list[str], cwd: Path, timeout: int) -> int:
    try:
        return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        return -1


def main(report_path: Path, tests: Path) -> int:
    report = json.loads(report_path.read_text(encoding="utf-8"))
    project = Path(report["projectRoot"])
    todo = [(Path(name), file["source"], m)
            for name, file in sorted(report["files"].items())
            for m in file["mutants"] if m["status"] == "CompileError"]
    print(f"{len(todo)} mutants marked CompileError in {report_path}", flush=True)

    with tempfile.TemporaryDirectory(prefix="mutation-recheck-") as tmp:
        copy = Path(tmp)
        for props in REPO.glob("Directory.*.props"):
            shutil.copy(props, copy / props.name)
        ignore = shutil.ignore_patterns("bin", "obj")
        for folder in (project, REPO / tests):
            shutil.copytree(folder, copy / folder.relative_to(REPO), ignore=ignore)
        test_dir = copy / tests
        build = ["dotnet", "build", str(test_dir), "-nologo", "-v", "q", "-p:TreatWarningsAsErrors=false"]
        if run(build, copy, 600) != 0:
            print("the unmutated copy does not build", file=sys.stderr)
            return 1
        build.append("--no-restore")

        outcomes: Counter[str] = Counter()
        survivors = []
        for name, source, m in todo:
            target = copy / name.relative_to(REPO)
            lines = source.split("\n")
            start, end = offset(lines, m["location"]["start"]), offset(lines, m["location"]["end"])
            target.write_text(source[:start] + m["replacement"] + source[end:], encoding="utf-8")
            try:
                if run(build, copy, 600) != 0:
                    status = "NoCompile"
                else:
                    code = run(["dotnet", "test", str(test_dir), "--no-build", "-nologo"], copy, 300)
                    status = "Survived" if code == 0 else "Killed"
            finally:
                target.write_text(source, encoding="utf-8")
            outcomes[status] += 1
            where = f"{name.relative_to(project)}:{m['location']['start']['line']}"
            mutation = f"{m['mutatorName']}: {' '.join(source[start:end].split())[:80]}  ->  {' '.join(m['replacement'].split())[:80]}"
            print(f"  {status:9} {where}  {mutation}", flush=True)
            if status == "Survived":
                survivors.append(f"  {where}  {mutation}")

    print(f"\nRe-checked {len(todo)}: no compile {outcomes['NoCompile']}, killed {outcomes['Killed']}, survived {outcomes['Survived']}")
    print(f"Surviving ({len(survivors)}):", *survivors, sep="\n")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    report_arg = Path(args[0]) if args else REPO / "StrykerOutput/domain/reports/mutation-report.json"
    tests_arg = Path(args[1]) if len(args) > 1 else Path("tests/HarombeActors.Domain.Tests")
    sys.exit(main(report_arg.resolve(), tests_arg))
