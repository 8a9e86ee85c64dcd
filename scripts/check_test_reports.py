"""Fail unless both database passes ran, and the browser tests and the API fuzzing
(Schemathesis) ran and passed in each.

`.ci/run` relies on this: a pass that silently did not run must not look green.
"""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

FUZZ_TESTS = "nahwerk.api.tests.test_schemathesis"


def summarise(path: Path) -> tuple[int, int, int, int]:
    """(tests run, browser tests passed, failures+errors, API fuzz tests passed)."""
    root = ET.parse(path).getroot()
    cases = root.iter("testcase")
    run = browser = failed = fuzz = 0
    for case in cases:
        outcome = {child.tag for child in case}
        if "skipped" in outcome:
            continue
        run += 1
        if outcome & {"failure", "error"}:
            failed += 1
        elif case.get("classname", "").startswith("tests.browser"):
            browser += 1
        elif case.get("classname", "").startswith(FUZZ_TESTS):
            fuzz += 1
    return run, browser, failed, fuzz


def main(directory: str) -> int:
    required = ["sqlite.xml"]
    if os.environ.get("REQUIRE_POSTGRES"):
        required.append("postgres.xml")
    problems = []
    for name in ["sqlite.xml", "postgres.xml"]:
        path = Path(directory) / name
        if not path.exists():
            if name in required:
                problems.append(f"{name}: missing, so this pass did not run")
            else:
                print(f"{name}: not present (pass did not run)")
            continue
        run, browser, failed, fuzz = summarise(path)
        print(
            f"{name}: {run} tests run, {browser} browser tests passed, "
            f"{fuzz} API fuzz tests passed, {failed} failed"
        )
        if run == 0:
            problems.append(f"{name}: no tests ran")
        if browser == 0:
            problems.append(f"{name}: the browser tests did not run")
        if fuzz == 0:
            problems.append(f"{name}: the API fuzzing (Schemathesis) did not run")
        if failed:
            problems.append(f"{name}: {failed} tests failed")
    for problem in problems:
        print(f"!! {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
