"""Open the customers list with its money columns and asset counts: read
80 customers (one page) and 8 customers, and report queries and time. The
amounts are grouped queries, so the count must not grow with the page.

Usage: python bench/customer_list.py --config CONF --database DB
(`make bench` runs it on a scratch database).
"""

import sys
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import Measure, odoo_env, parse_args, print_table  # noqa: E402

from odoo import Command, fields  # noqa: E402

FIELDS = [
    "name",
    "ref",
    "fleet_segment_id",
    "city",
    "country_id",
    "fleet_asset_count",
    "fleet_pending_quote_amount",
    "fleet_overdue_amount",
    "fleet_awaiting_payment_amount",
]


def main():
    args = parse_args(__doc__)
    rows = []
    with odoo_env(args) as env:
        today = fields.Date.today()
        customers = env["res.partner"].create(
            [
                {
                    "name": f"List customer {i:03}",
                    "ref": f"LIST-{i:03}",
                    "is_fleet_customer": True,
                    "is_company": True,
                }
                for i in range(80)
            ]
        )
        env["maintenance.equipment"].create(
            [{"name": f"List machine {i}"} for i in range(80)]
        )
        for customer in customers:
            env["fleet.asset.assignment"]._fleet_assign(
                env["maintenance.equipment"].create(
                    {"name": f"Held by {customer.ref}"}
                ),
                customer,
            )
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": today - timedelta(days=40),
                    "invoice_date_due": today
                    - timedelta(days=10 * (i % 2))
                    + timedelta(days=5),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Rental", "quantity": 1, "price_unit": 100.0 + i}
                        )
                    ],
                }
                for i, customer in enumerate(customers)
            ]
        )
        moves.action_post()
        env["sale.order"].create(
            [{"partner_id": customer.id} for customer in customers]
        )
        for size in (8, 80):
            page = customers[:size]
            with Measure(env) as read:
                result = env["res.partner"].browse(page.ids).read(FIELDS)
            assert len(result) == size
            rows.append((size, read.queries, f"{read.seconds * 1000:.0f}"))
    print_table(
        "Read one page of the customers list with money and asset columns",
        ("customers", "queries", "ms"),
        rows,
    )


if __name__ == "__main__":
    main()
