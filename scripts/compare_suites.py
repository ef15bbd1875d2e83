"""Compare two odoo-bin --test-enable logs (--log-level info): with and
without fleet_customers. Prints tests run and failures per module, then the
failures seen only "with". Each log holds several odoo-bin runs, each after
a "#### pass NAME" line from odoo_suites.sh. Exit 1 on a new failure, or
when a run is broken (no final summary line, or zero tests), so that a bad
selector or file name cannot pass. Failures are counted once per test (or
subtest) and kind, so they may differ from Odoo's own summary counts.

Usage: compare_suites.py WITH.log WITHOUT.log
"""

import re
import sys
from collections import Counter

# "2025-01-01 10:00:00,000 123 INFO db logger.name: message"
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (\w+) \S+ (\S+): (.*)$")
MODULE = re.compile(r"odoo\.addons\.(\w+)\.")
PASS_MARK = "#### pass "
SUMMARY = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)


def module_of(logger, text):
    # Class set-up errors are logged by unittest.suite: the module is then
    # only in the message, e.g. "setUpClass (odoo.addons.sale.tests...)".
    match = MODULE.match(logger + ".") or MODULE.search(text)
    return match.group(1) if match else "?"


def parse(path):
    """Tests run per row, failures (key -> traceback lines), and one
    (failed, tests) summary per odoo-bin run (None when it has none)."""
    run, failures, summaries = Counter(), {}, []
    suffix = ""  # " (post_install)" or " (at_install)": rows are module and pass
    current = None  # the failure whose traceback lines follow
    with open(path, encoding="utf-8", errors="replace") as log:
        for raw in log:
            line = raw.rstrip("\n")
            if line.startswith(PASS_MARK):
                # The shell writes one marker before each odoo-bin run.
                suffix = f" ({line[len(PASS_MARK):].split()[0]})"
                summaries.append(None)
                current = None
                continue
            match = LINE.match(line)
            if not match:
                if current is not None:
                    failures[current].append(line)
                continue
            current = None
            level, logger, message = match.groups()
            if message.startswith("Starting ") and ".tests." in logger:
                run[module_of(logger, message) + suffix] += 1
            elif (
                level in ("ERROR", "CRITICAL")
                and message.startswith(("FAIL: ", "ERROR: "))
                and (".tests." in logger or logger.startswith("unittest"))
            ):
                # Odoo's own names: the test logger, then "FAIL: Class.method".
                current = f"{module_of(logger, message)}{suffix}: {logger}: {message}"
                failures[current] = []
            elif SUMMARY.search(message):
                failed, errors, total = map(int, SUMMARY.search(message).groups())
                if not summaries:
                    summaries.append(None)
                summaries[-1] = (failed + errors, total)
    return run, failures, summaries


def main(with_log, without_log):
    with_run, with_fail, with_sums = parse(with_log)
    without_run, without_fail, without_sums = parse(without_log)
    fails_with = Counter(key.split(":", 1)[0] for key in with_fail)
    fails_without = Counter(key.split(":", 1)[0] for key in without_fail)
    rows = sorted(
        set(with_run) | set(without_run) | set(fails_with) | set(fails_without)
    )

    print(
        "| module (pass) | tests with | tests without | failed with | failed without |"
    )
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row} | {with_run[row]} | {without_run[row]} "
            f"| {fails_with[row]} | {fails_without[row]} |"
        )
    print(
        f"| **total** | {sum(with_run.values())} | {sum(without_run.values())} "
        f"| {sum(fails_with.values())} | {sum(fails_without.values())} |"
    )

    broken = []
    for name, summaries, path in (
        ("with", with_sums, with_log),
        ("without", without_sums, without_log),
    ):
        if not summaries:
            broken.append(f"{name}: no odoo-bin run in {path}")
        for number, summary in enumerate(summaries, 1):
            # Every run must end with Odoo's summary and have run tests.
            if summary is None:
                broken.append(
                    f"{name}: run {number} has no test summary in {path} (crash?)"
                )
            elif summary[1] == 0:
                broken.append(
                    f"{name}: run {number} ran 0 tests (bad selector or file?)"
                )
        done = [summary for summary in summaries if summary]
        print(
            f"Odoo's summaries {name}: {sum(s[0] for s in done)} failed or in error "
            f"of {sum(s[1] for s in done)} tests in {len(summaries)} run(s)"
        )

    # A failure is the same one when its test and kind match.
    new = [key for key in with_fail if key not in without_fail]
    fixed = [key for key in without_fail if key not in with_fail]
    shared = [key for key in with_fail if key in without_fail]
    if shared:
        print(
            f"\nPre-existing failures (with and without fleet_customers): {len(shared)}"
        )
        for key in shared:
            print(f"  {key}")
    if fixed:
        print(f"\nFailures only without fleet_customers: {len(fixed)}")
        for key in fixed:
            print(f"  {key}")
    print(f"\nNEW failures (only with fleet_customers): {len(new)}")
    for key in new:
        print(f"  {key}")
        print("\n".join("      " + line for line in with_fail[key][:60]))
    for problem in broken:
        print(f"BROKEN RUN: {problem}")
    return 1 if new or broken else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
