"""Stock Odoo on the same data: copy the scale database (CREATE DATABASE
... TEMPLATE, no session may be open on it) and uninstall fleet_customers
in the copy, once; then check that the partners, orders, invoices and
journal items are all still there and that the addon's indexes are gone.

Usage: python bench/scale_stock_db.py --config CONF --database DB
       --stock-database DB_stock
(`make bench-scale` runs it after generating DB; it does nothing when
DB_stock exists.)
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import print_table  # noqa: E402

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api, sql_db  # noqa: E402
from odoo.tools import SQL  # noqa: E402

KEPT = [
    ("partners", "SELECT count(*) FROM res_partner"),
    ("equipment", "SELECT count(*) FROM maintenance_equipment"),
    ("sale orders", "SELECT count(*) FROM sale_order"),
    ("invoices and credit notes", "SELECT count(*) FROM account_move"),
    ("journal items", "SELECT count(*) FROM account_move_line"),
]


def counts(dbname):
    with sql_db.db_connect(dbname).cursor() as cr:
        result = {}
        for label, sql in KEPT:
            cr.execute(sql)
            result[label] = cr.fetchone()[0]
        cr.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'res_partner'"
            " ORDER BY indexname"
        )
        result["res_partner indexes"] = [row[0] for row in cr.fetchall()]
        cr.execute(
            "SELECT name, state FROM ir_module_module"
            " WHERE name IN ('fleet_customers', 'contacts', 'sale', 'account')"
            " ORDER BY name"
        )
        result["modules"] = cr.fetchall()
        return result


def database_exists(name):
    with sql_db.db_connect("postgres").cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def copy_database(template, name):
    with sql_db.db_connect("postgres").cursor() as cr:
        # A session that only passes by (a psql query) gets a minute to end.
        for __ in range(60):
            cr.execute(
                "SELECT pid, application_name, state FROM pg_stat_activity"
                " WHERE datname = %s",
                [template],
            )
            sessions = cr.fetchall()
            cr.rollback()
            if not sessions:
                break
            time.sleep(1)
        if sessions:
            sys.exit(
                f"{template} has open sessions, it cannot be copied: {sessions}. "
                "Stop what uses it and run again."
            )
        # CREATE DATABASE cannot run inside a transaction.
        cr.rollback()
        cr._cnx.autocommit = True
        try:
            cr.execute(
                SQL(
                    "CREATE DATABASE %s TEMPLATE %s",
                    SQL.identifier(name),
                    SQL.identifier(template),
                )
            )
        finally:
            cr._cnx.autocommit = False


def uninstall_addon(name):
    with sql_db.db_connect(name).cursor() as cr:
        empty_addon_tables(cr)
    registry = odoo.modules.registry.Registry(name)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["ir.module.module"].search(
            [("name", "=", "fleet_customers")]
        ).button_immediate_uninstall()
        cr.commit()
    odoo.modules.registry.Registry.delete(name)


def empty_addon_tables(cr):
    """What the uninstall would delete or empty row by row, gone at once.

    The uninstall deletes the addon's records (segments, reasons...) before
    it drops their tables and columns, and each deletion updates what
    points at them: a segment sets the segment of 1,000,000 assignments and
    200,000 invoices to NULL and is restricted by 100,000 customers, whose
    reference was emptied first, writing every partner into the addon's
    thirteen trigram indexes one entry at a time. That took 242 s, for
    tables, columns and indexes about to be dropped; 15 s without them.
    The copy keeps Odoo's rows: the references from Odoo's tables to the
    addon's are dropped (their columns go with the addon), the addon's
    tables emptied and its partner indexes dropped.
    """
    cr.execute(
        "SELECT 1 FROM ir_module_module WHERE name = 'fleet' AND state = 'installed'"
    )
    if cr.fetchone():
        # Odoo's Fleet app has tables named fleet_* too.
        sys.exit(
            "Odoo's fleet module is installed: the addon's tables are not told apart"
        )
    cr.execute(
        r"""
        SELECT con.conname, source.relname
          FROM pg_constraint con
          JOIN pg_class target ON target.oid = con.confrelid
          JOIN pg_class source ON source.oid = con.conrelid
         WHERE con.contype = 'f'
           AND target.relname LIKE 'fleet\_%'
           AND source.relname NOT LIKE 'fleet\_%'
        """
    )
    for constraint, table in cr.fetchall():
        cr.execute(
            SQL(
                "ALTER TABLE %s DROP CONSTRAINT %s",
                SQL.identifier(table),
                SQL.identifier(constraint),
            )
        )
    cr.execute(
        r"SELECT relname FROM pg_class WHERE relkind = 'r' AND relname LIKE 'fleet\_%'"
    )
    tables = [SQL.identifier(table) for (table,) in cr.fetchall()]
    cr.execute(SQL("TRUNCATE %s", SQL(", ").join(tables)))
    cr.execute(
        r"""
        SELECT indexname FROM pg_indexes
         WHERE tablename = 'res_partner'
           AND indexname LIKE 'res\_partner\_fleet\_%'
        """
    )
    for (index,) in cr.fetchall():
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(index)))


def vacuum_analyze(name):
    """The uninstall rewrites res_partner and the invoices (dropped
    columns, emptied references); without autovacuum (some servers run
    without) their indexes would keep every dead version."""
    with sql_db.db_connect(name).cursor() as cr:
        cr.rollback()
        cr._cnx.autocommit = True
        try:
            cr.execute("VACUUM (ANALYZE)")
        finally:
            cr._cnx.autocommit = False


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--stock-database", required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    if database_exists(args.stock_database):
        start = time.perf_counter()
        vacuum_analyze(args.stock_database)
        print(
            f"{args.stock_database} exists: kept as it is "
            f"(VACUUM ANALYZE: {time.perf_counter() - start:.0f} s)"
        )
        return
    sql_db.close_all()
    start = time.perf_counter()
    copy_database(args.database, args.stock_database)
    copied = time.perf_counter() - start
    uninstall_addon(args.stock_database)
    vacuum_analyze(args.stock_database)
    uninstalled = time.perf_counter() - start - copied
    before, after = counts(args.database), counts(args.stock_database)
    rows = [(label, f"{before[label]:,}", f"{after[label]:,}") for label, __ in KEPT]
    print_table(
        f"{args.stock_database}: copied in {copied:.0f} s, fleet_customers "
        f"uninstalled (and VACUUM ANALYZE) in {uninstalled:.0f} s",
        ("rows", args.database, args.stock_database),
        rows,
    )
    print(f"\nmodules in {args.stock_database}: {after['modules']}")
    gone = sorted(
        set(before["res_partner indexes"]) - set(after["res_partner indexes"])
    )
    print(f"res_partner indexes gone with the addon: {gone}")
    left = [i for i in after["res_partner indexes"] if "fleet" in i]
    print(f"res_partner indexes of the addon left: {left or 'none'}")
    lost = [label for label, __ in KEPT if before[label] != after[label]]
    if lost or left:
        sys.exit(f"the stock copy lost rows or kept addon indexes: {lost} {left}")


if __name__ == "__main__":
    main()
