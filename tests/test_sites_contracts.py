from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form

from .common import FleetCustomersCase


class SiteCase(FleetCustomersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write(
            {"phone": "+33 4 78 60 12 34", "email": "desk@atlas.example"}
        )
        cls.site = cls.Partner.create(
            {
                "name": "North quarry",
                "parent_id": cls.customer.id,
                "type": "fleet_site",
                "fleet_site_note": "Gate code 4711, park behind the weighbridge",
            }
        )
        cls.Contract = cls.env["fleet.customer.contract"]
        cls.gold = cls.env.ref("fleet_customers.fleet_membership_level_gold")


class TestSites(SiteCase):
    def test_site_is_a_child_address_prefilled_from_the_customer(self):
        self.assertRecordValues(
            self.site,
            [
                {
                    "type": "fleet_site",
                    "parent_id": self.customer.id,
                    "phone": "+33 4 78 60 12 34",
                    "email": "desk@atlas.example",
                    "commercial_partner_id": self.customer.id,
                }
            ],
        )
        own = self.Partner.create(
            {
                "name": "South yard",
                "parent_id": self.customer.id,
                "type": "fleet_site",
                "phone": "+33 4 78 60 99 99",
            }
        )
        self.assertEqual(own.phone, "+33 4 78 60 99 99")
        self.assertEqual(self.customer.fleet_site_ids, self.site | own)
        self.assertNotIn(self.site, self.customer.fleet_contact_ids)

    def test_sites_tab_creates_sites(self):
        with Form(
            self.customer.with_user(self.fleet_admin),
            view="fleet_customers.res_partner_fleet_customer_view_form",
        ) as form:
            with form.fleet_site_ids.new() as line:
                line.name = "Harbour depot"
        site = self.customer.fleet_site_ids.filtered(
            lambda s: s.name == "Harbour depot"
        )
        self.assertEqual(site.type, "fleet_site")

    def test_assignment_names_a_site_of_the_customer(self):
        equipment = self.env["maintenance.equipment"].create({"name": "Dumper"})
        Assignment = self.env["fleet.asset.assignment"]
        other = self.create_customer("Other", "T-0002")
        other_site = self.Partner.create(
            {"name": "Their site", "parent_id": other.id, "type": "fleet_site"}
        )
        with self.assertRaises(ValidationError):
            Assignment._fleet_assign(equipment, self.customer, site=other_site)
        with self.assertRaises(ValidationError):
            Assignment._fleet_assign(equipment, self.customer, site=self.contact)
        assignment = Assignment._fleet_assign(equipment, self.customer, site=self.site)
        self.assertEqual(assignment.site_id, self.site)
        self.assertEqual(equipment.fleet_site_id, self.site)
        self.assertEqual(
            Assignment.search(
                [("partner_id", "=", self.customer.id), ("site_id", "=", self.site.id)]
            ),
            assignment,
        )
        # The Assets button lists the customer's equipment grouped by site.
        action = self.customer.action_fleet_open_assets()
        self.assertEqual(
            self.env["maintenance.equipment"].search(action["domain"]), equipment
        )
        self.assertEqual(action["context"], {"search_default_group_by_fleet_site": 1})


class TestContracts(SiteCase):
    def test_reference_and_states(self):
        contract = self.Contract.create(
            {"partner_id": self.customer.id, "site_ids": [(4, self.site.id)]}
        )
        self.assertTrue(contract.name.startswith("FCC/"))
        self.assertEqual(contract.state, "draft")
        contract.action_activate()
        self.assertEqual(contract.state, "active")
        contract.action_cancel()
        self.assertEqual(contract.state, "cancelled")
        contract.action_draft()
        self.assertEqual(contract.state, "draft")

    def test_bad_input(self):
        with self.assertRaises(ValidationError):
            self.Contract.create(
                {
                    "partner_id": self.customer.id,
                    "date_start": date(2026, 5, 1),
                    "date_end": date(2026, 4, 1),
                }
            )
        with self.assertRaises(ValidationError):
            self.Contract.create(
                {"partner_id": self.customer.id, "contract_type": "membership"}
            )
        other = self.create_customer("Other", "T-0002")
        with self.assertRaises(ValidationError):
            self.Contract.create(
                {"partner_id": other.id, "site_ids": [(4, self.site.id)]}
            )

    def test_customer_shows_latest_contract_and_membership(self):
        self.assertFalse(self.customer.fleet_latest_contract_state)
        membership = self.Contract.create(
            {
                "partner_id": self.customer.id,
                "contract_type": "membership",
                "membership_level_id": self.gold.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        membership.action_activate()
        self.Contract.create(
            {"partner_id": self.customer.id, "date_start": date(2026, 3, 1)}
        )
        self.customer.invalidate_recordset()
        self.assertRecordValues(
            self.customer,
            [
                {
                    "fleet_latest_contract_state": "draft",
                    "fleet_membership_level_id": self.gold.id,
                    "fleet_membership_expiry": date(2026, 12, 31),
                }
            ],
        )

    def test_daily_cron_expires_and_reminds_once(self):
        self.company.fleet_contract_reminder_days = 30
        ending_soon = self.Contract.create(
            {
                "partner_id": self.customer.id,
                "contract_type": "membership",
                "membership_level_id": self.gold.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 7, 10),
                "user_id": self.fleet_admin.id,
            }
        )
        ended = self.Contract.create(
            {
                "partner_id": self.customer.id,
                "date_start": date(2025, 1, 1),
                "date_end": date(2026, 6, 14),
            }
        )
        far = self.Contract.create(
            {
                "partner_id": self.customer.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2027, 1, 1),
            }
        )
        (ending_soon | ended | far).action_activate()
        with freeze_time("2026-06-15"):
            self.Contract._cron_expire_and_remind()
            self.Contract._cron_expire_and_remind()
        self.assertEqual(
            (ending_soon | ended | far).mapped("state"), ["active", "expired", "active"]
        )
        activity = ending_soon.activity_ids
        self.assertEqual(len(activity), 1, "reminded once, however often the cron runs")
        self.assertEqual(activity.user_id, self.fleet_admin)
        self.assertEqual(activity.date_deadline, date(2026, 7, 10))
        self.assertIn("Membership of Atlas Test Rental expires on", activity.summary)
        self.assertFalse(far.activity_ids)

    def test_cron_is_scheduled_daily(self):
        cron = self.env.ref("fleet_customers.ir_cron_fleet_contract_expiry")
        self.assertEqual(
            (cron.interval_number, cron.interval_type, cron.active), (1, "days", True)
        )


class TestWorkOrdersAndTasks(SiteCase):
    def test_work_order_prefilled_from_the_equipment(self):
        equipment = self.env["maintenance.equipment"].create({"name": "Loader"})
        self.env["fleet.asset.assignment"]._fleet_assign(
            equipment, self.customer, site=self.site
        )
        request = self.env["maintenance.request"].create(
            {"name": "Hydraulic leak", "equipment_id": equipment.id}
        )
        self.assertRecordValues(
            request,
            [
                {
                    "fleet_customer_id": self.customer.id,
                    "fleet_site_id": self.site.id,
                    "fleet_site_note": "Gate code 4711, park behind the weighbridge",
                }
            ],
        )
        self.assertEqual(self.customer.fleet_work_order_count, 1)

    def test_task_at_a_site_shows_the_note(self):
        project = self.env["project.project"].create({"name": "Field service"})
        task = self.env["project.task"].create(
            {
                "name": "Inspect crusher",
                "project_id": project.id,
                "partner_id": self.contact.id,
                "fleet_site_id": self.site.id,
            }
        )
        self.assertEqual(
            task.fleet_site_note, "Gate code 4711, park behind the weighbridge"
        )
        self.assertEqual(self.customer.task_count, 1)
        action = self.customer.action_fleet_open_tasks()
        self.assertEqual(self.env["project.task"].search(action["domain"]), task)

    def test_nothing_new_for_a_deactivated_customer(self):
        project = self.env["project.project"].create({"name": "Field service"})
        self.customer.action_archive()
        for what, create in (
            (
                "site",
                lambda: self.Partner.create(
                    {"name": "S", "parent_id": self.customer.id, "type": "fleet_site"}
                ),
            ),
            (
                "contract",
                lambda: self.Contract.create({"partner_id": self.customer.id}),
            ),
            (
                "work order",
                lambda: self.env["maintenance.request"].create(
                    {"name": "WO", "fleet_customer_id": self.customer.id}
                ),
            ),
            (
                "task",
                lambda: self.env["project.task"].create(
                    {
                        "name": "T",
                        "project_id": project.id,
                        "partner_id": self.customer.id,
                    }
                ),
            ),
        ):
            with self.subTest(what=what), self.assertRaises(ValidationError) as caught:
                create()
            self.assertIn("deactivated", str(caught.exception))
        # Deactivated customers are not offered in the choices.
        self.assertNotIn(
            self.customer,
            self.Partner.search([("is_fleet_customer", "=", True)]),
        )


class TestCustomerDocuments(SiteCase):
    def test_flagged_documents_show_on_work_orders_and_tasks(self):
        Attachment = self.env["ir.attachment"]
        plan = Attachment.create(
            {
                "name": "Site plan.pdf",
                "res_model": "res.partner",
                "res_id": self.customer.id,
                "datas": "JVBERi0=",
                "fleet_show_on_field_work": True,
            }
        )
        Attachment.create(
            {
                "name": "Price list.pdf",
                "res_model": "res.partner",
                "res_id": self.customer.id,
                "datas": "JVBERi0=",
            }
        )
        self.assertEqual(len(self.customer.fleet_document_ids), 2)
        request = self.env["maintenance.request"].create(
            {"name": "Check", "fleet_customer_id": self.customer.id}
        )
        project = self.env["project.project"].create({"name": "Field service"})
        task = self.env["project.task"].create(
            {"name": "Visit", "project_id": project.id, "partner_id": self.contact.id}
        )
        other_task = self.env["project.task"].create(
            {"name": "Elsewhere", "project_id": project.id}
        )
        self.assertEqual(request.fleet_customer_document_ids, plan)
        self.assertEqual(task.fleet_customer_document_ids, plan)
        self.assertFalse(other_task.fleet_customer_document_ids)
        # A maintenance user without any Fleet role sees them too.
        technician = self.env["res.users"].create(
            {
                "name": "Tech",
                "login": "tech_docs",
                "groups_id": [
                    (6, 0, [self.env.ref("maintenance.group_equipment_manager").id])
                ],
            }
        )
        self.assertEqual(
            request.with_user(technician).fleet_customer_document_ids.mapped("name"),
            ["Site plan.pdf"],
        )


class TestNotesView(SiteCase):
    def test_internal_and_site_notes_in_one_filterable_list(self):
        # What "Log note" in the chatter posts.
        self.customer.message_post(
            body="Prefers calls after 10 am",
            subtype_xmlid="mail.mt_note",
            message_type="comment",
        )
        self.customer.message_post(
            body="Public message",
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )
        self.env.flush_all()
        action = self.customer.action_fleet_open_notes()
        Note = self.env["fleet.customer.note"]
        notes = Note.search(action["domain"])
        internal = notes.filtered(lambda n: n.kind == "internal")
        site = notes.filtered(lambda n: n.kind == "site")
        self.assertEqual(len(internal), 1)
        self.assertIn("Prefers calls after 10 am", internal.body)
        self.assertEqual(site.site_id, self.site)
        self.assertIn("Gate code 4711", site.body)
        self.assertEqual(Note.search(action["domain"] + [("kind", "=", "site")]), site)
        # Office only: the Fleet roles read it, other users do not.
        Note.with_user(self.fleet_user).search(action["domain"])
        with self.assertRaises(AccessError):
            Note.with_user(self.internal_user).search(action["domain"])
