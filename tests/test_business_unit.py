import psycopg2

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common import FleetCustomersCase


class TestBusinessUnit(FleetCustomersCase):
    def test_code_unique_per_customer(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
        ):
            with self.env.cr.savepoint():
                self.BusinessUnit.create(
                    {"name": "Twin", "code": "LYN", "partner_id": self.customer.id}
                )

    def test_code_trimmed_before_uniqueness(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
        ):
            with self.env.cr.savepoint():
                self.BusinessUnit.create(
                    {"name": "Twin", "code": " LYN ", "partner_id": self.customer.id}
                )
        unit = self.BusinessUnit.create(
            {"name": "Blank code", "code": "  ", "partner_id": self.customer.id}
        )
        self.assertFalse(unit.code)

    def test_same_code_for_another_customer(self):
        other = self.create_customer("Other", "T-0002")
        unit = self.BusinessUnit.create(
            {"name": "Lyon too", "code": "LYN", "partner_id": other.id}
        )
        self.assertEqual(unit.partner_id, other)

    def test_only_for_fleet_customers(self):
        plain = self.Partner.create({"name": "Plain", "is_company": True})
        with self.assertRaises(ValidationError):
            self.BusinessUnit.create({"name": "Nope", "partner_id": plain.id})

    def test_manager_must_be_a_contact_of_the_customer(self):
        self.unit.manager_id = self.contact
        self.assertEqual(self.unit.manager_id, self.contact)
        stranger = self.Partner.create({"name": "Stranger"})
        with self.assertRaises(ValidationError) as caught:
            self.unit.manager_id = stranger
        self.assertIn("contacts of Atlas Test Rental", str(caught.exception))
        other = self.create_customer("Other", "T-0002")
        other_contact = self.Partner.create(
            {"name": "Their contact", "parent_id": other.id}
        )
        with self.assertRaises(ValidationError):
            self.unit.manager_id = other_contact

    def test_address_must_belong_to_the_customer(self):
        depot = self.Partner.create(
            {
                "name": "Depot",
                "parent_id": self.customer.id,
                "type": "other",
                "city": "Lyon",
            }
        )
        self.unit.address_id = depot
        self.unit.address_id = self.customer
        with self.assertRaises(ValidationError):
            self.unit.address_id = self.Partner.create({"name": "Elsewhere"})

    def test_display_name_shows_code(self):
        self.assertEqual(self.unit.display_name, "[LYN] Lyon depot")
        unit = self.BusinessUnit.create(
            {"name": "No code", "partner_id": self.customer.id}
        )
        self.assertEqual(unit.display_name, "No code")

    def test_company_follows_customer(self):
        other_company = self.env["res.company"].create({"name": "BU Co"})
        self.customer.company_id = other_company
        self.assertEqual(self.unit.company_id, other_company)

    def test_managed_from_the_customer_form(self):
        """The Business Units tab adds, edits and removes units in place."""
        from odoo.tests import Form

        view = "fleet_customers.res_partner_fleet_customer_view_form"
        with Form(self.customer.with_user(self.fleet_admin), view=view) as form:
            with form.fleet_business_unit_ids.new() as line:
                line.name = "Grenoble depot"
                line.code = "GRE"
            with form.fleet_business_unit_ids.edit(0) as line:
                line.name = "Lyon main depot"
        self.assertEqual(
            sorted(self.customer.fleet_business_unit_ids.mapped("display_name")),
            ["[GRE] Grenoble depot", "[LYN] Lyon main depot"],
        )
        with Form(self.customer.with_user(self.fleet_admin), view=view) as form:
            form.fleet_business_unit_ids.remove(0)
        self.assertEqual(len(self.customer.fleet_business_unit_ids), 1)
