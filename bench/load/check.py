"""Invariants after the load test, read in the database and in what the
clients logged as succeeded. Exit 1 when one is violated.

Usage: python bench/load/check.py --config CONF --database DB --seed SEED.json --ops DIR
"""

import argparse
import glob
import json
import sys

import psycopg2

import odoo


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--seed", required=True)
    parser.add_argument("--ops", required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config])
    seed = json.load(open(args.seed))
    ops = [
        json.loads(line)
        for path in glob.glob(f"{args.ops}/load-ops-*.jsonl")
        for line in open(path)
    ]
    creates = [op for op in ops if op["op"] == "create"]
    assigns = [op for op in ops if op["op"] == "assign"]
    unassigns = [op for op in ops if op["op"] == "unassign"]
    params = {
        k: odoo.tools.config[f"db_{k}"]
        for k in ("host", "port", "user")
        if odoo.tools.config.get(f"db_{k}")
    }
    with (
        psycopg2.connect(dbname=args.database, **params) as connection,
        connection.cursor() as cr,
    ):

        def one(sql, *values):
            cr.execute(sql, values)
            return cr.fetchone()[0]

        checks = {
            "no equipment with two open assignments": one(
                "SELECT count(*) FROM (SELECT equipment_id FROM fleet_asset_assignment"
                " WHERE date_end IS NULL"
                " GROUP BY equipment_id HAVING count(*) > 1) t"
            )
            == 0,
            "no overlapping periods": one(
                "SELECT count(*) FROM fleet_asset_assignment a"
                " JOIN fleet_asset_assignment b"
                " ON a.equipment_id = b.equipment_id AND a.id < b.id"
                " AND daterange(a.date_start, a.date_end, '[)')"
                " && daterange(b.date_start, b.date_end, '[)')"
            )
            == 0,
            "every customer a client created exists once": one(
                "SELECT count(*) FROM res_partner"
                " WHERE ref = ANY(%s) AND is_fleet_customer",
                [op["ref"] for op in creates],
            )
            == len(creates)
            == len({op["ref"] for op in creates}),
            "no customer created that no client saw": one(
                "SELECT count(*) FROM res_partner"
                " WHERE ref LIKE 'LOAD-%%' AND is_fleet_customer"
            )
            == len(creates),
            "assignment rows created = assign operations seen": one(
                "SELECT count(*) FROM fleet_asset_assignment WHERE id > %s",
                seed["max_assignment_id"],
            )
            == len(assigns),
            "open assignments = before + assigned - unassigned (no lost update)": one(
                "SELECT count(*) FROM fleet_asset_assignment WHERE date_end IS NULL"
            )
            == seed["open_assignments"] + len(assigns) - len(unassigns),
            "every machine's holder is its open assignment's customer": one(
                "SELECT count(*) FROM maintenance_equipment e"
                " LEFT JOIN fleet_asset_assignment a"
                " ON a.equipment_id = e.id AND a.date_end IS NULL"
                " WHERE e.fleet_customer_id IS DISTINCT FROM a.partner_id"
            )
            == 0,
        }
    print(
        f"client-side successes: {len(creates)} creates, {len(assigns)} assigns, "
        f"{len(unassigns)} unassigns"
    )
    for name, ok in checks.items():
        print(f"  {'OK  ' if ok else 'FAIL'} {name}")
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
