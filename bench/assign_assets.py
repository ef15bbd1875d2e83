"""Assign 1,000 and then 10,000 pieces of equipment to a customer in one
operation, then unassign them, and report SQL queries and time of each.

The query count must not grow with the number of assets.

Usage: python bench/assign_assets.py --config CONF --database DB
(`make bench` runs it on a scratch database).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import Measure, odoo_env, parse_args, print_table  # noqa: E402

SIZES = (1_000, 10_000)


def main():
    args = parse_args(__doc__)
    rows = []
    with odoo_env(args) as env:
        Partner = env["res.partner"]
        Equipment = env["maintenance.equipment"]
        Assignment = env["fleet.asset.assignment"]
        # Warm-up: the first operation loads templates and followers once.
        warm = Partner.create(
            {"name": "Bench warm-up", "ref": "BENCH-W", "is_fleet_customer": True}
        )
        Partner.create(
            {
                "name": "Warm contact",
                "parent_id": warm.id,
                "email": "warm@example.com",
                "fleet_notify_asset_events": True,
            }
        )
        Assignment._fleet_assign(
            Equipment.create({"name": "Bench warm-up"}), warm
        )._fleet_unassign()
        for size in SIZES:
            customer = Partner.create(
                {
                    "name": f"Bench customer {size}",
                    "ref": f"BENCH-{size}",
                    "is_fleet_customer": True,
                    "is_company": True,
                }
            )
            Partner.create(
                {
                    "name": "Bench contact",
                    "parent_id": customer.id,
                    "email": "bench@example.com",
                    "fleet_notify_asset_events": True,
                }
            )
            equipment = Equipment.create(
                [
                    {"name": f"Bench machine {size}-{i}", "serial_no": f"B{size}-{i}"}
                    for i in range(size)
                ]
            )
            with Measure(env) as assign:
                assignments = Assignment._fleet_assign(equipment, customer)
            assert len(assignments) == size
            assert (
                Equipment.search_count([("fleet_customer_id", "=", customer.id)])
                == size
            )
            with Measure(env) as unassign:
                assignments._fleet_unassign()
            assert (
                Equipment.search_count([("fleet_customer_id", "=", customer.id)]) == 0
            )
            rows.append(
                (
                    f"{size:,}",
                    assign.queries,
                    f"{assign.seconds:.2f}",
                    unassign.queries,
                    f"{unassign.seconds:.2f}",
                )
            )
    print_table(
        "Assign / unassign N assets in one operation",
        ("assets", "assign queries", "assign s", "unassign queries", "unassign s"),
        rows,
    )


if __name__ == "__main__":
    main()
