import psycopg2

from odoo.tools import mute_logger

from .common import FleetCustomersCase


class TestSegment(FleetCustomersCase):
    def test_shipped_segments(self):
        segments = self.Segment.search([])
        self.assertTrue(
            {"dealer", "service_provider", "rental", "contractor", "other"}
            <= set(segments.mapped("code"))
        )

    def test_code_normalized_and_unique(self):
        segment = self.Segment.create({"name": "Mining", "code": " Mining "})
        self.assertEqual(segment.code, "mining")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
        ):
            with self.env.cr.savepoint():
                self.Segment.create({"name": "Mines", "code": "MINING"})

    def test_customer_count_and_action(self):
        mining = self.Segment.create({"name": "Mining", "code": "mining"})
        self.create_customer("Pit One", "S-1", fleet_segment_id=mining.id)
        self.create_customer("Pit Two", "S-2", fleet_segment_id=mining.id)
        self.Partner.create(
            {"name": "Not a fleet customer", "fleet_segment_id": mining.id}
        )
        self.assertEqual(mining.customer_count, 2)
        action = mining.action_open_customers()
        self.assertEqual(
            self.Partner.search(
                action["domain"] + [("is_fleet_customer", "=", True)]
            ).mapped("name"),
            ["Pit One", "Pit Two"],
        )
        self.assertEqual(action["context"]["default_fleet_segment_id"], mining.id)

    def test_segment_in_use_cannot_be_deleted(self):
        mining = self.Segment.create({"name": "Mining", "code": "mining"})
        self.create_customer("Pit One", "S-1", fleet_segment_id=mining.id)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ForeignKeyViolation),
        ):
            with self.env.cr.savepoint():
                mining.unlink()
