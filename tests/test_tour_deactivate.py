from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestDeactivateTour(HttpCase):
    # These tests live outside the addon (top-level tests/), where Odoo cannot
    # derive the module from the Python package name.
    test_module = "fleet_customers"

    def setUp(self):
        super().setUp()
        # The tour runs as a Service Manager, the role that deactivates and
        # reactivates; Project User so that it may open the cancelled task.
        self.service_manager = new_test_user(
            self.env,
            login="fc_tour_service_manager",
            name="Tour Service Manager",
            groups="base.group_user,"
            "fleet_customers.group_fleet_customers_service_manager,"
            "project.group_project_user",
            company_id=self.env.company.id,
            company_ids=[self.env.company.id],
        )
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
        # The counts the tour reads in the dialogs rest on these: one of
        # each, all open.
        self.assertEqual(self.contract.state, "active")
        self.assertFalse(self.work_order.stage_id.done)
        self.assertEqual(self.task.state, "01_in_progress")
        self.work_order_stage = self.work_order.stage_id

    def test_deactivate_then_reactivate_with_work_from_the_form(self):
        self.start_tour(
            f"/odoo/fleet-customers/{self.customer.id}",
            "fleet_customers_deactivate_tour",
            login=self.service_manager.login,
        )

        # The tour only saw the screens: check what was really written.
        self.env.invalidate_all()
        self.assertTrue(self.customer.active, "the customer is active again")
        self.assertTrue(self.site.active, "the site is active again")
        # "Also Restore Cancelled Work" was ticked: the work the deactivation
        # cancelled is back as it was.
        self.assertEqual(self.contract.state, "active")
        self.assertEqual(self.work_order.stage_id, self.work_order_stage)
        self.assertEqual(self.task.state, "01_in_progress")

        deactivation = self.env["fleet.customer.deactivation"].search(
            [("partner_ids", "in", self.customer.ids)]
        )
        self.assertEqual(len(deactivation), 1, "one deactivation of the customer")
        self.assertEqual(deactivation.state, "reactivated")
        self.assertTrue(deactivation.work_restored)
        self.assertEqual(deactivation.user_id, self.service_manager)
        self.assertEqual(deactivation.reactivated_by_id, self.service_manager)
        self.assertEqual(deactivation.reason_id.name, "Business closed")
        self.assertEqual(deactivation.comment, "Closed in the tour")
        self.assertEqual(self.customer.fleet_deactivation_ids, deactivation)
        self.assertEqual(
            set(deactivation.line_ids.mapped("outcome")),
            {"restored"},
            "every record the deactivation changed was put back",
        )

        # The note the tour read on the task, as it was written.
        note = self.task.message_ids.filtered(
            lambda m: "Changed by the deactivation of" in m.body
        )
        self.assertEqual(len(note), 1, "one deactivation note on the task")
        self.assertIn("Tour Deactivate Hire", note.body)
        self.assertIn("Reason: Business closed (Closed in the tour)", note.body)
        self.assertEqual(note.author_id, self.service_manager.partner_id)
