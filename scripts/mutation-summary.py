#!/usr/bin/env python3
"""Summarises a Stryker.NET JSON report (mutation-testing-report-schema): the score, the counts, and every
surviving and uncovered mutant as file:line, mutator, original -> mutated. Standard library only."""
import json
import sys
from collections import Counter
from pathlib import Path

# Stryker's own score: detected (killed + timeout) over valid (detected + survived + no coverage).
# Compile errors and ignored mutants never ran, so they count for nothing.
DETECTED = ("Killed", "Timeout")
UNDETECTED = ("Survived", "NoCoverage")


def one_line(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def original(source_lines: list[str], location: dict) -> str:
    # Lines and columns are 1-based; the end column is exclusive.
    start, end = location["start"], location["end"]
    if start["line"] == end["line"]:
        return source_lines[start["line"] - 1][start["column"] - 1 : end["column"] - 1]
    parts = [source_lines[start["line"] - 1][start["column"] - 1 :]]
    parts += source_lines[start["line"] : end["line"] - 1]
    parts.append(source_lines[end["line"] - 1][: end["column"] - 1])
    return "\n".join(parts)


def main(report_path: str) -> int:
    report = json.loads(Path(report_path).read_text(encoding="utf-8"))
    root = Path(report.get("projectRoot", "."))
    counts: Counter[str] = Counter()
    listed: dict[str, list[tuple[str, int, int, str, str, str]]] = {status: [] for status in UNDETECTED}
    for file_name, file in sorted(report["files"].items()):
        lines = file["source"].split("\n")
        try:
            shown = str(Path(file_name).relative_to(root))
        except ValueError:
            shown = file_name
        for m in file["mutants"]:
            counts[m["status"]] += 1
            if m["status"] in listed:
                loc = m["location"]
                listed[m["status"]].append(
                    (shown, loc["start"]["line"], loc["start"]["column"], m["mutatorName"],
                     one_line(original(lines, loc)), one_line(m.get("replacement", ""))))

    detected = sum(counts[s] for s in DETECTED)
    valid = detected + sum(counts[s] for s in UNDETECTED)
    score = 100.0 * detected / valid if valid else float("nan")
    print(f"Mutation score: {score:.2f} % ({detected} detected of {valid} valid mutants)")
    print(f"  killed {counts['Killed']}, survived {counts['Survived']}, no coverage {counts['NoCoverage']}, "
          f"timeout {counts['Timeout']} (not counted: compile error {counts['CompileError']}, ignored {counts['Ignored']})")
    for status, title in (("Survived", "Surviving mutants"), ("NoCoverage", "Mutants no test covers")):
        rows = sorted(listed[status])
        print(f"\n{title} ({len(rows)}):")
        for shown, line, _, mutator, before, after in rows:
            print(f"  {shown}:{line}  {mutator}: {before}  ->  {after}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: mutation-summary.py path/to/mutation-report.json", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
