from odoo.exceptions import ValidationError
from odoo.tests import Form

from .common import FleetCustomersCase

FORM_VIEW = "fleet_customers.res_partner_fleet_customer_view_form"


class TestContacts(FleetCustomersCase):
    def test_invalid_email_refused(self):
        for email in ("not-an-email", "claire@", "claire at atlas.example"):
            with (
                self.subTest(email=email),
                self.assertRaises(ValidationError) as caught,
            ):
                self.contact.email = email
            self.assertIn("not a valid email address", str(caught.exception))
        self.contact.email = "Claire Martin <claire.martin@atlas.example>"

    def test_invalid_phone_refused(self):
        self.customer.country_id = self.env.ref("base.fr")
        for phone in ("12", "+33 1", "abc", "+999 123 456 789"):
            with (
                self.subTest(phone=phone),
                self.assertRaises(ValidationError) as caught,
            ):
                self.contact.phone = phone
            self.assertIn(
                "phone number of Atlas Test Rental, Claire Test is not valid",
                str(caught.exception),
            )
        # National format, read with the customer's country.
        self.contact.phone = "04 78 60 12 34"
        self.contact.mobile = "+1 415 555 0142"

    def test_customer_details_validated_too(self):
        with self.assertRaises(ValidationError):
            self.customer.email = "nope"
        with self.assertRaises(ValidationError):
            self.create_customer("Bad Phone", "T-0300", phone="123")

    def test_ordinary_partners_not_validated(self):
        # Odoo's own contacts keep Odoo's behaviour.
        plain = self.Partner.create(
            {"name": "Plain", "email": "whatever", "phone": "12"}
        )
        self.assertEqual(plain.email, "whatever")

    def test_contacts_tab_add_edit_delete(self):
        with Form(self.customer.with_user(self.fleet_admin), view=FORM_VIEW) as form:
            with form.fleet_contact_ids.new() as line:
                line.name = "Hugo Bernard"
                line.function = "Rental Desk"
                line.email = "hugo@atlas.example"
                line.fleet_notify_asset_events = True
        hugo = self.customer.child_ids.filtered(lambda c: c.name == "Hugo Bernard")
        self.assertRecordValues(
            hugo,
            [
                {
                    "type": "contact",
                    "function": "Rental Desk",
                    "fleet_notify_asset_events": True,
                    "commercial_partner_id": self.customer.id,
                }
            ],
        )
        with Form(self.customer.with_user(self.fleet_admin), view=FORM_VIEW) as form:
            index = next(
                i for i, c in enumerate(self.customer.fleet_contact_ids) if c == hugo
            )
            with form.fleet_contact_ids.edit(index) as line:
                line.phone = "+33 6 12 34 56 78"
        self.assertEqual(hugo.phone, "+33 6 12 34 56 78")
        with Form(self.customer.with_user(self.fleet_admin), view=FORM_VIEW) as form:
            form.fleet_contact_ids.remove(index)
        # Removing a line of a one2many unlinks the contact.
        self.assertFalse(hugo.exists())

    def test_contacts_tab_lists_people_not_addresses(self):
        depot = self.Partner.create(
            {"name": "Depot", "parent_id": self.customer.id, "type": "delivery"}
        )
        self.assertIn(self.contact, self.customer.fleet_contact_ids)
        self.assertNotIn(depot, self.customer.fleet_contact_ids)
