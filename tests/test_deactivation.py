from unittest.mock import patch

from odoo.exceptions import AccessError, UserError

from .test_sites_contracts import SiteCase


class DeactivationCase(SiteCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reason = cls.env.ref("fleet_customers.fleet_deactivation_reason_closed")
        cls.cancel_stage = cls.env.ref("fleet_customers.maintenance_stage_cancelled")
        cls.done_stage = cls.env["maintenance.stage"].search(
            [("done", "=", True)], limit=1
        )
        cls.project = cls.env["project.project"].create({"name": "Field service"})
        cls.old_site = cls.Partner.create(
            {
                "name": "Closed yard",
                "parent_id": cls.customer.id,
                "type": "fleet_site",
                "active": False,
            }
        )
        Contract = cls.Contract
        cls.active_contract = Contract.create({"partner_id": cls.customer.id})
        cls.active_contract.action_activate()
        cls.draft_contract = Contract.create({"partner_id": cls.customer.id})
        cls.expired_contract = Contract.create({"partner_id": cls.customer.id})
        cls.expired_contract.state = "expired"
        Request = cls.env["maintenance.request"]
        cls.open_request = Request.create(
            {"name": "Open WO", "fleet_customer_id": cls.customer.id}
        )
        cls.done_request = Request.create(
            {
                "name": "Done WO",
                "fleet_customer_id": cls.customer.id,
                "stage_id": cls.done_stage.id,
            }
        )
        Task = cls.env["project.task"]
        cls.open_task = Task.create(
            {
                "name": "Open task",
                "project_id": cls.project.id,
                "partner_id": cls.contact.id,
            }
        )
        cls.done_task = Task.create(
            {
                "name": "Done task",
                "project_id": cls.project.id,
                "partner_id": cls.customer.id,
                "state": "1_done",
            }
        )
        cls.other = cls.create_customer("Untouched", "T-0777")
        cls.other_task = Task.create(
            {
                "name": "Other task",
                "project_id": cls.project.id,
                "partner_id": cls.other.id,
            }
        )

    def deactivate(self, user=None, partners=None):
        partners = (partners or self.customer).with_user(user or self.service_manager)
        return partners._fleet_deactivate(self.reason, "Sold the business")


class TestDeactivate(DeactivationCase):
    def test_cascade(self):
        self.deactivate()
        self.env.invalidate_all()
        self.assertRecordValues(
            self.customer,
            [
                {
                    "active": False,
                    "fleet_deactivated_by_id": self.service_manager.id,
                    "fleet_deactivation_reason_id": self.reason.id,
                    "fleet_deactivation_comment": "Sold the business",
                }
            ],
        )
        self.assertTrue(self.customer.fleet_deactivated_on)
        self.assertRecordValues(
            self.site, [{"active": False, "fleet_archived_by_deactivation": True}]
        )
        self.assertRecordValues(
            self.old_site, [{"active": False, "fleet_archived_by_deactivation": False}]
        )
        self.assertEqual(
            (self.active_contract | self.draft_contract | self.expired_contract).mapped(
                "state"
            ),
            ["cancelled", "cancelled", "expired"],
        )
        self.assertEqual(self.open_request.stage_id, self.cancel_stage)
        self.assertEqual(self.done_request.stage_id, self.done_stage)
        self.assertEqual(
            (self.open_task | self.done_task | self.other_task).mapped("state"),
            ["1_canceled", "1_done", "01_in_progress"],
        )
        self.assertTrue(self.other.active)
        # Contacts are people, not places: they stay.
        self.assertTrue(self.contact.active)
        message = self.customer.message_ids[0]
        for text in (
            "Business closed",
            "1 site(s)",
            "2 contract(s)",
            "1 work order(s)",
            "1 task(s)",
            "Sold the business",
        ):
            self.assertIn(text, message.body)

    def test_cancelled_stage_is_folded_and_not_done(self):
        self.assertTrue(self.cancel_stage.fold)
        self.assertFalse(self.cancel_stage.done)

    def test_preview_counts(self):
        action = self.customer.with_user(self.service_manager).action_fleet_deactivate()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.service_manager)
            .with_context(action["context"])
            .create({"reason_id": self.reason.id})
        )
        self.assertIn("1 customer(s) and 1 site(s) will be deactivated", wizard.summary)
        self.assertIn("2 contract(s), 1 work order(s) and 1 task(s)", wizard.summary)
        wizard.action_confirm()
        self.assertFalse(self.customer.active)

    def test_several_customers_at_once(self):
        self.deactivate(partners=self.customer | self.other)
        self.assertFalse((self.customer | self.other).filtered("active"))
        self.assertEqual(self.other_task.state, "1_canceled")

    def test_roles(self):
        for user in (self.fleet_admin, self.fleet_user, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.deactivate(user=user)
        self.assertTrue(self.customer.active)
        self.deactivate(user=self.service_manager)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.fleet_admin)._fleet_reactivate()
        self.customer.with_user(self.fleet_manager)._fleet_reactivate()
        self.assertTrue(self.customer.active)

    def test_bad_input(self):
        plain = self.Partner.create({"name": "Plain"})
        with self.assertRaises(UserError):
            self.deactivate(partners=plain)
        self.deactivate()
        with self.assertRaises(UserError):
            self.deactivate()
        with self.assertRaises(UserError):
            self.other.with_user(self.service_manager)._fleet_reactivate()

    def test_all_or_nothing(self):
        """A failure injected between the cascade's steps (after sites and
        contracts changed, before the customers) leaves everything as it was."""
        Partner = type(self.env["res.partner"])
        original = Partner._fleet_sql_update

        def fail_on_tasks(model, table, records, values, now, **kwargs):
            if table == "project_task":
                raise UserError("injected failure")
            return original(model, table, records, values, now, **kwargs)

        with (
            patch.object(Partner, "_fleet_sql_update", fail_on_tasks),
            self.assertRaises(UserError),
        ):
            self.deactivate()
        self.env.invalidate_all()
        self.assertTrue(self.customer.active)
        self.assertTrue(self.site.active)
        self.assertEqual(self.active_contract.state, "active")
        self.assertNotEqual(self.open_request.stage_id, self.cancel_stage)
        self.assertEqual(self.open_task.state, "01_in_progress")
        self.assertFalse(self.customer.fleet_deactivated_on)

    def test_query_count_does_not_grow_with_linked_records(self):
        def cascade(customer):
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            customer._fleet_deactivate(self.reason)
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        def customer_with(count, ref):
            customer = self.create_customer(f"Big {count}", ref)
            self.Partner.create(
                [
                    {"name": f"S{i}", "parent_id": customer.id, "type": "fleet_site"}
                    for i in range(count)
                ]
            )
            contracts = self.Contract.create(
                [{"partner_id": customer.id} for _ in range(count)]
            )
            contracts.action_activate()
            self.env["maintenance.request"].create(
                [
                    {"name": f"W{i}", "fleet_customer_id": customer.id}
                    for i in range(count)
                ]
            )
            self.env["project.task"].create(
                [
                    {
                        "name": f"T{i}",
                        "project_id": self.project.id,
                        "partner_id": customer.id,
                    }
                    for i in range(count)
                ]
            )
            return customer

        warm = customer_with(1, "Q-0")
        cascade(warm)
        small, large = customer_with(2, "Q-1"), customer_with(40, "Q-2")
        self.assertEqual(cascade(small), cascade(large))


class TestReactivate(DeactivationCase):
    def test_restores_exactly_what_the_deactivation_archived(self):
        self.deactivate()
        self.customer.with_user(self.service_manager)._fleet_reactivate()
        self.env.invalidate_all()
        self.assertTrue(self.customer.active)
        self.assertFalse(self.customer.fleet_deactivated_on)
        self.assertRecordValues(
            self.site, [{"active": True, "fleet_archived_by_deactivation": False}]
        )
        self.assertFalse(
            self.old_site.active, "archived before the deactivation: stays archived"
        )
        self.assertEqual(self.active_contract.state, "cancelled")
        self.assertEqual(self.open_request.stage_id, self.cancel_stage)
        self.assertEqual(self.open_task.state, "1_canceled")
        message = self.customer.message_ids[0]
        self.assertIn("1 site(s)", message.body)
        self.assertIn("stay cancelled", message.body)

    def test_server_actions_bound_for_service_managers(self):
        group = self.env.ref("fleet_customers.group_fleet_customers_service_manager")
        for xmlid in (
            "fleet_customers.res_partner_action_fleet_deactivate",
            "fleet_customers.res_partner_action_fleet_reactivate",
        ):
            action = self.env.ref(xmlid)
            self.assertEqual(action.binding_model_id.model, "res.partner")
            self.assertEqual(action.groups_id, group)
        result = (
            self.env.ref("fleet_customers.res_partner_action_fleet_deactivate")
            .with_user(self.service_manager)
            .with_context(
                active_model="res.partner",
                active_ids=self.customer.ids,
                active_id=self.customer.id,
            )
            .run()
        )
        self.assertEqual(result["res_model"], "fleet.customer.deactivate.wizard")
        self.assertEqual(result["context"]["default_partner_ids"], self.customer.ids)
