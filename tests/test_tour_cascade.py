from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCascadeTour(HttpCase):
    test_module = "fleet_customers"  # tests live outside the addon

    def test_deactivate_then_reactivate_from_the_form(self):
        Partner = self.env["res.partner"]
        customer = Partner.create(
            {"name": "Tour Cascade Hire", "ref": "TOUR-DEACT-1", "is_fleet_customer": True, "is_company": True}
        )
        site = Partner.create({"name": "Tour yard", "parent_id": customer.id, "type": "fleet_site"})
        contract = self.env["fleet.customer.contract"].create({"partner_id": customer.id})
        contract.action_activate()
        work_order = self.env["maintenance.request"].create({"name": "Tour WO", "fleet_customer_id": customer.id})
        project = self.env["project.project"].create({"name": "Tour project"})
        task = self.env["project.task"].create({"name": "Tour task", "project_id": project.id, "partner_id": customer.id})

        self.start_tour(f"/odoo/fleet-customers/{customer.id}", "fleet_customers_cascade_tour", login="admin")

        self.env.invalidate_all()
        self.assertTrue(customer.active)
        self.assertFalse(customer.fleet_deactivated_on)
        self.assertTrue(site.active)
        self.assertEqual(contract.state, "cancelled")
        self.assertEqual(work_order.stage_id, self.env.ref("fleet_customers.maintenance_stage_cancelled"))
        self.assertEqual(task.state, "1_canceled")
        bodies = " ".join(customer.message_ids.mapped("body"))
        self.assertIn("Business closed", bodies)
        self.assertIn("Closed in the tour", bodies)
        self.assertIn("stay cancelled", bodies)
