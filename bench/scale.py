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
import contextlib
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import Measure, print_table  # noqa: E402
from customer_list import FIELDS as LIST_FIELDS  # noqa: E402
from deactivate_cascade import customer_with  # noqa: E402
from scale_compare import (  # noqa: E402
    COMMON_NAMES,
    COUNT_LIMIT,
    ONE_CHAR,
    THREE_CHARS,
    TWO_CHARS,
    cycle,
    sample_customers,
    write_plans,
)
from scale_tools import (  # noqa: E402
    big_tables,
    capture_queries,
    explain_queries,
    fmt,
    make_users,
    plan_facts,
    stats,
    timed_call,
)

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402
from odoo.tools import SQL  # noqa: E402

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
# City: (country code, state code or None); Odoo has no states for France
# and only some British counties.
PLACES = {
    "Lyon": ("FR", None),
    "Marseille": ("FR", None),
    "Toulouse": ("FR", None),
    "Nantes": ("FR", None),
    "Lille": ("FR", None),
    "Bordeaux": ("FR", None),
    "Grenoble": ("FR", None),
    "Dijon": ("FR", None),
    "Rennes": ("FR", None),
    "Reims": ("FR", None),
    "Melbourne": ("AU", "VIC"),
    "Sydney": ("AU", "NSW"),
    "Perth": ("AU", "WA"),
    "Brisbane": ("AU", "QLD"),
    "Adelaide": ("AU", "SA"),
    "Hobart": ("AU", "TAS"),
    "Darwin": ("AU", "NT"),
    "Geelong": ("AU", "VIC"),
    "Cairns": ("AU", "QLD"),
    "Ballarat": ("AU", "VIC"),
    "Leeds": ("GB", "X7"),
    "Bristol": ("GB", None),
    "Cardiff": ("GB", None),
    "Glasgow": ("GB", None),
    "Dundee": ("GB", None),
    "York": ("GB", "R9"),
    "Exeter": ("GB", "F5"),
    "Oxford": ("GB", "S7"),
    "Bath": ("GB", "U7"),
    "Derby": ("GB", "F3"),
    "Denver": ("US", "CO"),
    "Boise": ("US", "ID"),
    "Tulsa": ("US", "OK"),
    "Omaha": ("US", "NE"),
    "Fresno": ("US", "CA"),
    "Tucson": ("US", "AZ"),
    "Reno": ("US", "NV"),
    "Spokane": ("US", "WA"),
    "Dayton": ("US", "OH"),
    "Akron": ("US", "OH"),
    "Calgary": ("CA", "AB"),
    "Regina": ("CA", "SK"),
    "Halifax": ("CA", "NS"),
    "Moncton": ("CA", "NB"),
    "Kelowna": ("CA", "BC"),
    "Sudbury": ("CA", "ON"),
    "Laval": ("CA", "QC"),
    "Gatineau": ("CA", "QC"),
    "Saguenay": ("CA", "QC"),
    "Sherbrooke": ("CA", "QC"),
}
CITIES = list(PLACES)


SEARCH_INDEXES = [
    "res_partner_fleet_customer_list_index",
    "res_partner_fleet_name_trgm_index",
    "res_partner_fleet_ref_trgm_index",
    "res_partner_fleet_city_trgm_index",
    "res_partner_fleet_name_ngram_index",
    "res_partner_fleet_ref_ngram_index",
    "res_partner_fleet_city_ngram_index",
    "res_partner_fleet_state_index",
]


UTC_NOW = "now() AT TIME ZONE 'UTC'"
# Generated rows are recognised by these marks: customers' numbers, machines'
# serial numbers, quotations' names and invoices' customer references.
CUSTOMER_MARK = "SC-%"
ORDER_PREFIX = "SCO"
INVOICE_REF_PREFIX = "SC-PO-"


# Stored computed floats of the addon's geofences: 0 on partners without one,
# as the ORM stores them.
GEOFENCE_BOX_COLUMNS = (
    "fleet_geofence_min_lat, fleet_geofence_max_lat, "
    "fleet_geofence_min_lng, fleet_geofence_max_lng"
)


def _analyze(cr, *tables):
    """Fresh statistics on what a step filled: the next steps join on it,
    and without them PostgreSQL plans nested loops over "empty" tables."""
    for table in tables:
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))


@contextlib.contextmanager
def bulk_session(cr):
    """Session settings of the bulk load, reset afterwards (the connection
    goes back to Odoo's pool and the measures must run with the server's
    settings): no JIT (it compiles each big INSERT for nothing), more memory
    for sorts and hashes, and, where the role may (superuser), no
    foreign-key triggers: the generator only references rows it has just
    inserted or read (``check_foreign_keys`` verifies it afterwards), and
    checking 3 million references one by one was a third of the time."""
    cr.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    superuser = cr.fetchone()[0]
    cr.execute("SET jit = off")
    cr.execute("SET work_mem = '256MB'")
    cr.execute("SET maintenance_work_mem = '512MB'")
    if superuser:
        cr.execute("SET session_replication_role = replica")
    try:
        yield superuser
    finally:
        cr.rollback()
        for name in ("jit", "work_mem", "maintenance_work_mem"):
            cr.execute(SQL("RESET %s", SQL.identifier(name)))
        if superuser:
            cr.execute("RESET session_replication_role")
        cr.commit()


# Foreign keys the generator fills: (table, column, referenced table).
GENERATED_REFERENCES = [
    ("res_partner", "parent_id", "res_partner"),
    ("res_partner", "commercial_partner_id", "res_partner"),
    ("res_partner", "state_id", "res_country_state"),
    ("res_partner", "country_id", "res_country"),
    ("res_partner", "fleet_segment_id", "fleet_customer_segment"),
    ("fleet_business_unit", "partner_id", "res_partner"),
    ("fleet_asset_assignment", "equipment_id", "maintenance_equipment"),
    ("fleet_asset_assignment", "partner_id", "res_partner"),
    ("fleet_asset_assignment", "segment_id", "fleet_customer_segment"),
    ("maintenance_equipment", "fleet_customer_id", "res_partner"),
    ("sale_order", "partner_id", "res_partner"),
    ("sale_order", "team_id", "crm_team"),
    ("sale_order", "fleet_business_unit_id", "fleet_business_unit"),
    ("account_move", "partner_id", "res_partner"),
    ("account_move", "commercial_partner_id", "res_partner"),
    ("account_move", "journal_id", "account_journal"),
    ("account_move", "fleet_business_unit_id", "fleet_business_unit"),
    ("account_move_line", "move_id", "account_move"),
    ("account_move_line", "account_id", "account_account"),
    ("account_move_line", "partner_id", "res_partner"),
    ("account_move_line", "tax_line_id", "account_tax"),
    ("account_move_line", "tax_repartition_line_id", "account_tax_repartition_line"),
    ("account_move_line_account_tax_rel", "account_move_line_id", "account_move_line"),
]


def check_foreign_keys(cr):
    """The references the generator wrote without the database checking
    them one by one: every one must point at an existing row."""
    broken = []
    for table, column, target in GENERATED_REFERENCES:
        cr.execute(
            SQL(
                "SELECT count(*) FROM %s t WHERE t.%s IS NOT NULL AND NOT EXISTS"
                " (SELECT 1 FROM %s r WHERE r.id = t.%s)",
                SQL.identifier(table),
                SQL.identifier(column),
                SQL.identifier(target),
                SQL.identifier(column),
            )
        )
        count = cr.fetchone()[0]
        if count:
            broken.append(f"{table}.{column}: {count:,}")
    if broken:
        raise RuntimeError(f"generated rows reference missing rows: {broken}")


VACUUMED_TABLES = [
    "res_partner",
    "fleet_business_unit",
    "maintenance_equipment",
    "fleet_asset_assignment",
    "sale_order",
    "account_move",
    "account_move_line",
    "account_move_line_account_tax_rel",
]


def vacuum_analyze(cr, tables):
    """VACUUM (ANALYZE) outside any transaction: without it the indexes
    keep the dead versions of every updated row, which the searches then
    read (no autovacuum on some servers)."""
    cr.commit()
    cr._cnx.autocommit = True
    try:
        for table in tables:
            cr.execute(SQL("VACUUM (ANALYZE) %s", SQL.identifier(table)))
    finally:
        cr._cnx.autocommit = False


@contextlib.contextmanager
def step(steps, label):
    """Time one generation step, print it and keep it in ``steps``."""
    start = time.perf_counter()
    yield
    seconds = time.perf_counter() - start
    steps.append((label, f"{seconds:.1f}"))
    print(f"  {label}: {seconds:.1f} s", flush=True)


def _places(cr):
    """A temporary table of the cities with their country and state ids."""
    cr.execute(
        """
        CREATE TEMP TABLE IF NOT EXISTS scale_places (
            idx int PRIMARY KEY, city varchar, country_id int, state_id int
        ) ON COMMIT DROP
        """
    )
    cr.execute("DELETE FROM scale_places")
    cr.execute(
        """
        INSERT INTO scale_places (idx, city, country_id, state_id)
        SELECT p.idx, p.city, c.id, s.id
          FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[])
               WITH ORDINALITY AS p(city, country, state, idx)
          JOIN res_country c ON c.code = p.country
          LEFT JOIN res_country_state s
                 ON s.country_id = c.id AND s.code = p.state
        """,
        [
            CITIES,
            [country for country, __ in PLACES.values()],
            [state or "" for __, state in PLACES.values()],
        ],
    )


def _generate_customers(env, customers):
    """Customers with a number, segment, city, state and country; 2 contacts
    each (same address, as Odoo keeps contacts at their company's); one
    business unit each."""
    cr = env.cr
    company = env.company.id
    segments = env["fleet.customer.segment"].search([]).ids
    _places(cr)
    params = {
        "n": customers,
        "company": company,
        "prefixes": PREFIXES,
        "trades": TRADES,
        "suffixes": SUFFIXES,
        "cities": len(CITIES),
        "segments": segments,
    }
    # Ids are drawn from the sequence in the insert itself, so that each
    # customer is its own commercial partner without a second pass.
    cr.execute(
        f"""
        INSERT INTO res_partner (id, commercial_partner_id,
                                 name, complete_name, commercial_company_name,
                                 ref, is_company,
                                 is_fleet_customer, fleet_segment_id,
                                 city, state_id, country_id, company_id,
                                 active, type, autopost_bills,
                                 lang, email, email_normalized,
                                 partner_share, customer_rank, supplier_rank,
                                 color, message_bounce, invoice_warn, sale_warn,
                                 {GEOFENCE_BOX_COLUMNS},
                                 create_uid, write_uid, create_date, write_date)
        SELECT s.id, s.id,
               n.name, n.name, n.name, 'SC-' || lpad(g::text, 7, '0'), true, true,
               (%(segments)s::int[])[1 + g %% cardinality(%(segments)s::int[])],
               p.city, p.state_id, p.country_id,
               %(company)s, true, 'contact', 'ask', 'en_US',
               'office' || g || '@customer.example',
               'office' || g || '@customer.example',
               true, 0, 0, 0, 0, 'no-message', 'no-message', 0, 0, 0, 0,
               1, 1, {UTC_NOW}, {UTC_NOW}
          FROM (SELECT g, nextval('res_partner_id_seq')::int AS id
                  FROM generate_series(1, %(n)s) g) s
          JOIN scale_places p ON p.idx = 1 + (s.g * 7) %% %(cities)s,
               LATERAL (SELECT (%(prefixes)s::text[])[1 + (s.g * 13) %% 20]
                               || ' '
                               || (%(trades)s::text[])[1 + (s.g * 7) %% 15]
                               || ' '
                               || (%(suffixes)s::text[])[1 + s.g %% 6]
                               || ' ' || s.g AS name) n
        """,
        params,
    )
    _analyze(cr, "res_partner")
    # Two contacts per customer.
    cr.execute(
        f"""
        INSERT INTO res_partner (name, complete_name, commercial_company_name,
                                 parent_id, commercial_partner_id, is_company,
                                 is_fleet_customer, company_id, active, type,
                                 autopost_bills, lang, email, email_normalized,
                                 city, state_id, country_id,
                                 partner_share, customer_rank, supplier_rank,
                                 color, message_bounce, invoice_warn, sale_warn,
                                 {GEOFENCE_BOX_COLUMNS},
                                 create_uid, write_uid, create_date, write_date)
        SELECT 'Contact ' || k || ' ' || c.id,
               c.name || ', Contact ' || k || ' ' || c.id, c.name, c.id, c.id,
               false, false, c.company_id, true, 'contact', 'ask', 'en_US',
               'contact' || k || '.' || c.id || '@customer.example',
               'contact' || k || '.' || c.id || '@customer.example',
               c.city, c.state_id, c.country_id,
               true, 0, 0, 0, 0, 'no-message', 'no-message', 0, 0, 0, 0,
               1, 1, {UTC_NOW}, {UTC_NOW}
          FROM res_partner c, generate_series(1, 2) k
         WHERE c.ref LIKE %s AND c.is_fleet_customer
        """,
        [CUSTOMER_MARK],
    )
    cr.execute(
        f"""
        INSERT INTO fleet_business_unit (name, code, partner_id, company_id,
                                         active, sequence,
                                         create_uid, write_uid,
                                         create_date, write_date)
        SELECT c.city || ' depot', 'D' || c.id, c.id, c.company_id, true, 10,
               1, 1, {UTC_NOW}, {UTC_NOW}
          FROM res_partner c WHERE c.ref LIKE %s AND c.is_fleet_customer
        """,
        [CUSTOMER_MARK],
    )
    _analyze(cr, "res_partner", "fleet_business_unit")


def _generate_equipment(env, customers):
    """3 machines per customer, 3 or 4 successive assignments each."""
    cr = env.cr
    company = env.company.id
    equipment = customers * 3
    cr.execute(
        f"""
        INSERT INTO maintenance_equipment (name, serial_no, effective_date,
                                           company_id, active,
                                           create_uid, write_uid,
                                           create_date, write_date)
        SELECT jsonb_build_object('en_US', 'Machine ' || g),
               'SCM-' || lpad(g::text, 8, '0'), '2020-01-01',
               %(company)s, true, 1, 1, {UTC_NOW}, {UTC_NOW}
          FROM generate_series(1, %(n)s) g
        """,
        {"n": equipment, "company": company},
    )
    _analyze(cr, "maintenance_equipment")
    # History: 3 periods per machine, a 4th for one in three (10 per 3
    # machines: 1,000,000 rows for 300,000), the last one open; successive
    # periods go to different customers and never overlap.
    cr.execute(
        f"""
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
               p.k = p.n - 1, %(company)s, 1, 1, {UTC_NOW}, {UTC_NOW}
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
    _analyze(cr, "maintenance_equipment", "fleet_asset_assignment")


def _complete_partners(env):
    """Databases generated before 2026-12: fill the partner columns Odoo
    fills on create (sharing flag, ranks, warnings, normalized email, the
    commercial name) and the state and country of each city. Touches only
    the generated partners that lack them."""
    cr = env.cr
    _places(cr)
    cr.execute(
        """
        UPDATE res_partner p
           SET partner_share = true, customer_rank = 0, supplier_rank = 0,
               color = 0, message_bounce = 0,
               invoice_warn = 'no-message', sale_warn = 'no-message',
               email_normalized = lower(p.email),
               commercial_company_name = c.name,
               state_id = pl.state_id, country_id = pl.country_id
          FROM res_partner c
          LEFT JOIN scale_places pl ON pl.city = c.city
         WHERE c.id = p.commercial_partner_id
           AND c.ref LIKE %s AND c.is_fleet_customer
           AND p.partner_share IS NULL
        """,
        [CUSTOMER_MARK],
    )
    return cr.rowcount


def _scale_customers(cr):
    """A temporary table numbering the generated customers 1..n, with their
    business unit and their two contacts, for the orders and invoices."""
    cr.execute(
        """
        CREATE TEMP TABLE IF NOT EXISTS scale_customers ON COMMIT DROP AS
        SELECT row_number() OVER (ORDER BY c.id)::int AS num, c.id,
               c.complete_name AS name, c.company_id, c.fleet_segment_id,
               u.id AS unit_id, k.ids AS contact_ids, k.names AS contact_names
          FROM res_partner c
          LEFT JOIN LATERAL (
                SELECT min(u.id) AS id FROM fleet_business_unit u
                 WHERE u.partner_id = c.id) u ON true
          LEFT JOIN LATERAL (
                SELECT array_agg(p.id ORDER BY p.id) AS ids,
                       array_agg(p.complete_name ORDER BY p.id) AS names
                  FROM res_partner p
                 WHERE p.parent_id = c.id AND p.type = 'contact') k ON true
         WHERE c.ref LIKE %s AND c.is_fleet_customer
        """,
        [CUSTOMER_MARK],
    )
    cr.execute(
        "CREATE UNIQUE INDEX IF NOT EXISTS scale_customers_g ON scale_customers (num)"
    )
    cr.execute("ANALYZE scale_customers")
    cr.execute("SELECT count(*) FROM scale_customers")
    return cr.fetchone()[0]


# Documents go to customers through a hash of their number: one half spread
# over all customers, the other half over one customer in ten (busier ones),
# and each document is addressed to the customer or one of its contacts.
DOCUMENT_PARTNER_SQL = """
    CROSS JOIN LATERAL (
        SELECT (hashint4(g)::bigint + 2147483648) AS h OFFSET 0) hh
    JOIN scale_customers c ON c.num = 1 + CASE
        WHEN g %% 2 = 0 THEN hh.h %% %(n)s
        ELSE hh.h %% greatest(%(n)s / 10, 1) END
    CROSS JOIN LATERAL (
        SELECT COALESCE(c.contact_ids[g %% 3], c.id) AS id,
               COALESCE(c.contact_names[g %% 3], c.name) AS name) p
"""


def _generate_sale_orders(env, customers, orders):
    """``orders`` quotations and orders: draft 30 %, sent 10 %, confirmed 50 %,
    cancelled 10 %; over the last two years; to customers and their
    contacts; in the company currency with 15 % tax."""
    cr = env.cr
    company = env.company
    team = env["crm.team"].search([("company_id", "in", (company.id, False))], limit=1)
    n = _scale_customers(cr)
    cr.execute(
        f"""
        INSERT INTO sale_order (name, state, company_id, partner_id,
                                partner_invoice_id, partner_shipping_id,
                                currency_id, currency_rate, date_order,
                                validity_date, user_id, team_id, invoice_status,
                                amount_untaxed, amount_tax, amount_total,
                                locked, require_signature, require_payment,
                                prepayment_percent, client_order_ref,
                                fleet_business_unit_id,
                                create_uid, write_uid, create_date, write_date)
        SELECT %(prefix)s || lpad(g::text, 7, '0'), s.state, %(company)s,
               p.id, p.id, p.id, %(currency)s, 1.0, s.date_order,
               CASE WHEN s.state IN ('draft', 'sent')
                    THEN s.date_order::date + 30 END,
               %(user)s, %(team)s,
               CASE WHEN s.state <> 'sale' THEN 'no'
                    WHEN g %% 3 = 0 THEN 'to invoice' ELSE 'invoiced' END,
               s.untaxed, round(s.untaxed * 0.15, 2),
               s.untaxed + round(s.untaxed * 0.15, 2),
               false, %(sign)s, false, 1.0, 'PO ' || g, c.unit_id,
               1, 1, s.date_order, s.date_order
          FROM generate_series(1, %(orders)s) g
          {DOCUMENT_PARTNER_SQL}
          CROSS JOIN LATERAL (
                SELECT (ARRAY['draft', 'draft', 'draft', 'sent', 'sale', 'sale',
                              'sale', 'sale', 'sale', 'cancel'])[1 + g %% 10]
                           AS state,
                       ({UTC_NOW} - make_interval(days => (hh.h %% 730)::int,
                                                  secs => g %% 86400))
                           AS date_order,
                       round(100 + (hh.h %% 2000000) / 100.0, 2) AS untaxed) s
        """,
        {
            "prefix": ORDER_PREFIX,
            "company": company.id,
            "currency": company.currency_id.id,
            "user": env.ref("base.user_admin").id,
            "team": team.id or None,
            "sign": company.portal_confirmation_sign,
            "orders": orders,
            "n": n,
        },
    )
    return cr.rowcount


def _invoice_accounts(env):
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    tax = company.account_sale_tax_id
    repartition = {
        kind: lines.filtered(lambda line: line.repartition_type == "tax")[:1]
        for kind, lines in (
            ("invoice", tax.invoice_repartition_line_ids),
            ("refund", tax.refund_repartition_line_ids),
        )
    }
    return {
        "company": company.id,
        "currency": company.currency_id.id,
        "journal": journal.id,
        "income": journal.default_account_id.id,
        "receivable": company.partner_id.with_company(
            company
        ).property_account_receivable_id.id,
        "tax": tax.id,
        "tax_rate": tax.amount / 100,
        "tax_group": tax.tax_group_id.id,
        "tax_account": repartition["invoice"].account_id.id,
        "rep_invoice": repartition["invoice"].id,
        "rep_refund": repartition["refund"].id,
        "user": env.ref("base.user_admin").id,
        "team": env["crm.team"]
        .search([("company_id", "in", (company.id, False))], limit=1)
        .id
        or None,
    }


def _generate_invoices(env, customers, moves):
    """``moves`` customer invoices (90 %) and credit notes (10 %), 5 journal
    items each (3 product lines, 1 tax line, 1 receivable line): draft 10 %,
    posted 90 % (of all: paid 60 %, partly paid 10 %, not paid 20 %); over
    the last two years, due 15 to 60 days after. Residual amounts and the
    payment state are those a payment would leave, on the move and its
    receivable line alike; no payment entries or reconciliations are
    generated, so Odoo recomputing them would find the moves unpaid."""
    cr = env.cr
    accounts = _invoice_accounts(env)
    n = _scale_customers(cr)
    cr.execute("SELECT COALESCE(max(id), 0) FROM account_move")
    base = cr.fetchone()[0]
    # One row per move with everything its journal items need.
    cr.execute(
        f"""
        CREATE TEMP TABLE scale_moves ON COMMIT DROP AS
        SELECT m.*,
               CASE WHEN m.state = 'posted' THEN
                    (CASE m.move_type WHEN 'out_refund' THEN 'RINV/' ELSE 'INV/' END)
                    || extract(year FROM m.invoice_date)::int || '/'
               ELSE '' END AS prefix,
               CASE WHEN m.state = 'posted' THEN row_number() OVER (
                    PARTITION BY m.state, m.move_type,
                                 extract(year FROM m.invoice_date)
                    ORDER BY m.invoice_date, m.g) ELSE 0 END AS seq
          FROM (
            SELECT g, %(base)s + g AS id, c.id AS customer, c.unit_id,
                   c.fleet_segment_id AS segment_id, c.company_id,
                   p.id AS partner, p.name AS partner_name, t.*, a.*,
                   a.untaxed + a.tax AS total,
                   round((a.untaxed + a.tax) * CASE t.payment_state
                         WHEN 'paid' THEN 0 WHEN 'partial' THEN 0.4 ELSE 1 END, 2)
                       AS residual
              FROM generate_series(1, %(moves)s) g
              {DOCUMENT_PARTNER_SQL}
              CROSS JOIN LATERAL (
                SELECT CASE WHEN g %% 10 = 7 THEN 'out_refund'
                            ELSE 'out_invoice' END AS move_type,
                       CASE WHEN g / 10 %% 10 = 0 THEN 'draft'
                            ELSE 'posted' END AS state,
                       CASE WHEN g / 10 %% 10 BETWEEN 1 AND 6 THEN 'paid'
                            WHEN g / 10 %% 10 = 7 THEN 'partial'
                            ELSE 'not_paid' END AS payment_state,
                       CASE WHEN g %% 10 = 7 THEN -1 ELSE 1 END AS sign,
                       (current_date - (hh.h %% 730)::int) AS invoice_date,
                       (current_date - (hh.h %% 730)::int
                        + (ARRAY[15, 30, 45, 60])[1 + g %% 4]) AS due
                OFFSET 0) t
              CROSS JOIN LATERAL (
                SELECT ARRAY[1 + g %% 5, 1 + (g + 1) %% 5, 1 + (g + 2) %% 5]
                           AS qty,
                       ARRAY[round(20 + (hh.h %% 100000) / 100.0, 2),
                             round(20 + (hh.h / 7 %% 100000) / 100.0, 2),
                             round(20 + (hh.h / 11 %% 100000) / 100.0, 2)]
                           AS price
                OFFSET 0) q
              CROSS JOIN LATERAL (
                SELECT ARRAY[q.qty[1] * q.price[1], q.qty[2] * q.price[2],
                             q.qty[3] * q.price[3]] AS sub,
                       q.qty, q.price
                OFFSET 0) l
              CROSS JOIN LATERAL (
                SELECT l.sub, l.qty, l.price,
                       ARRAY[round(l.sub[1] * %(tax_rate)s, 2),
                             round(l.sub[2] * %(tax_rate)s, 2),
                             round(l.sub[3] * %(tax_rate)s, 2)] AS taxes,
                       l.sub[1] + l.sub[2] + l.sub[3] AS untaxed,
                       round(l.sub[1] * %(tax_rate)s, 2)
                       + round(l.sub[2] * %(tax_rate)s, 2)
                       + round(l.sub[3] * %(tax_rate)s, 2) AS tax
                OFFSET 0) a
          ) m
        """,
        {**accounts, "base": base, "moves": moves, "n": n},
    )
    cr.execute("ALTER TABLE scale_moves ADD PRIMARY KEY (g)")
    cr.execute(
        """
        INSERT INTO account_move (id, journal_id, company_id, partner_id,
            commercial_partner_id, partner_shipping_id, currency_id,
            invoice_user_id, team_id, name, ref, state, move_type, auto_post,
            payment_state, payment_reference, invoice_partner_display_name,
            date, invoice_date, invoice_date_due, invoice_currency_rate,
            amount_untaxed, amount_tax, amount_total, amount_residual,
            amount_untaxed_signed, amount_untaxed_in_currency_signed,
            amount_tax_signed, amount_total_signed,
            amount_total_in_currency_signed, amount_residual_signed,
            sequence_prefix, sequence_number, posted_before, checked,
            made_sequence_gap, is_move_sent, is_storno, always_tax_exigible,
            is_manually_modified,
            fleet_business_unit_id, fleet_segment_id,
            create_uid, write_uid, create_date, write_date)
        SELECT m.id, %(journal)s, m.company_id, m.partner, m.customer, m.partner,
               %(currency)s, %(user)s, %(team)s,
               CASE WHEN m.state = 'posted'
                    THEN m.prefix || lpad(m.seq::text, 5, '0') END,
               %(ref)s || m.g, m.state, m.move_type, 'no', m.payment_state,
               CASE WHEN m.state = 'posted'
                    THEN m.prefix || lpad(m.seq::text, 5, '0') END,
               m.partner_name, m.invoice_date, m.invoice_date, m.due, 1.0,
               m.untaxed, m.tax, m.total, m.residual,
               m.sign * m.untaxed, m.sign * m.untaxed, m.sign * m.tax,
               m.sign * m.total, m.sign * m.total, m.sign * m.residual,
               m.prefix, m.seq, m.state = 'posted', m.state = 'posted',
               false, m.state = 'posted' AND m.g %% 2 = 0, false, false, false,
               m.unit_id, m.segment_id,
               1, 1, m.invoice_date, m.invoice_date
          FROM scale_moves m
        """,
        {**accounts, "ref": INVOICE_REF_PREFIX},
    )
    cr.execute(
        "SELECT setval('account_move_id_seq', (SELECT max(id) FROM account_move))"
    )
    # Journal items: k = 1..3 product lines, 4 the tax line, 5 the
    # receivable line. Balances: credit on income and tax, debit on the
    # receivable for an invoice, the other way round for a credit note.
    cr.execute(
        """
        INSERT INTO account_move_line (move_id, journal_id, company_id,
            company_currency_id, sequence, account_id, currency_id, partner_id,
            display_type, date, invoice_date, date_maturity, parent_state,
            move_name, name, quantity, price_unit, price_subtotal, price_total,
            discount, balance, debit, credit, amount_currency, amount_residual,
            amount_residual_currency, tax_base_amount, tax_line_id,
            tax_group_id, tax_repartition_line_id, tax_tag_invert, reconciled,
            create_uid, write_uid, create_date, write_date)
        SELECT m.id, %(journal)s, m.company_id, %(currency)s, 9 + k,
               CASE WHEN k <= 3 THEN %(income)s WHEN k = 4 THEN %(tax_account)s
                    ELSE %(receivable)s END,
               %(currency)s, m.customer,
               CASE WHEN k <= 3 THEN 'product' WHEN k = 4 THEN 'tax'
                    ELSE 'payment_term' END,
               m.invoice_date, m.invoice_date,
               CASE WHEN k = 5 THEN m.due END, m.state,
               CASE WHEN m.state = 'posted'
                    THEN m.prefix || lpad(m.seq::text, 5, '0') END,
               CASE WHEN k <= 3 THEN 'Rental, machine ' || (m.g * 3 + k)
                    WHEN k = 4 THEN '15%%'
                    WHEN m.state = 'posted'
                    THEN m.prefix || lpad(m.seq::text, 5, '0')
                    ELSE '' END,
               CASE WHEN k <= 3 THEN m.qty[k] ELSE 1 END,
               CASE WHEN k <= 3 THEN m.price[k] ELSE 0 END,
               CASE WHEN k <= 3 THEN m.sub[k] ELSE 0 END,
               CASE WHEN k <= 3 THEN m.sub[k] + m.taxes[k] ELSE 0 END,
               0, b.balance, greatest(b.balance, 0), greatest(-b.balance, 0),
               b.balance,
               CASE WHEN k = 5 THEN m.sign * m.residual ELSE 0 END,
               CASE WHEN k = 5 THEN m.sign * m.residual ELSE 0 END,
               CASE WHEN k = 4 THEN m.sign * m.untaxed ELSE 0 END,
               CASE WHEN k = 4 THEN %(tax)s END,
               CASE WHEN k = 4 THEN %(tax_group)s END,
               CASE WHEN k <> 4 THEN NULL
                    WHEN m.move_type = 'out_refund' THEN %(rep_refund)s
                    ELSE %(rep_invoice)s END,
               k <= 4 AND m.move_type = 'out_invoice',
               k = 5 AND m.residual = 0,
               1, 1, m.invoice_date, m.invoice_date
          FROM scale_moves m
         CROSS JOIN generate_series(1, 5) k
         CROSS JOIN LATERAL (
               SELECT m.sign * CASE WHEN k <= 3 THEN -m.sub[k]
                                    WHEN k = 4 THEN -m.tax
                                    ELSE m.total END AS balance) b
        """,
        accounts,
    )
    lines = cr.rowcount
    cr.execute(
        """
        INSERT INTO account_move_line_account_tax_rel
               (account_move_line_id, account_tax_id)
        SELECT l.id, %(tax)s FROM account_move_line l
         WHERE l.move_id > %(base)s AND l.display_type = 'product'
        """,
        {**accounts, "base": base},
    )
    return lines


def _update_customer_ranks(env):
    """Odoo raises customer_rank of an invoice's partner and of its
    commercial partner by one on each posting: the customer search mode of
    quotations and invoices orders by it."""
    env.cr.execute(
        """
        WITH ranks AS (
            SELECT p AS id, count(*) AS n FROM (
                SELECT partner_id AS p FROM account_move
                 WHERE state = 'posted'
                   AND move_type IN ('out_invoice', 'out_refund')
                UNION ALL
                SELECT commercial_partner_id FROM account_move
                 WHERE state = 'posted' AND partner_id <> commercial_partner_id
                   AND move_type IN ('out_invoice', 'out_refund')) x
             GROUP BY p)
        UPDATE res_partner r SET customer_rank = ranks.n
          FROM ranks WHERE r.id = ranks.id AND r.customer_rank IS DISTINCT FROM ranks.n
        """
    )
    return env.cr.rowcount


def _exists(cr, sql, params):
    cr.execute(sql, params)
    return bool(cr.fetchone())


def _generate_missing(env, customers, missing, steps):
    cr = env.cr
    if missing["customers"]:
        with step(steps, f"{customers:,} customers, contacts, business units"):
            _generate_customers(env, customers)
        cr.commit()
        with step(steps, f"{customers * 3:,} equipment and their assignments"):
            _generate_equipment(env, customers)
        cr.commit()
    with step(steps, "partners completed (databases generated before)"):
        _complete_partners(env)
    cr.commit()
    if missing["orders"]:
        with step(steps, f"{customers * 2:,} sale orders"):
            _generate_sale_orders(env, customers, customers * 2)
            _analyze(cr, "sale_order")
        cr.commit()
    if missing["invoices"]:
        with step(
            steps,
            f"{customers * 2:,} invoices and credit notes, "
            f"{customers * 10:,} journal items",
        ):
            _generate_invoices(env, customers, customers * 2)
            _analyze(
                cr,
                "account_move",
                "account_move_line",
                "account_move_line_account_tax_rel",
            )
        with step(steps, "customer ranks"):
            _update_customer_ranks(env)
            _analyze(cr, "res_partner")
        cr.commit()


@contextlib.contextmanager
def _gin_indexes_rebuilt(cr, steps):
    """The partners' GIN indexes (trigrams, n-grams), dropped for the load and built
    again from their definitions after it.

    The addon writes partners straight into its GIN indexes (fastupdate
    off, for the searches): row by row, 300,000 new partners
    and 100,000 rank updates into them were 323 s of a 516 s generation on
    a slow machine. Queued in pending lists instead and merged at the end,
    the load was fast but the indexes came out 13 times their built size
    (complete names: 282 MB against 22 MB) and a rare customer number took
    22 ms to find instead of 2.7. Built after the load, they are as an
    installation on existing data builds them, in 15 s."""
    cr.execute(
        """
        SELECT c.relname, pg_get_indexdef(c.oid)
          FROM pg_index i
          JOIN pg_class c ON c.oid = i.indexrelid
          JOIN pg_am am ON am.oid = c.relam
         WHERE i.indrelid = 'res_partner'::regclass AND am.amname = 'gin'
        """
    )
    indexes = cr.fetchall()
    for name, __ in indexes:
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
    cr.commit()
    try:
        yield
    finally:
        cr.rollback()
        with step(steps, f"{len(indexes)} GIN indexes built"):
            for __, definition in indexes:
                # PostgreSQL's own text of an index it held a moment ago.
                cr.execute(definition)
            cr.commit()


def generate(env, customers):
    """Bulk-insert the dataset (SQL: the ORM would take hours at this size),
    keeping every stored field the addon and Odoo's lists rely on
    consistent. Each part is generated once per database: a database
    generated before the orders and invoices existed gets only those. Returns
    the (step, seconds) of what was done; committed step by step."""
    cr = env.cr
    steps = []
    start = time.perf_counter()
    with bulk_session(cr) as unchecked:
        missing = {
            "customers": not _exists(
                cr,
                "SELECT 1 FROM res_partner WHERE ref LIKE %s AND is_fleet_customer"
                " LIMIT 1",
                [CUSTOMER_MARK],
            ),
            "orders": not _exists(
                cr,
                "SELECT 1 FROM sale_order WHERE name LIKE %s LIMIT 1",
                [ORDER_PREFIX + "%"],
            ),
            "invoices": not _exists(
                cr,
                "SELECT 1 FROM account_move WHERE ref LIKE %s LIMIT 1",
                [INVOICE_REF_PREFIX + "%"],
            ),
        }
        rebuilt = (
            _gin_indexes_rebuilt(cr, steps)
            if any(missing.values())
            else contextlib.nullcontext()
        )
        with rebuilt:
            _generate_missing(env, customers, missing, steps)
        if len(steps) > 1 and unchecked:
            with step(steps, "foreign keys checked"):
                check_foreign_keys(cr)
    # Always, generated now or before: the server may run without
    # autovacuum (this one does), and the customer ranks, the machines'
    # current customer and the addon's upgrades rewrite rows.
    with step(steps, "VACUUM ANALYZE"):
        vacuum_analyze(cr, VACUUMED_TABLES)
    if len(steps) > 2:
        steps.append(("total", f"{time.perf_counter() - start:.1f}"))
    env.invalidate_all()
    env.registry.clear_cache()
    return steps


VOLUMES = [
    ("partners", "SELECT count(*) FROM res_partner"),
    ("fleet customers", "SELECT count(*) FROM res_partner WHERE is_fleet_customer"),
    ("equipment", "SELECT count(*) FROM maintenance_equipment"),
    ("assignments", "SELECT count(*) FROM fleet_asset_assignment"),
    ("sale orders", "SELECT count(*) FROM sale_order"),
    (
        "customer invoices and credit notes",
        "SELECT count(*) FROM account_move"
        " WHERE move_type IN ('out_invoice', 'out_refund')",
    ),
    ("journal items", "SELECT count(*) FROM account_move_line"),
]


def print_volumes(cr, database):
    rows = []
    for label, sql in VOLUMES:
        cr.execute(sql)
        rows.append((label, f"{cr.fetchone()[0]:,}"))
    print_table(f"Volumes in {database}", ("rows", "count"), rows)


# Terms of the Customers app's searches, per search and class of term (20
# each, cycled): common ones match thousands of customers, rare ones one
# or none; 1 to 3 characters are what users type first.
SEARCH_TERMS = {
    "customer number": {
        "common": [f"SC-00{d}" for d in range(10)] + ["SC-0", "SC-"],
        "1 char": list("1234567890"),
        "2 chars": ["12", "34", "56", "78", "90", "23", "45", "67", "89", "01"],
        "3 chars": ["123", "456", "789", "234", "567", "890", "345", "678", "901"],
    },
    "city": {
        "common": CITIES[::2],
        "rare": ["Nimes", "Zurich", "Bergen", "Toledo", "Austin", "Graz", "Porto"],
        "1 char": list("aeiournlsd"),
        "2 chars": ["Ly", "Pe", "Da", "Re", "Ba", "Sy", "Gl", "Le", "Ca", "Ho"],
        "3 chars": ["Lyo", "Mar", "Tou", "Nan", "Lil", "Bor", "Syd", "Per", "Dar"],
    },
    "name": {
        "common": COMMON_NAMES,
        "1 char": ONE_CHAR,
        "2 chars": TWO_CHARS,
        "3 chars": THREE_CHARS,
    },
    "state": {
        "common": [
            "Victoria",
            "Quebec",
            "Queensland",
            "Ohio",
            "Colorado",
            "Alberta",
            "Yorkshire",
            "Devon",
            "Idaho",
            "Nevada",
        ],
        # States that exist, of no customer.
        "rare": ["Texas", "Florida", "Manitoba", "Yukon", "Kent", "Maine", "Utah"],
        "1 char": list("aeiournlsd"),
        "2 chars": ["Vi", "Qu", "Oh", "Co", "Al", "Yo", "De", "Id", "Ne", "On"],
        "3 chars": ["Vic", "Que", "Ohi", "Col", "Alb", "Yor", "Dev", "Ida", "Nev"],
    },
}
SEARCH_TERMS["All"] = {
    "common": [
        "Mining",
        "Lyon",
        "SC-001",
        "Victoria",
        "Rentals",
        "Perth",
        "SC-004",
        "Quebec",
        "Hire",
        "Denver",
    ],
    "1 char": ONE_CHAR,
    "2 chars": TWO_CHARS,
    "3 chars": THREE_CHARS,
}

# The search view's filter domains (fleet_customers.res_partner_fleet_
# customer_view_search). "state" is the State field, which is also the All
# search's state branch.
SEARCH_DOMAINS = {
    "customer number": lambda t: [("ref", "ilike", t)],
    "city": lambda t: [("city", "ilike", t)],
    "name": lambda t: [("name", "ilike", t)],
    "state": lambda t: [("fleet_state_name", "ilike", t)],
    "All": lambda t: [
        "|",
        "|",
        "|",
        ("name", "ilike", t),
        ("ref", "ilike", t),
        ("city", "ilike", t),
        ("fleet_state_name", "ilike", t),
    ],
}


def search_terms(cr, runs):
    """{search: {class: [runs terms]}}, rare numbers and names taken from
    the data."""
    customers = sample_customers(cr, runs)
    rare = {
        "customer number": [ref for __, __, ref in customers],
        # "Hire 81234": suffix and number, one customer.
        "name": [" ".join(name.split()[-2:]) for __, name, __ in customers],
    }
    rare["All"] = [
        term
        for pair in zip(rare["name"], rare["customer number"], strict=False)
        for term in pair
    ]
    terms = {}
    for search, classes in SEARCH_TERMS.items():
        classes = dict(classes)
        if search in rare:
            classes["rare"] = rare[search]
        order = ("common", "rare", "1 char", "2 chars", "3 chars")
        terms[search] = {c: cycle(classes[c], runs) for c in order}
    return terms


def search_table(env, runs, plans_out=None):
    """The Customers app's searches as the web client runs them for one of
    its users: the ids of the first page (limit 80, Odoo's partner order)
    and the count (up to 10,001). Median and p95 of ``runs`` terms per
    class, plans of the first term."""
    user_env = make_users(env)["scale_office"]
    Partner = user_env["res.partner"]
    base = [("is_fleet_customer", "=", True)]
    big = big_tables(env.cr)
    rows = []
    for search, classes in search_terms(env.cr, runs).items():
        for term_class, terms in classes.items():
            make = SEARCH_DOMAINS[search]
            times = {"search": [], "count": []}
            matches = []
            Partner.search(base + make(terms[0]), limit=80)  # warm-up
            for term in terms:
                domain = base + make(term)
                ms, __, __ = timed_call(
                    user_env, lambda d=domain: Partner.search(d, limit=80)
                )
                times["search"].append(ms)
                ms, __, count = timed_call(
                    user_env,
                    lambda d=domain: Partner.search_count(d, limit=COUNT_LIMIT),
                )
                times["count"].append(ms)
                matches.append(count)
            with capture_queries() as captured:
                domain = base + make(terms[0])
                Partner.search(domain, limit=80)
                Partner.search_count(domain, limit=COUNT_LIMIT)
            plans = explain_queries(captured, top=3)
            write_plans(plans_out, f"{search}, {term_class} ({terms[0]!r})", plans)
            indexes, seq = plan_facts([plan for __, plan, __ in plans], big)
            search_med, search_p95 = stats(times["search"])
            count_med, count_p95 = stats(times["count"])
            rows.append(
                (
                    search,
                    term_class,
                    fmt(search_med),
                    fmt(search_p95),
                    fmt(count_med),
                    fmt(count_p95),
                    f"{statistics.median(matches):,.0f}",
                    indexes,
                    seq,
                )
            )
            print("  " + " | ".join(rows[-1]), flush=True)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument(
        "--plans", action="store_true", help="print the full query plans"
    )
    parser.add_argument("--plans-file", help="write the searches' EXPLAIN plans there")
    parser.add_argument("--runs", type=int, default=20, help="terms per search")
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="generate what the database lacks, print the volumes and stop",
    )
    parser.add_argument(
        "--without-search-indexes",
        action="store_true",
        help="measure the searches without the addon's trigram, n-gram and order "
        "indexes (dropped inside the measuring transaction, which is rolled back)",
    )
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True}
        )
        print(f"\n{args.database}: generating what is missing", flush=True)
        steps = generate(env, args.customers)
        if len(steps) > 2:
            print_table("Generation (bulk SQL)", ("step", "s"), steps)
        print_volumes(cr, args.database)
        if args.generate_only:
            return
        if args.without_search_indexes:
            for name in SEARCH_INDEXES:
                cr.execute(
                    odoo.tools.SQL(
                        "DROP INDEX IF EXISTS %s", odoo.tools.SQL.identifier(name)
                    )
                )
        plans_out = open(args.plans_file, "w") if args.plans_file else None  # noqa: SIM115
        print(
            "\nsearch | terms | search median | p95 | count median | p95 | "
            "matches | indexes | seq scans on big tables"
        )
        rows = search_table(env, args.runs, plans_out)
        if plans_out:
            plans_out.close()
        print_table(
            f"Customers app searches as one of its users (Fleet user, salesman, "
            f"billing): the first page (limit 80) and the count (limit "
            f"{COUNT_LIMIT:,}), {args.runs} terms per row, ms",
            (
                "search",
                "terms",
                "search median",
                "search p95",
                "count median",
                "count p95",
                "matches",
                "indexes used",
                "seq scans on big tables",
            ),
            rows,
        )
        if args.plans and args.plans_file:
            print(Path(args.plans_file).read_text())
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
