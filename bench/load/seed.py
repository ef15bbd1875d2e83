"""Seed the load-test database through the ORM and write what the Locust
clients need (users' API keys, customers, equipment) to a JSON file.

Runs with the Odoo virtualenv, before the server starts:
    python bench/load/seed.py --config CONF --database DB --out seed.json
"""

import argparse
import json
import random

import odoo
from odoo import SUPERUSER_ID, Command, api

CITIES = [
    "Lyon",
    "Nantes",
    "Lille",
    "Bordeaux",
    "Toulouse",
    "Rennes",
    "Dijon",
    "Nancy",
    "Reims",
    "Brest",
    "Grenoble",
    "Angers",
    "Metz",
    "Rouen",
    "Tours",
    "Limoges",
    "Amiens",
    "Caen",
    "Nimes",
    "Pau",
]
WORDS = [
    "Alpine",
    "Granite",
    "Harbor",
    "Summit",
    "Meadow",
    "Quarry",
    "Forge",
    "Delta",
    "Cedar",
    "Falcon",
    "Orchard",
    "Canyon",
    "Prairie",
    "Timber",
    "Basalt",
    "Glacier",
]
KINDS = ["Construction", "Rental", "Logistics", "Earthworks", "Agri", "Demolition"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--equipment", type=int, default=3000)
    parser.add_argument(
        "--hot", type=int, default=3, help="equipment raced by every client"
    )
    return parser.parse_args()


def main():
    args = parse_args()
    rng = random.Random(6)  # same data every run
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        # No tracking/log messages while seeding: only the load is measured.
        env = api.Environment(
            cr,
            SUPERUSER_ID,
            {
                "tracking_disable": True,
                "mail_create_nolog": True,
                "mail_notrack": True,
                "no_reset_password": True,
            },
        )
        groups = env.ref("fleet_customers.group_fleet_customers_admin") | env.ref(
            "base.group_user"
        )
        users, keys = [], []
        for n in range(1, args.users + 1):
            # No password: the clients use API keys, as integrations do. A
            # password would be checked with 600,000 PBKDF2 rounds on every
            # RPC call (Odoo 18 has no credential cache), an API key with
            # 6,000 and an empty password fails fast.
            user = env["res.users"].create(
                {
                    "name": f"Load user {n:02d}",
                    "login": f"load_user_{n:02d}",
                    "email": f"load{n:02d}@example.com",
                    "groups_id": [Command.set(groups.ids)],
                }
            )
            keys.append(
                env["res.users.apikeys"]
                .with_user(user)
                .sudo()
                ._generate(None, "load test", None)
            )
            users.append(user)

        Partner = env["res.partner"]
        customers = Partner.create(
            [
                {
                    "name": f"{rng.choice(WORDS)} {rng.choice(KINDS)} {n:04d}",
                    "ref": f"SEED-{n:04d}",
                    "is_fleet_customer": True,
                    "is_company": True,
                    "city": rng.choice(CITIES),
                    "email": f"office{n:04d}@example.com",
                    "child_ids": [
                        Command.create(
                            {
                                "name": f"Contact {n:04d}-{c}",
                                "email": f"c{n:04d}.{c}@example.com",
                                "phone": f"+33 1 {rng.randint(10, 99)} "
                                f"{rng.randint(10, 99)} "
                                f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                            }
                        )
                        for c in (1, 2)
                    ],
                }
                for n in range(1, args.customers + 1)
            ]
        )
        equipment = env["maintenance.equipment"].create(
            [
                {"name": f"Load machine {n:05d}", "serial_no": f"LSN-{n:05d}"}
                for n in range(1, args.equipment + 1)
            ]
        )
        hot = equipment[: args.hot]
        # A third of the rest starts assigned, so that unassign has work at once.
        Assignment = env["fleet.asset.assignment"]
        start_held = equipment[args.hot :].filtered(lambda e: rng.random() < 1 / 3)
        by_customer = {}
        for machine in start_held:
            by_customer.setdefault(rng.choice(customers), []).append(machine.id)
        for customer, machine_ids in by_customer.items():
            Assignment._fleet_assign(
                env["maintenance.equipment"].browse(machine_ids), customer
            )
        env.flush_all()
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM fleet_asset_assignment")
        [max_assignment_id] = cr.fetchone()
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM res_partner")
        [max_partner_id] = cr.fetchone()
        seed = {
            "database": args.database,
            "users": [
                {"uid": u.id, "login": u.login, "key": k}
                for u, k in zip(users, keys, strict=False)
            ],
            "customers": [
                {"id": c.id, "ref": c.ref, "name": c.name, "city": c.city}
                for c in customers
            ],
            "cities": CITIES,
            "words": WORDS + KINDS,
            "equipment_ids": equipment.ids,
            "hot_equipment_ids": hot.ids,
            "max_assignment_id": max_assignment_id,
            "max_partner_id": max_partner_id,
            "open_assignments": Assignment.search_count([("date_end", "=", False)]),
        }
        cr.commit()
    with open(args.out, "w") as out:
        json.dump(seed, out)
    print(
        f"seeded {len(users)} users, {len(customers)} customers, "
        f"{len(equipment)} equipment, "
        f"{seed['open_assignments']} open assignments"
    )


if __name__ == "__main__":
    main()
