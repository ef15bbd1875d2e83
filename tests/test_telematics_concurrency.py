import threading

import psycopg2

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestIngestConcurrently(TransactionCase):
    """Two batches for the same asset arrive at the same moment (two HTTP
    workers). Both start with the asset outside the site; if both went on,
    both would raise an arrival. The second must wait on the asset's row
    (locked by the first), fail to serialize, and on retry (as Odoo retries
    a request) see the first one's arrival. Real, separate transactions: the
    data is committed and removed at the end."""

    test_module = "fleet_customers"

    def setUp(self):
        super().setUp()
        self.registry = odoo.modules.registry.Registry(self.env.cr.dbname)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            cr.execute("SELECT COALESCE(max(id), 0) FROM queue_job")
            self.last_job = cr.fetchone()[0]
            customer = env["res.partner"].create(
                {
                    "name": "Race telematics",
                    "ref": "RACE-TEL",
                    "is_fleet_customer": True,
                    "is_company": True,
                }
            )
            site = env["res.partner"].create(
                {
                    "name": "Race yard",
                    "type": "fleet_site",
                    "parent_id": customer.id,
                    "fleet_geofence": {
                        "type": "circle",
                        "lat": 10.0,
                        "lng": 10.0,
                        "radius": 100,
                    },
                }
            )
            equipment = env["maintenance.equipment"].create(
                {"name": "Raced loader", "serial_no": "RACE-TEL-1"}
            )
            env["fleet.asset.assignment"]._fleet_assign(equipment, customer)
            integration = env["fleet.telematics.integration"].create(
                {"name": "Race GPS"}
            )
            self.ids = {
                "customer": customer.id,
                "site": site.id,
                "equipment": equipment.id,
                "integration": integration.id,
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            equipment = env["maintenance.equipment"].browse(self.ids["equipment"])
            env["fleet.asset.event"].search(
                [("equipment_id", "=", equipment.id)]
            ).unlink()
            env["fleet.asset.position"].search(
                [("equipment_id", "=", equipment.id)]
            ).unlink()
            env["fleet.asset.assignment"].search(
                [("equipment_id", "=", equipment.id)]
            ).unlink()
            equipment.unlink()
            env["fleet.telematics.integration"].browse(self.ids["integration"]).unlink()
            # The notification jobs the committed batches queued.
            env["queue.job"].search(
                [("id", ">", self.last_job), ("model_name", "=", "fleet.asset.event")]
            ).unlink()
            env["mail.message"].search(
                [("model", "=", "res.partner"), ("res_id", "=", self.ids["customer"])]
            ).unlink()
            env["res.partner"].browse([self.ids["site"], self.ids["customer"]]).unlink()

    def test_one_arrival_from_two_simultaneous_batches(self):
        first_done = threading.Event()
        outcome = {}

        def ingest(name, minute, hold=None, wait_for=None):
            for attempt in range(3):
                with mute_logger("odoo.sql_db"), self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
                    integration = env["fleet.telematics.integration"].browse(
                        self.ids["integration"]
                    )
                    try:
                        if wait_for and not attempt:
                            # Snapshot taken before the first commits.
                            cr.execute("SELECT 1 FROM fleet_asset_event LIMIT 1")
                            wait_for.wait(10)
                        result = integration._fleet_receive(
                            [
                                {
                                    "serial": "RACE-TEL-1",
                                    "timestamp": f"2026-11-02T08:{minute:02}:00Z",
                                    "latitude": 10.0,
                                    "longitude": 10.0,
                                }
                            ]
                        )
                        if hold:
                            hold.set()
                            threading.Event().wait(
                                1.0
                            )  # keep the lock while the other one tries
                        cr.commit()
                        outcome[name] = (attempt, result["events"])
                        return
                    except psycopg2.errors.SerializationFailure:
                        cr.rollback()

        first = threading.Thread(target=ingest, args=("first", 1, first_done))
        second = threading.Thread(target=ingest, args=("second", 2, None, first_done))
        second.start()
        first.start()
        first.join(30)
        second.join(30)
        self.assertEqual(outcome["first"], (0, 1), "the first batch raises the arrival")
        self.assertEqual(
            outcome["second"], (1, 0), "the second is retried and raises nothing"
        )
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            events = env["fleet.asset.event"].search(
                [("equipment_id", "=", self.ids["equipment"])]
            )
            self.assertEqual(events.mapped("event_type"), ["enter"])
            self.assertEqual(
                env["fleet.asset.position"].search_count(
                    [("equipment_id", "=", self.ids["equipment"])]
                ),
                2,
            )
