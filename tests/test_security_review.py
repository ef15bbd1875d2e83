"""Security review (issue #11): one regression test per hole.

Each test runs as the lowest role that must be refused, on records browsed
as that user, and checks as superuser that nothing was written. Where a role
must be allowed, that is checked too, so that no test passes by refusing
everybody.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.sql import table_exists

from .common import FLEET_GROUPS, FleetCustomersCase

POSITIONS_URL = "/fleet_customers/telematics/positions"

ADMIN = f"base.group_user,{FLEET_GROUPS['admin']}"
SERVICE_MANAGER = f"base.group_user,{FLEET_GROUPS['service_manager']}"
MANAGER = f"base.group_user,{FLEET_GROUPS['manager']}"

# Item 4: relations that must stay within the record's company.
CHECK_COMPANY_FIELDS = [
    ("project.task", "fleet_site_id"),
    ("maintenance.request", "fleet_customer_id"),
    ("maintenance.request", "fleet_site_id"),
    ("fleet.customer.contract", "partner_id"),
    ("fleet.customer.contract", "site_ids"),
    ("fleet.customer.contract", "equipment_ids"),
    ("fleet.asset.assignment", "partner_id"),
    ("fleet.asset.assignment", "business_unit_id"),
    ("fleet.asset.assignment", "site_id"),
    ("fleet.asset.assignment", "equipment_id"),
    ("fleet.business.unit", "partner_id"),
    ("fleet.business.unit", "manager_id"),
    ("fleet.business.unit", "address_id"),
]


class SecurityReviewCase(FleetCustomersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Review Co B"})
        cls.reason = cls.env["fleet.deactivation.reason"].create(
            {"name": "Security review"}
        )
        cls.Assignment = cls.env["fleet.asset.assignment"]
        cls.Equipment = cls.env["maintenance.equipment"]
        cls.Contract = cls.env["fleet.customer.contract"]
        cls.today = fields.Date.context_today(cls.env.user)

    @classmethod
    def user(cls, login, groups, companies=None, **values):
        """A user of ``companies`` (default: company A only)."""
        companies = companies or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=companies[0].id,
            company_ids=companies.ids,
            **values,
        )

    def reread(self, records):
        """``records`` as superuser, read again from the database."""
        self.env.invalidate_all()
        return records.with_env(self.env).with_context(active_test=False)

    def equipment(self, name, company=None):
        return self.Equipment.create(
            {"name": name, "company_id": (company or self.company).id}
        )

    def site(self, customer, name, **values):
        return self.Partner.create(
            {"name": name, "parent_id": customer.id, "type": "fleet_site", **values}
        )

    def last_message_id(self):
        return self.env["mail.message"].search([], limit=1, order="id desc").id

    def messages_since(self, records, message_id):
        return self.env["mail.message"].search(
            [
                ("model", "=", records._name),
                ("res_id", "in", records.ids),
                ("id", ">", message_id),
            ]
        )

    def ended_assignment(self, customer, equipment):
        """An assignment of ``equipment`` to ``customer`` that has ended."""
        assignment = self.Assignment._fleet_assign(
            equipment, customer, date_start=self.today - timedelta(days=60)
        )
        assignment._fleet_unassign(self.today - timedelta(days=30))
        return assignment


class TestSecurityReview(SecurityReviewCase):
    # -- 1 ---------------------------------------------------------------

    def test_01_internal_user_cannot_move_partners_in_or_out(self):
        """Item 1: a user without Fleet role may not attach a partner of his
        own to a fleet customer, nor detach a customer's contact."""
        Partner = self.Partner.with_user(self.internal_user)
        for kind in ("other", "invoice"):
            with self.subTest(type=kind):
                stray = Partner.create({"name": f"Stray {kind}", "type": kind})
                with self.assertRaises(AccessError):
                    stray.write({"parent_id": self.customer.id})
                self.assertFalse(self.reread(stray).parent_id)
        with self.assertRaises(AccessError):
            self.contact.with_user(self.internal_user).write({"parent_id": False})
        self.assertEqual(self.reread(self.contact).parent_id, self.customer)
        # A Fleet Admin may do both.
        admin_stray = self.Partner.with_user(self.fleet_admin).create(
            {"name": "Admin stray", "type": "other"}
        )
        admin_stray.write({"parent_id": self.customer.id})
        self.contact.with_user(self.fleet_admin).write({"parent_id": False})
        self.assertEqual(self.reread(admin_stray).parent_id, self.customer)
        self.assertFalse(self.reread(self.contact).parent_id)

    # -- 2 ---------------------------------------------------------------

    def test_02_site_note_is_escaped_in_the_notes_list(self):
        """Item 2: a site note is text; the Notes list gives it escaped, not
        as markup the web client would render (see also the tour)."""
        site = self.site(
            self.customer, "Markup yard", fleet_site_note="<img src=x onerror=alert(1)>"
        )
        self.env.flush_all()
        admin = self.env.ref("base.user_admin")
        note = (
            self.env["fleet.customer.note"]
            .with_user(admin)
            .search([("site_id", "=", site.id)])
        )
        self.assertEqual(len(note), 1)
        self.assertNotIn("<img", str(note.body))
        self.assertIn("&lt;img", str(note.body))

    # -- 3 ---------------------------------------------------------------

    def test_03_api_key_lives_only_in_the_action(self):
        """Item 3: the clear key is never stored in a table (no transient
        wizard); it reaches the dialog through the action's context only, and
        integrations of another company stay out of reach."""
        Integration = self.env["fleet.telematics.integration"]
        integration = Integration.create(
            {"name": "Review GPS", "company_id": self.company.id}
        )
        self.assertNotIn("fleet.telematics.key.wizard", self.env)
        action = integration.with_user(self.fleet_manager).action_generate_key()
        key = action["context"]["default_key"]
        Shown = self.env[action["res_model"]]
        self.assertTrue(Shown._abstract or not Shown._auto)
        self.assertFalse(table_exists(self.env.cr, Shown._table))
        self.assertNotIn(key, str(self.reread(integration).read()))
        self.assertEqual(Integration._fleet_authenticate(key), integration)
        # A manager of company B only neither sees nor re-keys it.
        manager_b = self.user("fc_sec_manager_b", MANAGER, self.company_b)
        Integration_b = Integration.with_user(manager_b)
        self.assertFalse(Integration_b.search([("id", "=", integration.id)]))
        self.assertNotIn(integration, Integration_b.search([]))
        with self.assertRaises(AccessError):
            integration.with_user(manager_b).read(["name", "key_hint"])
        with self.assertRaises(AccessError):
            integration.with_user(manager_b).action_generate_key()
        self.assertEqual(Integration._fleet_authenticate(key), integration)

    # -- 4 ---------------------------------------------------------------

    def field_work_of_company_b(self):
        """Company B's project and maintenance team, and two users of
        company B only: a project user and a maintenance manager."""
        self.project_b = self.env["project.project"].create(
            {"name": "B works", "company_id": self.company_b.id}
        )
        self.team_b = self.env["maintenance.team"].create(
            {"name": "B team", "company_id": self.company_b.id}
        )
        self.project_user_b = self.user(
            "fc_sec_project_b",
            "base.group_user,project.group_project_user",
            self.company_b,
        )
        self.maintenance_b = self.user(
            "fc_sec_maintenance_b",
            "base.group_user,maintenance.group_equipment_manager",
            self.company_b,
        )

    def test_04_field_work_cannot_name_another_company_site(self):
        """Item 4: a task or work order of company B may not point at a site
        of company A (Odoo's company check, a UserError)."""
        self.field_work_of_company_b()
        site_a = self.site(
            self.customer,
            "A quarry",
            company_id=self.company.id,
            fleet_site_note="Gate code 4711",
        )
        Task = self.env["project.task"].with_user(self.project_user_b)
        Request = self.env["maintenance.request"].with_user(self.maintenance_b)
        with self.assertRaises(UserError):
            Task.create(
                {
                    "name": "Peek task",
                    "project_id": self.project_b.id,
                    "fleet_site_id": site_a.id,
                }
            )
        with self.assertRaises(UserError):
            Request.create(
                {
                    "name": "Peek work order",
                    "company_id": self.company_b.id,
                    "maintenance_team_id": self.team_b.id,
                    "fleet_site_id": site_a.id,
                }
            )
        for model in ("project.task", "maintenance.request"):
            self.assertFalse(
                self.reread(self.env[model]).search([("fleet_site_id", "=", site_a.id)])
            )
        # A site of a company B customer is fine.
        customer_b = self.create_customer(
            "Bravo Quarries", "B-0004", company_id=self.company_b.id
        )
        site_b = self.site(customer_b, "B quarry", company_id=self.company_b.id)
        task = Task.create(
            {
                "name": "B task",
                "project_id": self.project_b.id,
                "partner_id": customer_b.id,
                "fleet_site_id": site_b.id,
            }
        )
        request = Request.create(
            {
                "name": "B work order",
                "company_id": self.company_b.id,
                "maintenance_team_id": self.team_b.id,
                "fleet_customer_id": customer_b.id,
                "fleet_site_id": site_b.id,
            }
        )
        self.assertEqual([task.fleet_site_id, request.fleet_site_id], [site_b] * 2)

    def test_04_site_note_of_an_unreadable_site_stays_hidden(self):
        """Item 4: the site note shown on a task or work order is read with
        the reader's rights, and is no search oracle."""
        shared = self.create_customer("Shared Quarries", "SH-0004", company_id=False)
        site = self.site(
            shared, "Moved quarry", company_id=False, fleet_site_note="Gate code 4711"
        )
        self.field_work_of_company_b()
        task = self.env["project.task"].create(
            {
                "name": "B task",
                "project_id": self.project_b.id,
                "partner_id": shared.id,
                "fleet_site_id": site.id,
            }
        )
        request = self.env["maintenance.request"].create(
            {
                "name": "B order",
                "company_id": self.company_b.id,
                "maintenance_team_id": self.team_b.id,
                "fleet_customer_id": shared.id,
                "fleet_site_id": site.id,
            }
        )
        # Shared when the task and work order were made, company A's since.
        site.company_id = self.company
        self.assertEqual(task.fleet_site_id, site)
        self.assertEqual(request.fleet_site_id, site)
        readers = {task: self.project_user_b, request: self.maintenance_b}
        for record, reader in readers.items():
            with self.subTest(model=record._name):
                self.env.invalidate_all()
                seen = record.with_user(reader)
                self.assertNotEqual(seen.fleet_site_note, "Gate code 4711")
                self.assertFalse(seen.fleet_site_note)
                Model = self.env[record._name].with_user(reader)
                try:
                    found = Model.search([("fleet_site_note", "ilike", "4711")])
                except (ValueError, UserError):
                    found = Model  # not searchable: no oracle either
                self.assertNotIn(record, found)

    def test_04_cross_company_relations_are_checked(self):
        """Item 4: every relation of field work, contracts, assignments and
        business units carries check_company on a company-checked model."""
        missing = [
            f"{model}.{fname}"
            for model, fname in CHECK_COMPANY_FIELDS
            if not self.env[model]._fields[fname].check_company
        ]
        self.assertEqual(missing, [], "fields without check_company")
        # project.task has no _check_company_auto in Odoo (turning it on
        # would check every project field); it checks its site itself, which
        # test_04_field_work_cannot_name_another_company_site proves.
        unchecked = {
            model
            for model, __ in CHECK_COMPANY_FIELDS
            if model != "project.task" and not self.env[model]._check_company_auto
        }
        self.assertEqual(unchecked, set(), "models without _check_company_auto")

    # -- 5, 6 ------------------------------------------------------------

    def test_05_only_an_administrator_unflags_a_customer(self):
        """Item 5: un-flagging is an Administrator's act: a Fleet Admin may
        not use it to get around the protected customer number."""
        customer = self.customer.with_user(self.fleet_admin)
        with self.assertRaises(AccessError):
            customer.write({"is_fleet_customer": False})
        with self.assertRaises(AccessError):
            customer.write({"is_fleet_customer": False, "ref": "X"})
        self.assertRecordValues(
            self.reread(self.customer), [{"is_fleet_customer": True, "ref": "T-0001"}]
        )
        # An Administrator may.
        other = self.create_customer("Unflag Me", "T-0101")
        other.with_user(self.fleet_manager).write({"is_fleet_customer": False})
        self.assertFalse(self.reread(other).is_fleet_customer)

    def test_06_fleet_admin_cannot_unflag_then_delete(self):
        """Item 6: un-flagging, then deleting as a "plain" partner, is refused
        at the first step; the customer is still there."""
        customer = self.customer.with_user(self.fleet_admin)
        with self.assertRaises(AccessError):
            customer.write({"is_fleet_customer": False})
        with self.assertRaises(AccessError):
            customer.unlink()
        self.assertRecordValues(
            self.reread(self.customer), [{"is_fleet_customer": True}]
        )

    # -- 7 ---------------------------------------------------------------

    def test_07_active_flag_only_through_deactivate(self):
        """Item 7: a Fleet Admin, and even a Service Manager, may not archive
        a customer directly; the Service Manager deactivates and reactivates
        it through the cascade."""
        for user in (self.fleet_admin, self.service_manager):
            with self.subTest(user=user.login):
                customer = self.customer.with_user(user)
                with self.assertRaises(AccessError):
                    customer.write({"active": False})
                with self.assertRaises(AccessError):
                    customer.action_archive()
        self.assertTrue(self.reread(self.customer).active)
        # The allowed path.
        customer = self.customer.with_user(self.service_manager)
        customer._fleet_deactivate(self.reason, "Through the cascade")
        self.assertFalse(self.reread(self.customer).active)
        customer._fleet_reactivate()
        self.assertTrue(self.reread(self.customer).active)

    def test_07_deactivated_customer_only_through_reactivate(self):
        """Item 7: a deactivated customer is not brought back by writing
        active, nor by Unarchive."""
        self.customer._fleet_deactivate(self.reason)
        for user in (self.fleet_admin, self.service_manager):
            with self.subTest(user=user.login):
                customer = self.customer.with_user(user)
                with self.assertRaises(AccessError):
                    customer.write({"active": True})
                with self.assertRaises(AccessError):
                    customer.action_unarchive()
        customer = self.reread(self.customer)
        self.assertFalse(customer.active)
        self.assertEqual(customer.fleet_last_deactivation_id.reason_id, self.reason)

    def test_07_deactivation_record_is_not_written_by_hand(self):
        """Item 7 (and issue 12): who, when and why of a deactivation, and
        what it changed, are written by the cascade only: no role creates,
        changes or deletes a deactivation or its lines, nor links one to a
        customer."""
        self.site(self.customer, "Genuine yard")
        deactivation = self.customer._fleet_deactivate(self.reason, "Genuine")
        self.assertTrue(deactivation.line_ids)
        Deactivation = self.env["fleet.customer.deactivation"]
        for user in (self.service_manager, self.fleet_manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    Deactivation.with_user(user).create(
                        {
                            "reason_id": self.reason.id,
                            "user_id": user.id,
                            "date": fields.Datetime.now(),
                            "company_id": self.company.id,
                        }
                    )
                with self.assertRaises(AccessError):
                    deactivation.with_user(user).write({"comment": "Forged"})
                with self.assertRaises(AccessError):
                    deactivation.line_ids[:1].with_user(user).write(
                        {"previous_value": "0"}
                    )
                with self.assertRaises(AccessError):
                    deactivation.with_user(user).unlink()
                other = self.create_customer(f"Forged {user.login}", f"F-{user.id}")
                with self.assertRaises(AccessError):
                    other.with_user(user).write(
                        {"fleet_deactivation_ids": [Command.link(deactivation.id)]}
                    )
        self.assertRecordValues(
            self.reread(deactivation),
            [{"comment": "Genuine", "partner_ids": self.customer.ids}],
        )

    def test_07_no_customer_born_archived(self):
        """Item 7: a Fleet Admin may not create a customer already archived
        (which would skip the deactivation record)."""
        with self.assertRaises(UserError):
            self.Partner.with_user(self.fleet_admin).create(
                {
                    "name": "Born Archived",
                    "ref": "T-0300",
                    "is_fleet_customer": True,
                    "is_company": True,
                    "active": False,
                }
            )
        self.assertFalse(
            self.reread(self.Partner).search([("name", "=", "Born Archived")])
        )

    # -- 8 ---------------------------------------------------------------

    def test_08_deactivation_stops_at_other_company_records(self):
        """Item 8: a Service Manager of company B may not cancel company A's
        contract of a shared customer; the refusal names company A and
        nothing changes."""
        shared = self.create_customer("Shared Hire", "SH-0001", company_id=False)
        contracts = self.Contract.create(
            [
                {"partner_id": shared.id, "company_id": company.id}
                for company in (self.company, self.company_b)
            ]
        )
        contracts.action_activate()
        manager_b = self.user("fc_sec_sm_b", SERVICE_MANAGER, self.company_b)
        with self.assertRaises(AccessError) as caught:
            shared.with_user(manager_b)._fleet_deactivate(self.reason)
        self.assertIn(self.company.name, str(caught.exception))
        self.assertTrue(self.reread(shared).active)
        self.assertEqual(self.reread(contracts).mapped("state"), ["active", "active"])
        # A Service Manager of both companies may.
        manager_ab = self.user(
            "fc_sec_sm_ab", SERVICE_MANAGER, self.company | self.company_b
        )
        shared.with_user(manager_ab).with_context(
            allowed_company_ids=[self.company.id, self.company_b.id]
        )._fleet_deactivate(self.reason)
        self.assertFalse(self.reread(shared).active)
        self.assertEqual(
            self.reread(contracts).mapped("state"), ["cancelled", "cancelled"]
        )

    # -- 9 ---------------------------------------------------------------

    def test_09_asset_email_renders_as_the_acting_user(self):
        """Item 9: code a template editor put in the asset email runs with
        the rights of the Fleet Admin who assigns, not as superuser: the
        database secret never reaches a message."""
        editor = self.user(
            "fc_sec_template_editor",
            "base.group_user,mail.group_mail_template_editor",
        )
        template = self.env.ref("fleet_customers.mail_template_asset_assigned")
        template.with_user(editor).write(
            {
                "body_html": "<div><t t-out=\"object.env['ir.config_parameter']"
                ".get_param('database.secret')\"/></div>"
            }
        )
        secret = self.env["ir.config_parameter"].get_param("database.secret")
        self.assertTrue(secret)
        equipment = self.equipment("Template probe")
        raised = None
        try:
            with self.env.cr.savepoint():
                self.Assignment.with_user(self.fleet_admin)._fleet_assign(
                    equipment.with_user(self.fleet_admin),
                    self.customer.with_user(self.fleet_admin),
                )
        except UserError as error:  # AccessError, or Odoo's render error
            raised = error
        self.env.invalidate_all()
        self.assertFalse(
            self.env["mail.message"].search([("body", "ilike", secret)]),
            "the database secret was rendered into a message",
        )
        self.assertFalse(
            self.env["mail.mail"].search([("body_html", "ilike", secret)]),
            "the database secret was rendered into an email",
        )
        self.assertNotIn(secret, str(raised))
        self.assertIsInstance(raised, UserError, "the assignment should be refused")

    # -- 10 --------------------------------------------------------------

    def test_10_sites_belong_to_fleet_customers(self):
        """Item 10: a site has a fleet customer as parent, and a customer
        with sites stays a fleet customer."""
        Partner = self.Partner.with_user(self.fleet_admin)
        plain = self.Partner.create({"name": "Plain Company", "is_company": True})
        with self.assertRaises(ValidationError):
            Partner.create({"name": "Orphan site", "type": "fleet_site"})
        with self.assertRaises(ValidationError):
            Partner.create(
                {"name": "Plain site", "type": "fleet_site", "parent_id": plain.id}
            )
        self.assertFalse(
            self.reread(self.Partner).search(
                [("name", "in", ("Orphan site", "Plain site"))]
            )
        )
        # Allowed: a site of a fleet customer.
        sited = self.create_customer("Sited Hire", "T-0400")
        Partner.create(
            {"name": "Real site", "type": "fleet_site", "parent_id": sited.id}
        )
        for customer in (sited, sited.with_user(self.fleet_manager)):
            with self.subTest(uid=customer.env.uid):
                with self.assertRaises(ValidationError):
                    customer.write({"is_fleet_customer": False})
        self.assertTrue(self.reread(sited).is_fleet_customer)

    # -- 11, 15 ----------------------------------------------------------

    def test_11a_fleet_admin_cannot_reopen_an_ended_assignment(self):
        """Item 11a: reopening an ended assignment (here of a customer
        deactivated since) is refused to a Fleet Admin."""
        equipment = self.equipment("Ended crane")
        assignment = self.ended_assignment(self.customer, equipment)
        end = assignment.date_end
        self.customer._fleet_deactivate(self.reason)
        with self.assertRaises(AccessError):
            assignment.with_user(self.fleet_admin).write({"date_end": False})
        self.assertRecordValues(
            self.reread(assignment), [{"date_end": end, "is_current": False}]
        )
        self.assertFalse(self.reread(equipment).fleet_customer_id)

    def test_11b_administrator_corrects_history_with_a_trace(self):
        """Item 11b: an Administrator may correct an ended assignment; the
        correction is logged on the equipment or the customer."""
        equipment = self.equipment("Corrected crane")
        assignment = self.ended_assignment(self.customer, equipment)
        new_end = assignment.date_end - timedelta(days=1)
        before = self.last_message_id()
        assignment.with_user(self.fleet_manager).with_context(
            tracking_disable=False
        ).write({"note": "Returned a day early", "date_end": new_end})
        self.assertRecordValues(
            self.reread(assignment),
            [{"note": "Returned a day early", "date_end": new_end}],
        )
        logged = self.messages_since(equipment, before) | self.messages_since(
            self.customer, before
        )
        self.assertTrue(
            logged.filtered(lambda m: "correct" in str(m.body).lower()),
            f"no message about the correction: {logged.mapped('body')}",
        )

    def test_11c_assignment_stays_within_one_company(self):
        """Item 11c: equipment of company A is not assigned to a customer of
        company B through create(), even by a Fleet Admin of both."""
        admin_ab = self.user("fc_sec_admin_ab", ADMIN, self.company | self.company_b)
        customer_b = self.create_customer(
            "Bravo Hire", "B-0001", company_id=self.company_b.id
        )
        equipment_a = self.equipment("Alpha crane")
        Assignment = self.Assignment.with_user(admin_ab).with_context(
            allowed_company_ids=[self.company.id, self.company_b.id]
        )
        with self.assertRaises(UserError):
            Assignment.create(
                {"equipment_id": equipment_a.id, "partner_id": customer_b.id}
            )
        self.assertFalse(
            self.reread(self.Assignment).search([("equipment_id", "=", equipment_a.id)])
        )
        # Within company A it works.
        Assignment.create(
            {"equipment_id": equipment_a.id, "partner_id": self.customer.id}
        )
        self.assertEqual(self.reread(equipment_a).fleet_customer_id, self.customer)

    def test_11d_15_create_checks_the_customer(self):
        """Items 11d, 15 (and 11e): create() refuses a deactivated customer
        and another customer's business unit, as the Assign dialog does."""
        equipment = self.equipment("Checked crane")
        closed = self.create_customer("Closed Hire", "T-0500")
        closed._fleet_deactivate(self.reason)
        Assignment = self.Assignment.with_user(self.fleet_admin)
        with self.assertRaises(ValidationError):
            Assignment.create({"equipment_id": equipment.id, "partner_id": closed.id})
        other = self.create_customer("Other Hire", "T-0501")
        their_unit = self.BusinessUnit.create(
            {"name": "Theirs", "partner_id": other.id}
        )
        with self.assertRaises(ValidationError):
            Assignment.create(
                {
                    "equipment_id": equipment.id,
                    "partner_id": self.customer.id,
                    "business_unit_id": their_unit.id,
                }
            )
        self.assertFalse(
            self.reread(self.Assignment).search([("equipment_id", "=", equipment.id)])
        )

    def test_11f_equipment_held_elsewhere_is_a_user_error(self):
        """Item 11f: create() of an assignment for equipment another customer
        holds gives a message, not a database error."""
        equipment = self.equipment("Held crane")
        holder = self.create_customer("Holder Hire", "T-0600")
        self.Assignment._fleet_assign(equipment, holder)
        with mute_logger("odoo.sql_db"), self.assertRaises(UserError):
            self.Assignment.with_user(self.fleet_admin).create(
                {"equipment_id": equipment.id, "partner_id": self.customer.id}
            )
        self.assertEqual(self.reread(equipment).fleet_customer_id, holder)

    def test_11g_create_sets_the_holder_and_tells_the_customer(self):
        """Item 11g: create() is a full assignment: the equipment knows its
        holder and the customer's chatter gets one message."""
        equipment = self.equipment("Created crane")
        before = self.last_message_id()
        self.Assignment.with_user(self.fleet_admin).create(
            {"equipment_id": equipment.id, "partner_id": self.customer.id}
        )
        self.assertEqual(self.reread(equipment).fleet_customer_id, self.customer)
        self.assertEqual(len(self.messages_since(self.customer, before)), 1)

    # -- 12 --------------------------------------------------------------

    def test_12_holder_and_position_are_not_written_by_hand(self):
        """Item 12: the holder and the last position of equipment are
        written by assignments and telematics only, not by a maintenance
        manager or a Fleet Admin; the equipment's own fields stay editable."""
        maintenance = self.user(
            "fc_sec_maintenance", "base.group_user,maintenance.group_equipment_manager"
        )
        equipment = self.equipment("Hand-written crane")
        future = fields.Datetime.now() + timedelta(days=1)
        for user in (maintenance, self.fleet_admin):
            with self.subTest(user=user.login):
                mine = equipment.with_user(user)
                with self.assertRaises(AccessError):
                    mine.write({"fleet_customer_id": self.customer.id})
                with self.assertRaises(AccessError):
                    mine.write({"fleet_last_position_time": future})
                with self.assertRaises(AccessError):
                    self.Equipment.with_user(user).create(
                        {"name": "Forged crane", "fleet_customer_id": self.customer.id}
                    )
        self.assertRecordValues(
            self.reread(equipment),
            [{"fleet_customer_id": False, "fleet_last_position_time": False}],
        )
        self.assertFalse(self.Equipment.search([("name", "=", "Forged crane")]))
        equipment.with_user(maintenance).write({"name": "Renamed crane"})
        self.assertEqual(self.reread(equipment).name, "Renamed crane")

    # -- 13 --------------------------------------------------------------

    def test_13_duplicate_number_names_only_a_readable_holder(self):
        """Item 13: the duplicate-number message does not name a customer of
        a company the user cannot see; a user of both companies gets its
        name."""
        holder = self.create_customer(
            "Hidden Holder of A", "DUP-1", company_id=self.company.id
        )
        admin_b = self.user("fc_sec_admin_b", ADMIN, self.company_b)
        admin_ab = self.user("fc_sec_admin_ab", ADMIN, self.company | self.company_b)
        values = {
            "name": "Shared Newcomer",
            "ref": "DUP-1",
            "is_fleet_customer": True,
            "is_company": True,
            "company_id": False,
        }
        with self.assertRaises(ValidationError) as caught:
            self.Partner.with_user(admin_b).create(values)
        self.assertNotIn(holder.name, str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            self.Partner.with_user(admin_ab).with_context(
                allowed_company_ids=[self.company.id, self.company_b.id]
            ).create(values)
        self.assertIn(holder.name, str(caught.exception))
        self.assertFalse(
            self.reread(self.Partner).search([("name", "=", "Shared Newcomer")])
        )

    # -- 16 --------------------------------------------------------------

    def test_16a_service_manager_without_email_deactivates(self):
        """Item 16: deactivating and reactivating need no email address of
        the Service Manager; both leave a note in the customer's chatter."""
        manager = self.user("fc_sec_sm_no_email", SERVICE_MANAGER, email=False)
        self.assertFalse(manager.email)
        customer = self.customer.with_user(manager)
        before = self.last_message_id()
        customer._fleet_deactivate(self.reason, "No email needed")
        self.assertFalse(self.reread(self.customer).active)
        deactivated = self.last_message_id()
        self.assertTrue(self.messages_since(self.customer, before))
        customer._fleet_reactivate()
        self.assertTrue(self.reread(self.customer).active)
        self.assertTrue(self.messages_since(self.customer, deactivated))

    def test_16b_fleet_admin_without_email_assigns_and_unassigns(self):
        """Item 16: assigning and unassigning need no email address of the
        Fleet Admin, even when a contact is emailed; both leave a message."""
        self.Partner.create(
            {
                "name": "Nora Notified",
                "parent_id": self.customer.id,
                "email": "nora@atlas.example",
                "fleet_notify_asset_events": True,
            }
        )
        admin = self.user("fc_sec_admin_no_email", ADMIN, email=False)
        equipment = self.equipment("Quiet crane")
        before = self.last_message_id()
        assignment = self.Assignment.with_user(admin)._fleet_assign(
            equipment.with_user(admin), self.customer.with_user(admin)
        )
        self.assertEqual(self.reread(equipment).fleet_customer_id, self.customer)
        assigned = self.last_message_id()
        self.assertTrue(self.messages_since(self.customer, before))
        assignment._fleet_unassign()
        self.assertFalse(self.reread(equipment).fleet_customer_id)
        self.assertTrue(self.messages_since(self.customer, assigned))

    def test_16c_administrator_without_email_deletes_a_customer(self):
        """Item 16: deleting a customer that holds an asset (which unassigns
        it) needs no email address of the Administrator."""
        manager = self.user("fc_sec_manager_no_email", MANAGER, email=False)
        doomed = self.create_customer("Doomed Hire", "T-0900")
        equipment = self.equipment("Orphaned crane")
        self.Assignment._fleet_assign(equipment, doomed)
        doomed.with_user(manager).unlink()
        self.assertFalse(self.reread(doomed).exists())
        self.assertFalse(self.reread(equipment).fleet_customer_id)

    # -- 17 --------------------------------------------------------------

    def test_17_latest_contract_state_of_several_customers(self):
        """Item 17: reading the latest contract state of a list of customers,
        one without contract, works and gives each its own."""
        bare = self.create_customer("No Contract Hire", "T-0950")
        self.Contract.create(
            {"partner_id": self.customer.id, "date_start": self.today - timedelta(60)}
        )
        latest = self.Contract.create(
            {"partner_id": self.customer.id, "date_start": self.today - timedelta(10)}
        )
        latest.action_activate()
        customers = (bare | self.customer).with_user(self.fleet_user)
        rows = customers.read(["fleet_latest_contract_state"])
        self.assertEqual(
            {row["id"]: row["fleet_latest_contract_state"] for row in rows},
            {bare.id: False, self.customer.id: "active"},
        )

    # -- 18 --------------------------------------------------------------

    def test_18_money_is_per_company(self):
        """Item 18: the amounts of a shared customer are those of the current
        company, read one company after the other in one transaction."""
        shared = self.create_customer("Money Shared", "SH-0018", company_id=False)
        accountant = self.user(
            "fc_sec_accountant",
            "base.group_user,account.group_account_invoice",
            self.company | self.company_b,
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": shared.id,
                "company_id": self.company.id,
                "invoice_date": self.today,
                "invoice_date_due": self.today + timedelta(days=20),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Rental",
                            "quantity": 1,
                            "price_unit": 250.0,
                            "tax_ids": False,
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        customer = shared.with_user(accountant)
        self.assertEqual(
            customer.with_company(self.company).fleet_awaiting_payment_amount, 250.0
        )
        self.assertEqual(
            customer.with_company(self.company_b).fleet_awaiting_payment_amount, 0.0
        )


@tagged("post_install", "-at_install")
class TestSecurityReviewEndpoint(HttpCase):
    # These tests live outside the addon (top-level tests/), where Odoo cannot
    # derive the module from the Python package name.
    test_module = "fleet_customers"

    @mute_logger("odoo.http", "werkzeug")
    def test_14_deeply_nested_json_is_a_bad_request(self):
        """Item 14: 400 KB of nested brackets is a bad request (400 with a
        JSON error), not a server error."""
        integration = self.env["fleet.telematics.integration"].create(
            {"name": "Nested GPS"}
        )
        key = integration.action_generate_key()["context"]["default_key"]
        response = self.url_open(
            POSITIONS_URL,
            data="[" * 200000 + "]" * 200000,
            headers={
                "Authorization": f"Bearer {key}",
                "Content-Type": "application/json",
            },
        )
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertIn("error", response.json())
        self.assertFalse(
            self.env["fleet.asset.position"].search(
                [("integration_id", "=", integration.id)]
            )
        )
