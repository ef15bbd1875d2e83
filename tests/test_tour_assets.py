from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestAssetTour(HttpCase):
    # These tests live outside the addon (top-level tests/), where Odoo cannot
    # derive the module from the Python package name.
    test_module = "fleet_customers"

    def setUp(self):
        super().setUp()
        self.customer = self.env["res.partner"].create(
            {
                "name": "Tour Asset Customer",
                "ref": "TOUR-ASSET-1",
                "is_fleet_customer": True,
                "is_company": True,
            }
        )
        # The tour finds them by these names and serial numbers.
        self.excavator_a, self.excavator_b, self.excavator_c = self.env[
            "maintenance.equipment"
        ].create(
            [
                {"name": f"Tour Excavator {x}", "serial_no": f"TOUR-SN-{x}"}
                for x in "ABC"
            ]
        )

    def test_assign_two_assets_then_unassign_one(self):
        customer = self.customer
        self.start_tour(
            f"/odoo/fleet-customers/{customer.id}",
            "fleet_customers_asset_assign_tour",
            login="admin",
        )

        # The tour only saw the screens: check what was really written (the
        # browser wrote through the same cursor, behind this env's cache).
        self.env.invalidate_all()
        Assignment = self.env["fleet.asset.assignment"]

        # A: assigned then unassigned, the row kept as history.
        ended = Assignment.search([("equipment_id", "=", self.excavator_a.id)])
        self.assertEqual(len(ended), 1, "A was assigned once, and the row is kept")
        self.assertEqual(ended.partner_id, customer)
        self.assertTrue(ended.date_end, "A's assignment is ended")
        self.assertFalse(ended.is_current)
        self.assertFalse(self.excavator_a.fleet_customer_id)

        # B: held by the customer.
        held = Assignment.search([("equipment_id", "=", self.excavator_b.id)])
        self.assertEqual(len(held), 1)
        self.assertEqual(held.partner_id, customer)
        self.assertFalse(held.date_end)
        self.assertEqual(self.excavator_b.fleet_customer_id, customer)

        # C: never picked.
        self.assertFalse(
            Assignment.search_count([("equipment_id", "=", self.excavator_c.id)])
        )
        self.assertFalse(self.excavator_c.fleet_customer_id)

        self.assertEqual(customer.fleet_current_assignment_ids, held)
        self.assertEqual(customer.fleet_asset_count, 1)

        # The chatter tells about the assignment of A and B in one message.
        assigned = customer.message_ids.filtered(
            lambda m: m.subject == "Tour Asset Customer: equipment assigned to you"
        )
        self.assertEqual(len(assigned), 1, "one message for assigning both assets")
        self.assertIn("Tour Excavator A", assigned.body)
        self.assertIn("Tour Excavator B", assigned.body)
        self.assertNotIn("Tour Excavator C", assigned.body)
