"""Import customers from a dealer management system file through Odoo's
own import screen (base_import.execute_import, as the browser calls it) as
a Fleet Admin: a first import that creates every customer, the same file
again (unchanged), then the file with one row in ten changed. Reports
queries (total and per row) and wall time, for 1,000 and 10,000 rows.

The issue's goal: 10,000 rows imported, then re-imported unchanged, each in
under a minute on 2 cores, with a constant number of queries per row.

Usage: python bench/import_customers.py --config CONF --database DB
(`make bench` runs it on a scratch database). Everything is rolled back.
"""

import csv
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import Measure, odoo_env, parse_args, print_table  # noqa: E402

HEADER = [
    "Customer Number",
    "Name",
    "Segment",
    "Street",
    "Zip",
    "City",
    "Country",
    "Phone",
    "Email",
]
FIELDS = [
    "ref",
    "name",
    "fleet_segment_id",
    "street",
    "zip",
    "city",
    "country_id",
    "phone",
    "email",
]
SEGMENTS = ["Dealer", "Rental company", "Contractor", "Service provider"]
CITIES = [("Lyon", "69001"), ("Nantes", "44000"), ("Lille", "59000")]


def dms_file(prefix, count, changed_every=0):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i in range(count):
        city, zip_code = CITIES[i % len(CITIES)]
        if changed_every and i % changed_every == 0:
            city = "Grenoble"
        writer.writerow(
            [
                f"{prefix}-{i:06d}",
                f"DMS Customer {prefix} {i}",
                SEGMENTS[i % len(SEGMENTS)],
                f"{i} rue de l'Industrie",
                zip_code,
                city,
                "France",
                f"+33 4 72 {i % 100:02d} {i // 100 % 100:02d} 00",
                f"contact{i}@dms-{prefix.lower()}.example.com",
            ]
        )
    return out.getvalue().encode()


def run_import(env, user, content):
    wizard = (
        env["base_import.import"]
        .with_user(user)
        .with_context(default_is_fleet_customer=True, default_is_company=True)
        .create({"res_model": "res.partner", "file": content, "file_type": "text/csv"})
    )
    options = {
        "has_headers": True,
        "separator": ",",
        "quoting": '"',
        "encoding": "utf-8",
        "limit": 2000,  # base_import's default batch: the file stays whole
    }
    result = wizard.execute_import(FIELDS, HEADER, options)
    if result["messages"]:
        raise SystemExit(f"import refused: {result['messages'][:3]}")
    return result["fleet_import"]


def main():
    args = parse_args(__doc__)
    rows = []
    with odoo_env(args) as env:
        env = env(context=dict(env.context, tracking_disable=True))
        env.company.fleet_customer_ref_required = True
        user = env["res.users"].create(
            {
                "name": "Bench Import Admin",
                "login": "bench_import_admin",
                "groups_id": [
                    (4, env.ref("base.group_user").id),
                    (4, env.ref("fleet_customers.group_fleet_customers_admin").id),
                ],
            }
        )
        for count in (1000, 10000):
            prefix = f"B{count}"
            for label, content in (
                ("first import", dms_file(prefix, count)),
                ("same file again", dms_file(prefix, count)),
                ("1 row in 10 changed", dms_file(prefix, count, changed_every=10)),
            ):
                with Measure(env) as measure:
                    summary = run_import(env, user, content)
                rows.append(
                    (
                        f"{count:,}",
                        label,
                        summary["created"],
                        summary["updated"],
                        summary["unchanged"],
                        measure.queries,
                        f"{measure.queries / count:.2f}",
                        f"{measure.seconds:.1f}",
                    )
                )
    print_table(
        "Import by customer number (base_import, Fleet Admin)",
        [
            "rows",
            "run",
            "created",
            "updated",
            "unchanged",
            "queries",
            "queries/row",
            "seconds",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
