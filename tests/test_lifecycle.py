"""Upgrade and uninstall keep the data: run against a database of its own.

These tests drive odoo-bin in subprocesses (install with demo data, then
-u, then an uninstall from odoo-bin shell) on the scratch database
fleet_customers_lifecycle; the database under test is not touched.
"""

import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest

import odoo

DB = "fleet_customers_lifecycle"
ODOO_BIN = Path(odoo.__file__).resolve().parents[1] / "odoo-bin"

# Rows that must survive: Odoo's own records the addon extends or links to
# (those the addon's own data files created go with it, as in any module).
CORE_TABLES = {
    "res_partner": "res.partner",
    "maintenance_equipment": "maintenance.equipment",
    "account_move": "account.move",
    "project_task": "project.task",
    "maintenance_request": "maintenance.request",
}
# The addon's own data, which an upgrade must keep.
FLEET_SNAPSHOT = {
    "customers": "SELECT string_agg(id || ':' || coalesce(ref, '')"
    " || ':' || coalesce(fleet_segment_id, 0)"
    " || ':' || active, ',' ORDER BY id) FROM res_partner WHERE is_fleet_customer",
    "sites": "SELECT string_agg(id || ':' || coalesce(fleet_site_note, ''),"
    " ',' ORDER BY id)"
    " FROM res_partner WHERE type = 'fleet_site'",
    "units": "SELECT string_agg(id || ':' || partner_id || ':' || coalesce(code, ''),"
    " ',' ORDER BY id)"
    " FROM fleet_business_unit",
    "assignments": "SELECT string_agg(id || ':' || equipment_id || ':' || partner_id"
    " || ':' || date_start"
    " || ':' || coalesce(date_end::text, ''), ',' ORDER BY id)"
    " FROM fleet_asset_assignment",
    "holders": "SELECT string_agg(id || ':' || coalesce(fleet_customer_id, 0),"
    " ',' ORDER BY id) FROM maintenance_equipment",
    "contracts": "SELECT string_agg(id || ':' || name || ':' || state, ',' ORDER BY id)"
    " FROM fleet_customer_contract",
    "geofences": "SELECT string_agg(id || ':' || fleet_geofence::text"
    " || ':' || fleet_geofence_min_lat, ',' ORDER BY id)"
    " FROM res_partner WHERE fleet_geofence IS NOT NULL",
    "positions": "SELECT string_agg(id || ':' || equipment_id || ':' || reading_time"
    " || ':' || latitude, ',' ORDER BY id)"
    " FROM fleet_asset_position",
    "site_events": "SELECT string_agg(id || ':' || equipment_id || ':' || site_id"
    " || ':' || event_type || ':' || ongoing,"
    " ',' ORDER BY id) FROM fleet_asset_event",
    "last_positions": "SELECT string_agg(id || ':' || fleet_last_position_time,"
    " ',' ORDER BY id) FROM maintenance_equipment"
    " WHERE fleet_last_position_time IS NOT NULL",
}


def odoo_bin(*args, shell_code=None):
    """odoo-bin on the lifecycle database; with shell_code, odoo-bin shell
    running that code."""
    config = odoo.tools.config.rcfile
    prefix = ["shell"] if shell_code else []
    command = [sys.executable, str(ODOO_BIN), *prefix, "-c", config, "-d", DB, *args]
    if not shell_code:
        command.append("--no-http")
    result = subprocess.run(command, input=shell_code, text=True, capture_output=True)
    assert (
        result.returncode == 0
    ), f"{' '.join(command)} failed:\n{result.stderr[-3000:]}"
    # odoo-bin shell swallows exceptions of the code it runs: fail on them.
    assert "Traceback" not in result.stderr + result.stdout, (
        result.stderr[-3000:] + result.stdout[-3000:]
    )


def query(sql):
    params = {
        key: odoo.tools.config[f"db_{key}"]
        for key in ("host", "port", "user", "password")
        if odoo.tools.config.get(f"db_{key}")
    }
    with (
        psycopg2.connect(dbname=DB, **params) as connection,
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
        return cursor.fetchone()[0]


def counts():
    return {
        table: query(
            f"SELECT count(*) FROM {table} t WHERE NOT EXISTS ("  # noqa: S608 (fixed names)
            f" SELECT 1 FROM ir_model_data d WHERE d.module = 'fleet_customers'"
            f" AND d.model = '{model}' AND d.res_id = t.id)"
        )
        for table, model in CORE_TABLES.items()
    }


@pytest.fixture(scope="module")
def lifecycle_db():
    subprocess.run(["dropdb", "--if-exists", *_pg_args(), DB], check=True)
    odoo_bin("-i", "fleet_customers", "--stop-after-init")
    # A deactivated customer, so that a work order sits in the addon's
    # Cancelled stage and a site is archived by the cascade.
    odoo_bin(
        shell_code=(
            "customer = env.ref('fleet_customers.res_partner_fleet_metro_demo')\n"
            "customer._fleet_deactivate("
            "env.ref('fleet_customers.fleet_deactivation_reason_closed'), "
            "'lifecycle')\n"
            # Data a user typed in, not shipped by the addon: it must all stay.
            "user_customer = env['res.partner'].create("
            "{'name': 'Lifecycle Ltd', 'ref': 'LIFE-1',"
            " 'is_fleet_customer': True, 'is_company': True})\n"
            "env['res.partner'].create({'name': 'Lifecycle yard',"
            " 'parent_id': user_customer.id, 'type': 'fleet_site',"
            " 'fleet_geofence': {'type': 'circle', 'lat': 50.0, 'lng': 3.0,"
            " 'radius': 100}})\n"
            "machine = env['maintenance.equipment'].create("
            "{'name': 'Lifecycle crane', 'serial_no': 'LIFE-CR-1'})\n"
            "env['fleet.asset.assignment']._fleet_assign(machine, user_customer)\n"
            "integration = env['fleet.telematics.integration'].create("
            "{'name': 'Lifecycle GPS'})\n"
            "integration._fleet_receive([{'serial': 'LIFE-CR-1',"
            " 'timestamp': '2026-11-01T08:00:00Z',"
            " 'latitude': 50.0, 'longitude': 3.0}])\n"
            "env['maintenance.request'].create("
            "{'name': 'Lifecycle WO', 'equipment_id': machine.id})\n"
            "env['project.task'].create({'name': 'Lifecycle task',"
            " 'partner_id': user_customer.id,"
            " 'project_id': env['project.project'].create({'name': 'Lifecycle'}).id})\n"
            "env.cr.commit()\n"
        ),
    )
    yield DB
    subprocess.run(["dropdb", "--if-exists", *_pg_args(), DB], check=True)


def _pg_args():
    config = odoo.tools.config
    args = []
    if config.get("db_host"):
        args += ["-h", config["db_host"]]
    if config.get("db_port"):
        args += ["-p", str(config["db_port"])]
    if config.get("db_user"):
        args += ["-U", config["db_user"]]
    return args


def test_upgrade_then_uninstall_keep_the_data(lifecycle_db):
    before_core = counts()
    before_fleet = {name: query(sql) for name, sql in FLEET_SNAPSHOT.items()}
    assert (
        before_fleet["assignments"]
        and before_fleet["contracts"]
        and before_fleet["sites"]
    )
    assert (
        before_fleet["geofences"]
        and before_fleet["positions"]
        and before_fleet["site_events"]
    )
    assert (
        query(
            "SELECT count(*) FROM fleet_asset_event e"
            " JOIN res_partner s ON s.id = e.site_id"
            " WHERE s.name = 'Lifecycle yard' AND e.ongoing"
        )
        == 1
    )
    assert (
        query(
            "SELECT count(*) FROM maintenance_request r"
            " JOIN maintenance_stage s ON s.id = r.stage_id"
            " WHERE s.fleet_is_cancel"
        )
        == 1
    )

    # The site events' messages wait for queue_job's runner (none here).
    waiting_jobs = (
        "SELECT count(*) FROM queue_job WHERE model_name = 'fleet.asset.event'"
        " AND state IN ('wait_dependencies', 'pending', 'enqueued', 'failed')"
    )
    assert query(waiting_jobs) >= 1

    odoo_bin("-u", "fleet_customers", "--stop-after-init")
    assert counts() == before_core
    assert {name: query(sql) for name, sql in FLEET_SNAPSHOT.items()} == before_fleet

    odoo_bin(
        shell_code=(
            "env['ir.module.module'].search([('name', '=', 'fleet_customers')])"
            ".button_immediate_uninstall()\n"
            "env.cr.commit()\n"
        ),
    )
    assert (
        query("SELECT state FROM ir_module_module WHERE name = 'fleet_customers'")
        == "uninstalled"
    )
    # Partners (customers, contacts, sites), equipment, invoices, tasks and
    # work orders are all still there; only the addon's own data is gone.
    assert counts() == before_core
    # Jobs of models that are gone would only fail in the runner.
    assert query(waiting_jobs) == 0
    assert query("SELECT to_regclass('fleet_asset_assignment')") is None
    assert query("SELECT to_regclass('fleet_customer_contract')") is None
    assert query("SELECT to_regclass('fleet_asset_event')") is None
    assert query("SELECT to_regclass('fleet_asset_position')") is None
    assert query("SELECT to_regclass('res_partner_fleet_geofence_box_index')") is None
    # The dropdown and open-invoice indexes sit on Odoo's own columns:
    # dropped by the hook.
    assert query("SELECT to_regclass('account_move_fleet_open_invoice_index')") is None
    assert (
        query(
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'res_partner'"
            " AND indexname LIKE 'res_partner_fleet%'"
        )
        == 0
    )
    assert (
        query(
            "SELECT count(*) FROM information_schema.columns"
            " WHERE table_name = 'res_partner'"
            " AND column_name IN"
            " ('is_fleet_customer', 'fleet_dropdown_text', 'fleet_partner_text')"
        )
        == 0
    )
    assert query("SELECT count(*) FROM res_partner WHERE type = 'fleet_site'") == 0
    # The user's site is an ordinary address now; its customer, machine,
    # work order and task are still there.
    assert (
        query("SELECT type FROM res_partner WHERE name = 'Lifecycle yard'") == "contact"
    )
    assert (
        query(
            "SELECT count(*) FROM res_partner"
            " WHERE name = 'Lifecycle Ltd' AND ref = 'LIFE-1'"
        )
        == 1
    )
    assert (
        query("SELECT count(*) FROM maintenance_request WHERE name = 'Lifecycle WO'")
        == 1
    )
    assert query("SELECT count(*) FROM project_task WHERE name = 'Lifecycle task'") == 1
