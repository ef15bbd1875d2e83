from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDeactivateTour(HttpCase):
    # These tests live outside the addon (top-level tests/), where Odoo cannot
    # derive the module from the Python package name.
    test_module = "fleet_customers"

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        self.customer = Partner.create(
            {
                "name": "Tour Deactivate Hire",
                "ref": "TOUR-DEACT-1",
                "is_fleet_customer": True,
                "is_company": True,
            }
        )
        self.site = Partner.create(
            {
                "name": "Tour Deactivate Yard",
                "parent_id": self.customer.id,
                "type": "fleet_site",
            }
        )
        self.contract = self.env["fleet.customer.contract"].create(
            {"partner_id": self.customer.id}
        )
        self.contract.action_activate()
        self.work_order = self.env["maintenance.request"].create(
            {"name": "Tour Deactivate WO", "fleet_customer_id": self.customer.id}
        )
        project = self.env["project.project"].create({"name": "Tour Project"})
        self.task = self.env["project.task"].create(
            {
                "name": "Tour Deactivate Task",
                "project_id": project.id,
                "partner_id": self.customer.id,
            }
        )
        # The counts the tour reads in the confirmation rest on these: one of
        # each, all open.
        self.assertEqual(self.contract.state, "active")
        self.assertFalse(self.work_order.stage_id.done)
        self.assertNotIn(self.task.state, ("1_done", "1_canceled"))

    def test_deactivate_then_reactivate_from_the_form(self):
        self.start_tour(
            f"/odoo/fleet-customers/{self.customer.id}",
            "fleet_customers_deactivate_tour",
            login="admin",
        )

        # The tour only saw the screens: check what was really written.
        self.env.invalidate_all()
        customer = self.customer
        self.assertTrue(customer.active, "the customer is active again")
        self.assertFalse(customer.fleet_deactivated_on)
        self.assertFalse(customer.fleet_deactivated_by_id)
        self.assertFalse(customer.fleet_deactivation_reason_id)
        self.assertFalse(customer.fleet_deactivation_comment)
        self.assertTrue(self.site.active, "the site is active again")
        self.assertFalse(self.site.fleet_archived_by_deactivation)
        # Reactivation brings back the customer and its sites, not the work
        # the deactivation cancelled.
        self.assertEqual(self.contract.state, "cancelled")
        self.assertEqual(
            self.work_order.stage_id,
            self.env.ref("fleet_customers.maintenance_stage_cancelled"),
        )
        self.assertEqual(self.task.state, "1_canceled")

        messages = customer.message_ids
        deactivation = messages.filtered(lambda m: "Customer deactivated by" in m.body)
        self.assertEqual(len(deactivation), 1, "one deactivation summary in chatter")
        self.assertIn("Reason: Business closed", deactivation.body)
        self.assertIn("Archived: 1 site(s)", deactivation.body)
        self.assertIn(
            "Cancelled: 1 contract(s), 1 work order(s), 1 task(s)", deactivation.body
        )
        self.assertIn("Closed in the tour", deactivation.body)
        reactivation = messages.filtered(lambda m: "Customer reactivated by" in m.body)
        self.assertEqual(len(reactivation), 1, "one reactivation note in the chatter")
        self.assertIn(
            "1 site(s) archived by the deactivation are active again", reactivation.body
        )
        self.assertIn("stay cancelled", reactivation.body)
        self.assertGreater(reactivation.id, deactivation.id)
