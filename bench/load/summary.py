"""Print Locust's stats CSV as the table of bench/LOAD.md; exit 1 when a
request failed (refusals under contention are successes, counted apart)."""

import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1])))
print("| request | count | failures | req/s | p50 ms | p95 ms |")
print("|---|---:|---:|---:|---:|---:|")
failures = 0
for row in rows:
    refused = row["Name"].endswith("(refused)")
    failures += int(row["Failure Count"])
    print(
        f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} "
        f"| {float(row['Requests/s']):.1f} "
        f"| {'-' if refused else row['50%']} | {'-' if refused else row['95%']} |"
    )
sys.exit(1 if failures else 0)
