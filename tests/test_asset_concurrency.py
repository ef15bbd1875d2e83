import threading

import psycopg2

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestAssignConcurrently(TransactionCase):
    """Two users click Assign on the same equipment at the same moment.

    Both transactions pass the Python checks (neither sees the other's
    uncommitted row); PostgreSQL must still let exactly one of them commit.
    This needs real, separate transactions, so the data is committed and
    removed again at the end.
    """

    test_module = "fleet_customers"

    def setUp(self):
        super().setUp()
        self.registry = odoo.modules.registry.Registry(self.env.cr.dbname)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            Partner = env["res.partner"]
            self.customer_ids = Partner.create(
                [
                    {
                        "name": "Race A",
                        "ref": "RACE-A",
                        "is_fleet_customer": True,
                        "is_company": True,
                    },
                    {
                        "name": "Race B",
                        "ref": "RACE-B",
                        "is_fleet_customer": True,
                        "is_company": True,
                    },
                ]
            ).ids
            self.equipment_id = (
                env["maintenance.equipment"].create({"name": "Contested crane"}).id
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["fleet.asset.assignment"].search(
                [("equipment_id", "=", self.equipment_id)]
            ).unlink()
            env["maintenance.equipment"].browse(self.equipment_id).unlink()
            messages = env["mail.message"].search(
                [("model", "=", "res.partner"), ("res_id", "in", self.customer_ids)]
            )
            messages.unlink()
            env["res.partner"].browse(self.customer_ids).unlink()

    def test_exactly_one_open_assignment(self):
        first_inserted = threading.Event()
        outcome = {}

        def assign(name, customer_id, wait_for=None, then_signal=None):
            with mute_logger("odoo.sql_db"), self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                try:
                    if wait_for:
                        # Starts after the other transaction wrote its row,
                        # then blocks on it until it commits.
                        wait_for.wait(10)
                    env["fleet.asset.assignment"]._fleet_assign(
                        env["maintenance.equipment"].browse(self.equipment_id),
                        env["res.partner"].browse(customer_id),
                    )
                    if then_signal:
                        then_signal.set()
                        # Hold the transaction open while the other one tries.
                        threading.Event().wait(1.5)
                    cr.commit()
                    outcome[name] = "committed"
                except psycopg2.errors.ExclusionViolation:
                    cr.rollback()
                    outcome[name] = "refused"

        # The Python check of the second transaction runs before the first
        # commits, so only the database can stop it.
        first = threading.Thread(
            target=assign, args=("first", self.customer_ids[0], None, first_inserted)
        )
        second = threading.Thread(
            target=assign, args=("second", self.customer_ids[1], first_inserted)
        )
        first.start()
        second.start()
        first.join(30)
        second.join(30)

        self.assertEqual(outcome, {"first": "committed", "second": "refused"})
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT partner_id FROM fleet_asset_assignment "
                "WHERE equipment_id = %s AND date_end IS NULL",
                [self.equipment_id],
            )
            self.assertEqual(cr.fetchall(), [(self.customer_ids[0],)])
            cr.execute(
                "SELECT fleet_customer_id FROM maintenance_equipment WHERE id = %s",
                [self.equipment_id],
            )
            self.assertEqual(cr.fetchone()[0], self.customer_ids[0])
