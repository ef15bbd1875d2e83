from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestAssetTour(HttpCase):
    test_module = "fleet_customers"  # tests live outside the addon

    def test_assign_two_assets_then_unassign_one(self):
        customer = self.env["res.partner"].create(
            {"name": "Tour Asset Customer", "ref": "TOUR-ASSET-1", "is_fleet_customer": True, "is_company": True}
        )
        a, b, c = self.env["maintenance.equipment"].create(
            [{"name": f"Tour Excavator {x}", "serial_no": f"TOUR-EX-{x}"} for x in "ABC"]
        )
        self.start_tour(f"/odoo/fleet-customers/{customer.id}", "fleet_customers_asset_assign_tour", login="admin")

        Assignment = self.env["fleet.asset.assignment"]
        ended = Assignment.search([("equipment_id", "=", a.id)])
        self.assertEqual(len(ended), 1)
        self.assertTrue(ended.date_end, "A's assignment is closed, and kept as history")
        self.assertEqual(ended.partner_id, customer)
        self.assertFalse(a.fleet_customer_id)
        self.assertEqual(b.fleet_customer_id, customer)
        self.assertFalse(Assignment.search([("equipment_id", "=", c.id)]))
        bodies = " ".join(customer.message_ids.mapped("body"))
        self.assertIn("Tour Excavator A", bodies)
        self.assertIn("Tour Excavator B", bodies)
