"""Deactivate one customer with 100 and then 5,000 linked sites, contracts,
work orders and tasks (each), then reactivate it; report SQL queries and
time of each. The query count must not grow with the linked records.

Usage: python bench/deactivate_cascade.py --config CONF --database DB
(`make bench` runs it on a scratch database).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import Measure, odoo_env, parse_args, print_table  # noqa: E402

SIZES = (100, 5_000)


def customer_with(env, size, project):
    customer = env["res.partner"].create(
        {
            "name": f"Bench cascade {size}",
            "ref": f"CASCADE-{size}",
            "is_fleet_customer": True,
            "is_company": True,
        }
    )
    env["res.partner"].create(
        [
            {"name": f"Site {i}", "parent_id": customer.id, "type": "fleet_site"}
            for i in range(size)
        ]
    )
    contracts = env["fleet.customer.contract"].create(
        [{"partner_id": customer.id} for _ in range(size)]
    )
    contracts.write({"state": "active"})
    env["maintenance.request"].create(
        [
            {"name": f"Work order {i}", "fleet_customer_id": customer.id}
            for i in range(size)
        ]
    )
    env["project.task"].create(
        [
            {"name": f"Task {i}", "project_id": project.id, "partner_id": customer.id}
            for i in range(size)
        ]
    )
    return customer


def main():
    args = parse_args(__doc__)
    rows = []
    with odoo_env(args) as env:
        reason = env.ref("fleet_customers.fleet_deactivation_reason_other")
        project = env["project.project"].create({"name": "Bench cascade"})
        warm = customer_with(env, 1, project)
        warm._fleet_deactivate(reason)
        warm._fleet_reactivate()
        for size in SIZES:
            customer = customer_with(env, size, project)
            with Measure(env) as deactivate:
                scope = customer._fleet_deactivate(reason, "benchmark")
            assert all(len(records) == size for records in scope.values()), scope
            with Measure(env) as reactivate:
                sites = customer._fleet_reactivate()
            assert len(sites) == size
            rows.append(
                (
                    f"{size:,}",
                    f"{4 * size:,}",
                    deactivate.queries,
                    f"{deactivate.seconds:.2f}",
                    reactivate.queries,
                    f"{reactivate.seconds:.2f}",
                )
            )
    print_table(
        "Deactivate / reactivate one customer with N sites, contracts, work orders "
        "and tasks each",
        (
            "N each",
            "linked records",
            "deactivate queries",
            "deactivate s",
            "reactivate queries",
            "reactivate s",
        ),
        rows,
    )


if __name__ == "__main__":
    main()
