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
        cls.new_stage = cls.open_request.stage_id
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

    def reactivate(self, restore_work=False, user=None, partners=None):
        partners = (partners or self.customer).with_user(user or self.service_manager)
        return partners._fleet_reactivate(restore_work=restore_work)

    def notes(self, record):
        return record.message_ids.filtered(
            lambda m: "Changed by the deactivation" in (m.body or "")
        )


class TestDeactivate(DeactivationCase):
    def test_cascade(self):
        deactivation = self.deactivate()
        self.env.invalidate_all()
        self.assertRecordValues(
            deactivation,
            [
                {
                    "partner_ids": self.customer.ids,
                    "user_id": self.service_manager.id,
                    "reason_id": self.reason.id,
                    "comment": "Sold the business",
                    "state": "done",
                    "open_work_policy": "cancel",
                    "company_id": self.env.company.id,
                }
            ],
        )
        self.assertTrue(deactivation.date)
        self.assertFalse(self.customer.active)
        self.assertFalse(self.site.active)
        self.assertFalse(self.old_site.active)
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

    def test_one_line_per_changed_record_with_its_previous_value(self):
        deactivation = self.deactivate()
        lines = {
            (line.kind, line.res_id): (line.previous_value, line.new_value)
            for line in deactivation.line_ids
        }
        self.assertEqual(
            lines,
            {
                ("site", self.site.id): ("1", "0"),
                ("contract", self.active_contract.id): ("active", "cancelled"),
                ("contract", self.draft_contract.id): ("draft", "cancelled"),
                (
                    "work_order",
                    self.open_request.id,
                ): (str(self.new_stage.id), str(self.cancel_stage.id)),
                ("task", self.open_task.id): ("01_in_progress", "1_canceled"),
            },
        )
        self.assertEqual(deactivation.line_ids.customer_id, self.customer)
        self.assertEqual(
            (
                deactivation.site_count,
                deactivation.contract_count,
                deactivation.work_order_count,
                deactivation.task_count,
            ),
            (1, 2, 1, 1),
        )

    def test_every_changed_record_says_why(self):
        self.deactivate()
        for record in (
            self.site,
            self.active_contract,
            self.draft_contract,
            self.open_request,
            self.open_task,
        ):
            with self.subTest(record=record.display_name):
                note = self.notes(record)
                self.assertEqual(len(note), 1)
                for text in (
                    self.customer.name,
                    self.service_manager.name,
                    "Business closed",
                    "Sold the business",
                ):
                    self.assertIn(text, note.body)
        for untouched in (self.done_task, self.done_request, self.expired_contract):
            self.assertFalse(self.notes(untouched))

    def test_models_own_logic_runs(self):
        """The cascade goes through each model's write(): Odoo's tracking
        records the task's and work order's change like any user's edit."""
        tracked_env = self.env(context=dict(self.env.context, tracking_disable=False))
        self.deactivate(partners=self.customer.with_env(tracked_env))
        tracked = self.open_task.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertTrue(tracked, "the task's state change is tracked")
        self.assertTrue(
            self.open_request.message_ids.tracking_value_ids.filtered(
                lambda t: t.field_id.name == "stage_id"
            )
        )

    def test_history_is_read_only_for_everyone(self):
        deactivation = self.deactivate()
        self.assertEqual(
            deactivation.with_user(self.fleet_user).read(["reason_id"])[0]["reason_id"][
                0
            ],
            self.reason.id,
        )
        for user in (self.fleet_user, self.service_manager, self.fleet_manager):
            as_user = deactivation.with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    as_user.write({"comment": "Rewritten"})
                with self.assertRaises(AccessError):
                    as_user.line_ids.write({"previous_value": "1_done"})
                with self.assertRaises(AccessError):
                    as_user.unlink()
                with self.assertRaises(AccessError):
                    self.env["fleet.customer.deactivation"].with_user(user).create(
                        {
                            "reason_id": self.reason.id,
                            "user_id": user.id,
                            "date": "2026-01-01",
                            "company_id": self.env.company.id,
                        }
                    )
                with self.assertRaises(AccessError):
                    self.other.with_user(user).write(
                        {"fleet_deactivation_ids": [(4, deactivation.id)]}
                    )
        self.assertEqual(deactivation.comment, "Sold the business")

    def test_history_is_kept_after_reactivation(self):
        first = self.deactivate()
        self.reactivate()
        second = self.deactivate()
        self.assertEqual(self.customer.fleet_deactivation_ids, first | second)
        self.assertEqual(first.state, "reactivated")
        self.assertEqual(first.reactivated_by_id, self.service_manager)
        self.assertEqual(second.state, "done")
        self.assertEqual(self.customer.fleet_last_deactivation_id, second)

    def test_open_work_left_open_with_an_activity(self):
        """Company setting: open work orders and tasks stay open and their
        responsible gets an activity; contracts are still cancelled."""
        self.env.company.fleet_open_work_policy = "activity"
        self.open_request.user_id = self.fleet_admin
        self.open_task.user_ids = self.fleet_user
        deactivation = self.deactivate()
        self.assertEqual(deactivation.open_work_policy, "activity")
        self.assertNotEqual(self.open_request.stage_id, self.cancel_stage)
        self.assertEqual(self.open_task.state, "01_in_progress")
        self.assertEqual(self.active_contract.state, "cancelled")
        self.assertEqual(self.open_request.activity_ids.user_id, self.fleet_admin)
        self.assertEqual(self.open_task.activity_ids.user_id, self.fleet_user)
        self.assertIn(self.customer.name, self.open_task.activity_ids.note)
        self.assertFalse(
            deactivation.line_ids.filtered(
                lambda line: line.kind in ("work_order", "task")
            )
        )

    def test_works_without_an_email_address(self):
        self.service_manager.partner_id.email = False
        self.deactivate()
        self.reactivate(restore_work=True)
        self.assertTrue(self.customer.active)
        self.assertEqual(self.open_task.state, "01_in_progress")

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
        deactivation = self.deactivate(partners=self.customer | self.other)
        self.assertFalse((self.customer | self.other).filtered("active"))
        self.assertEqual(self.other_task.state, "1_canceled")
        self.assertEqual(deactivation.partner_ids, self.customer | self.other)
        self.assertEqual(
            deactivation.line_ids.filtered(
                lambda line: line.res_id == self.other_task.id
            ).customer_id,
            self.other,
        )

    def test_roles(self):
        for user in (self.fleet_admin, self.fleet_user, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.deactivate(user=user)
        self.assertTrue(self.customer.active)
        self.deactivate(user=self.service_manager)
        with self.assertRaises(AccessError):
            self.reactivate(user=self.fleet_admin)
        self.reactivate(user=self.fleet_manager)
        self.assertTrue(self.customer.active)

    def test_bad_input(self):
        plain = self.Partner.create({"name": "Plain"})
        with self.assertRaises(UserError):
            self.deactivate(partners=plain)
        self.deactivate()
        with self.assertRaises(UserError):
            self.deactivate()
        with self.assertRaises(UserError):
            self.reactivate(partners=self.other)

    def test_all_or_nothing(self):
        """A failure after half the records were written (sites archived,
        contracts cancelled, before work orders and tasks) leaves everything
        as it was: no deactivation, no line, no note."""
        Contract = type(self.env["fleet.customer.contract"])
        original = Contract.action_cancel

        def cancel_then_fail(contracts):
            original(contracts)
            contracts.flush_recordset()
            raise UserError("injected failure")

        messages_before = self.env["mail.message"].search_count([])
        with (
            patch.object(Contract, "action_cancel", cancel_then_fail),
            self.assertRaises(UserError),
        ):
            self.deactivate()
        self.env.invalidate_all()
        self.assertTrue(self.customer.active)
        self.assertTrue(self.site.active)
        self.assertEqual(self.active_contract.state, "active")
        self.assertNotEqual(self.open_request.stage_id, self.cancel_stage)
        self.assertEqual(self.open_task.state, "01_in_progress")
        self.assertFalse(self.customer.fleet_deactivation_ids)
        self.assertFalse(
            self.env["fleet.customer.deactivation.line"].search(
                [("customer_id", "=", self.customer.id)]
            )
        )
        self.assertEqual(self.env["mail.message"].search_count([]), messages_before)

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
        # 20 times the records: the same queries, but for Odoo's own INSERT
        # batches of the notes' mail rows (100 rows per INSERT).
        self.assertLessEqual(cascade(large) - cascade(small), 2)


class TestReactivate(DeactivationCase):
    def test_restores_exactly_what_the_deactivation_archived(self):
        deactivation = self.deactivate()
        result = self.reactivate()
        self.env.invalidate_all()
        self.assertTrue(self.customer.active)
        self.assertTrue(self.site.active)
        self.assertFalse(
            self.old_site.active, "archived before the deactivation: stays archived"
        )
        self.assertEqual(self.active_contract.state, "cancelled")
        self.assertEqual(self.open_request.stage_id, self.cancel_stage)
        self.assertEqual(self.open_task.state, "1_canceled")
        self.assertEqual(result["restored"].mapped("kind"), ["site"])
        self.assertEqual(
            set(deactivation.line_ids.mapped("outcome")), {"restored", "kept"}
        )
        self.assertEqual(deactivation.state, "reactivated")
        self.assertFalse(deactivation.work_restored)
        message = self.customer.message_ids[0]
        self.assertIn("1 site(s)", message.body)
        self.assertIn("stay cancelled", message.body)

    def test_restore_work_puts_back_exactly_the_previous_state(self):
        self.deactivate()
        result = self.reactivate(restore_work=True)
        self.env.invalidate_all()
        self.assertEqual(self.active_contract.state, "active")
        self.assertEqual(self.draft_contract.state, "draft")
        self.assertEqual(self.expired_contract.state, "expired")
        self.assertEqual(self.open_request.stage_id, self.new_stage)
        self.assertEqual(self.open_task.state, "01_in_progress")
        self.assertEqual(self.done_task.state, "1_done")
        self.assertEqual(len(result["restored"]), 5)
        self.assertFalse(result["changed"])
        self.assertEqual(set(result["restored"].mapped("outcome")), {"restored"})
        self.assertTrue(self.customer.fleet_deactivation_ids.work_restored)
        self.assertIn("put back as they were", self.customer.message_ids[0].body)
        self.assertIn(
            "Put back as it was before the deactivation",
            self.open_task.message_ids[0].body,
        )

    def test_records_changed_since_are_left_alone_and_listed(self):
        self.deactivate()
        # Someone finished the cancelled task and moved the work order on.
        self.open_task.state = "1_done"
        self.open_request.stage_id = self.done_stage
        action = self.customer.with_user(self.service_manager).action_fleet_reactivate()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.service_manager)
            .with_context(action["context"])
            .create({"restore_work": True})
        )
        self.assertIn("1 site(s)", wizard.summary)
        self.assertIn("2 contract(s), 1 work order(s) and 1 task(s)", wizard.summary)
        self.assertIn(self.open_task.name, wizard.changed_summary)
        self.assertIn(self.open_request.name, wizard.changed_summary)
        wizard.action_confirm()
        self.env.invalidate_all()
        self.assertTrue(self.customer.active)
        self.assertEqual(self.open_task.state, "1_done")
        self.assertEqual(self.open_request.stage_id, self.done_stage)
        self.assertEqual(self.active_contract.state, "active")
        lines = self.customer.fleet_deactivation_ids.line_ids
        changed = lines.filtered(lambda line: line.outcome == "changed")
        self.assertEqual(
            set(changed.mapped("res_id")), {self.open_task.id, self.open_request.id}
        )
        self.assertIn(self.open_task.name, self.customer.message_ids[0].body)

    def test_reactivate_asks_first(self):
        self.deactivate()
        action = self.customer.with_user(self.service_manager).action_fleet_reactivate()
        self.assertEqual(action["res_model"], "fleet.customer.reactivate.wizard")
        self.assertFalse(self.customer.active, "nothing happens before the confirm")
        with self.assertRaises(AccessError):
            self.customer.with_user(self.fleet_admin).action_fleet_reactivate()

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
