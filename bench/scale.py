"""Scale benchmark: generate fleet customers, contacts, business units,
equipment and assignment history in bulk SQL, then measure what users do at
that size: searches (median latency and query plan), one page of the
customers list, assigning 10,000 assets, and the deactivate cascade on a
customer with 5,000 linked records.

Usage: python bench/scale.py --config CONF --database DB --customers N
(`make bench-scale` runs it for 100,000 and 10,000 customers). The data is
generated once per database and kept (committed); every measure is rolled
back.
"""

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import Measure, print_table  # noqa: E402
from customer_list import FIELDS as LIST_FIELDS  # noqa: E402
from deactivate_cascade import customer_with  # noqa: E402

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402

PREFIXES = [
    "North",
    "Atlas",
    "Alpine",
    "Metro",
    "Coastal",
    "Summit",
    "River",
    "Prairie",
    "Granite",
    "Harbour",
    "Pioneer",
    "Union",
    "Eagle",
    "Valley",
    "Capital",
    "Iron",
    "Liberty",
    "Central",
    "Western",
    "Delta",
]
TRADES = [
    "Industrial",
    "Construction",
    "Earthmoving",
    "Lifting",
    "Access",
    "Quarry",
    "Logistics",
    "Civil",
    "Demolition",
    "Agricultural",
    "Forestry",
    "Mining",
    "Paving",
    "Marine",
    "Energy",
]
SUFFIXES = ["Rentals", "Hire", "Equipment", "Services", "Contractors", "Group"]
CITIES = [
    "Lyon",
    "Marseille",
    "Toulouse",
    "Nantes",
    "Lille",
    "Bordeaux",
    "Grenoble",
    "Dijon",
    "Rennes",
    "Reims",
    "Melbourne",
    "Sydney",
    "Perth",
    "Brisbane",
    "Adelaide",
    "Hobart",
    "Darwin",
    "Geelong",
    "Cairns",
    "Ballarat",
    "Leeds",
    "Bristol",
    "Cardiff",
    "Glasgow",
    "Dundee",
    "York",
    "Exeter",
    "Oxford",
    "Bath",
    "Derby",
    "Denver",
    "Boise",
    "Tulsa",
    "Omaha",
    "Fresno",
    "Tucson",
    "Reno",
    "Spokane",
    "Dayton",
    "Akron",
    "Calgary",
    "Regina",
    "Halifax",
    "Moncton",
    "Kelowna",
    "Sudbury",
    "Laval",
    "Gatineau",
    "Saguenay",
    "Sherbrooke",
]


SEARCH_INDEXES = [
    "res_partner_fleet_customer_order_index",
    "res_partner_fleet_name_trgm_index",
    "res_partner_fleet_ref_trgm_index",
    "res_partner_fleet_city_trgm_index",
    "res_partner_fleet_state_index",
]


def generate(env, customers):
    """Bulk-insert the dataset (SQL: the ORM would take hours at this size),
    keeping every stored field the addon relies on consistent."""
    cr = env.cr
    company = env.company.id
    segments = env["fleet.customer.segment"].search([]).ids
    params = {
        "n": customers,
        "company": company,
        "prefixes": PREFIXES,
        "trades": TRADES,
        "suffixes": SUFFIXES,
        "cities": CITIES,
        "segments": segments,
    }
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, ref, is_company,
                                 is_fleet_customer, fleet_segment_id,
                                 city, company_id, active, type, autopost_bills,
                                 lang, email,
                                 create_uid, write_uid, create_date, write_date)
        SELECT n.name, n.name, 'SC-' || lpad(g::text, 7, '0'), true, true,
               (%(segments)s::int[])[1 + g %% cardinality(%(segments)s::int[])],
               (%(cities)s::text[])[
                   1 + (g * 7) %% cardinality(%(cities)s::text[])
               ],
               %(company)s, true, 'contact', 'ask', 'en_US',
               'office' || g || '@customer.example',
               1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM generate_series(1, %(n)s) g,
               LATERAL (SELECT (%(prefixes)s::text[])[1 + (g * 13) %% 20]
                               || ' '
                               || (%(trades)s::text[])[1 + (g * 7) %% 15]
                               || ' '
                               || (%(suffixes)s::text[])[1 + g %% 6]
                               || ' ' || g AS name) n
        """,
        params,
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id"
        " WHERE ref LIKE 'SC-%%' AND is_fleet_customer"
    )
    # Two contacts per customer.
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, parent_id,
                                 commercial_partner_id, is_company,
                                 is_fleet_customer, company_id, active, type,
                                 autopost_bills, lang, email,
                                 city, create_uid, write_uid, create_date, write_date)
        SELECT 'Contact ' || k || ' ' || c.id,
               c.name || ', Contact ' || k || ' ' || c.id, c.id, c.id, false,
               false, c.company_id, true, 'contact', 'ask', 'en_US',
               'contact' || k || '.' || c.id || '@customer.example',
               c.city, 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM res_partner c, generate_series(1, 2) k
         WHERE c.ref LIKE 'SC-%%' AND c.is_fleet_customer
        """
    )
    cr.execute(
        """
        INSERT INTO fleet_business_unit (name, code, partner_id, company_id,
                                         active, sequence,
                                         create_uid, write_uid,
                                         create_date, write_date)
        SELECT c.city || ' depot', 'D' || c.id, c.id, c.company_id, true, 10,
               1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM res_partner c WHERE c.ref LIKE 'SC-%%' AND c.is_fleet_customer
        """
    )
    equipment = customers * 3
    cr.execute(
        """
        INSERT INTO maintenance_equipment (name, serial_no, effective_date,
                                           company_id, active,
                                           create_uid, write_uid,
                                           create_date, write_date)
        SELECT jsonb_build_object('en_US', 'Machine ' || g),
               'SCM-' || lpad(g::text, 8, '0'), '2020-01-01',
               %(company)s, true, 1, 1,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM generate_series(1, %(n)s) g
        """,
        {"n": equipment, "company": company},
    )
    # History: 3 periods per machine, a 4th for one in three (10 per 3
    # machines: 1,000,000 rows for 300,000), the last one open; successive
    # periods go to different customers and never overlap.
    cr.execute(
        """
        WITH machines AS (
            SELECT id, row_number() OVER (ORDER BY id) AS g
              FROM maintenance_equipment WHERE serial_no LIKE 'SCM-%%'
        ), customers AS (
            SELECT id, fleet_segment_id, row_number() OVER (ORDER BY id) AS g
              FROM res_partner WHERE ref LIKE 'SC-%%' AND is_fleet_customer
        ), periods AS (
            SELECT m.id AS equipment_id, m.g, k,
                   CASE WHEN m.g %% 3 = 0 THEN 4 ELSE 3 END AS n
              FROM machines m, generate_series(0, 3) k
        )
        INSERT INTO fleet_asset_assignment (equipment_id, partner_id, segment_id,
                                            relation, date_start, date_end,
                                            is_current, company_id,
                                            create_uid, write_uid,
                                            create_date, write_date)
        SELECT p.equipment_id, c.id, c.fleet_segment_id, 'owned',
               DATE '2020-01-01' + (p.k * 300),
               CASE WHEN p.k = p.n - 1 THEN NULL
                    ELSE DATE '2020-01-01' + (p.k * 300 + 250) END,
               p.k = p.n - 1, %(company)s, 1, 1,
               now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
          FROM periods p
          JOIN customers c ON c.g = 1 + ((p.g * 31 + p.k * 7919) %% %(n)s)
         WHERE p.k < p.n
        """,
        {"n": customers, "company": company},
    )
    cr.execute(
        """
        UPDATE maintenance_equipment e
           SET fleet_customer_id = a.partner_id, fleet_assigned_since = a.date_start
          FROM fleet_asset_assignment a
         WHERE a.equipment_id = e.id AND a.date_end IS NULL
           AND e.serial_no LIKE 'SCM-%%'
        """
    )
    env.invalidate_all()


def plan_summary(env, domain):
    """Indexes and sequential scans of the SQL the ORM runs for ``domain``."""
    query = env["res.partner"]._search(
        domain, limit=80, order=env["res.partner"]._order
    )
    sql = query.select()
    env.cr.execute(odoo.tools.SQL("EXPLAIN ANALYZE %s", sql))
    plan = "\n".join(row[0] for row in env.cr.fetchall())
    indexes = sorted(
        set(
            re.findall(
                r"(?:Index|Index Only) Scan (?:Backward )?(?:using|on) (\w+)", plan
            )
        )
    )
    seq = sorted(set(re.findall(r"Seq Scan on (\w+)", plan)))
    return ", ".join(indexes) or "-", ", ".join(seq) or "none", plan


def search_table(env, customers):
    Partner = env["res.partner"].with_context(active_test=True)
    base = [("is_fleet_customer", "=", True)]
    samples = range(1, 21)
    searches = {
        "customer number": lambda i: [
            ("ref", "ilike", f"SC-{(i * 4099) % customers + 1:07}")
        ],
        "city": lambda i: [("city", "ilike", CITIES[i % len(CITIES)])],
        "name fragment": lambda i: [
            (
                "name",
                "ilike",
                ["ndust", "arbou", "quarr", "ifting", "onstr"][i % 5]
                + ("" if i < 10 else f" {i * 37}"),
            )
        ],
        "All": lambda i: [
            "|",
            "|",
            "|",
            ("name", "ilike", term),
            ("ref", "ilike", term),
            ("city", "ilike", term),
            ("fleet_state_name", "ilike", term),
        ]
        if (term := ["ndust", "Grenob", f"SC-00{i:02}", "Hire 77"][i % 4])
        else [],
    }
    rows, plans = [], {}
    for label, make in searches.items():
        timings = []
        for i in samples:
            domain = base + make(i)
            start = time.perf_counter()
            Partner.search(domain, limit=80)
            timings.append((time.perf_counter() - start) * 1000)
        indexes, seq, plan = plan_summary(env, base + make(3))
        plans[label] = plan
        rows.append((label, f"{statistics.median(timings):.1f}", indexes, seq))
    return rows, plans


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument(
        "--plans", action="store_true", help="print the full query plans"
    )
    parser.add_argument(
        "--without-search-indexes",
        action="store_true",
        help="measure the searches without the addon's trigram and order indexes "
        "(dropped inside the measuring transaction, which is rolled back)",
    )
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True}
        )
        if not env["res.partner"].search_count(
            [("ref", "=like", "SC-%"), ("is_fleet_customer", "=", True)]
        ):
            start = time.perf_counter()
            generate(env, args.customers)
            cr.commit()
            cr.execute("ANALYZE")
            print(f"generated in {time.perf_counter() - start:.0f} s")
        cr.execute("SELECT count(*) FROM res_partner")
        partners = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM maintenance_equipment")
        machines = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM fleet_asset_assignment")
        assignments = cr.fetchone()[0]
        print(
            f"\n{args.database}: {partners:,} partners, {machines:,} equipment, "
            f"{assignments:,} assignments"
        )
        if args.without_search_indexes:
            for name in SEARCH_INDEXES:
                cr.execute(
                    odoo.tools.SQL(
                        "DROP INDEX IF EXISTS %s", odoo.tools.SQL.identifier(name)
                    )
                )
        rows, plans = search_table(env, args.customers)
        print_table(
            "Searches (fleet customers, limit 80, median of 20 terms)",
            ("search", "median ms", "indexes used", "sequential scans"),
            rows,
        )
        if args.plans:
            for label, plan in plans.items():
                print(f"\n{label}:\n{plan}")
        # The list: one page of 80 with asset counts and money columns.
        page = env["res.partner"].search([("is_fleet_customer", "=", True)], limit=80)
        env.invalidate_all()
        with Measure(env) as listing:
            env["res.partner"].browse(page.ids).read(LIST_FIELDS)
        # Assign 10,000 new machines at once to one customer.
        cr.execute(
            """
            INSERT INTO maintenance_equipment (name, serial_no, effective_date,
                                               company_id, active,
                                               create_uid, write_uid,
                                               create_date, write_date)
            SELECT jsonb_build_object('en_US', 'New machine ' || g), 'NEW-' || g,
                   '2026-01-01', %s, true,
                   1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM generate_series(1, 10000) g RETURNING id
            """,
            [env.company.id],
        )
        new = env["maintenance.equipment"].browse([row[0] for row in cr.fetchall()])
        with Measure(env) as assign:
            env["fleet.asset.assignment"]._fleet_assign(new, page[0])
        # The cascade on a customer with 5,000 of each linked record.
        reason = env.ref("fleet_customers.fleet_deactivation_reason_other")
        project = env["project.project"].create({"name": "Scale cascade"})
        customer = customer_with(env, 5000, project, "scale")
        with Measure(env) as cascade:
            customer._fleet_deactivate(reason, "scale benchmark")
        cr.rollback()
        print_table(
            "Operations",
            ("operation", "queries", "s"),
            [
                (
                    "customers list, 80 rows with asset counts and money",
                    listing.queries,
                    f"{listing.seconds:.3f}",
                ),
                (
                    "assign 10,000 assets at once",
                    assign.queries,
                    f"{assign.seconds:.2f}",
                ),
                (
                    "deactivate a customer with 5,000 each of sites, contracts, "
                    "work orders, tasks",
                    cascade.queries,
                    f"{cascade.seconds:.2f}",
                ),
            ],
        )


if __name__ == "__main__":
    main()
