from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form

from .common import FleetCustomersCase


class TestCreateCustomerWizard(FleetCustomersCase):
    def _start(self, user=None, **values):
        Wizard = self.env["fleet.customer.wizard"].with_user(user or self.fleet_admin)
        form = Form(Wizard)
        self.assertEqual(form.step, "company")
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _add_contacts(self, wizard, contacts):
        with Form(wizard) as form:
            for values in contacts:
                with form.contact_ids.new() as line:
                    for name, value in values.items():
                        setattr(line, name, value)

    def test_three_steps_then_save(self):
        wizard = self._start(
            name="Wizard Cranes",
            ref=" W-0001 ",
            fleet_segment_id=self.segment_dealer,
            city="Lyon",
        )
        action = wizard.action_next()
        self.assertEqual(
            (wizard.step, action["res_id"], action["target"]),
            ("contacts", wizard.id, "new"),
        )
        self._add_contacts(
            wizard,
            [
                {
                    "name": "Anna Lift",
                    "email": "anna@wizard.example",
                    "fleet_notify_asset_events": True,
                },
                {
                    "name": "Ben Lift",
                    "email": "ben@wizard.example",
                    "phone": "+33 6 12 34 56 78",
                },
            ],
        )
        wizard.action_next()
        self.assertEqual(wizard.step, "review")
        # Nothing is written before Save.
        self.assertFalse(self.Partner.search([("name", "=", "Wizard Cranes")]))

        action = wizard.action_create_customer()
        customer = self.Partner.browse(action["res_id"])
        self.assertRecordValues(
            customer,
            [
                {
                    "name": "Wizard Cranes",
                    "ref": "W-0001",
                    "is_fleet_customer": True,
                    "is_company": True,
                    "fleet_segment_id": self.segment_dealer.id,
                    "city": "Lyon",
                }
            ],
        )
        self.assertRecordValues(
            customer.child_ids.sorted("name"),
            [
                {
                    "name": "Anna Lift",
                    "email": "anna@wizard.example",
                    "type": "contact",
                    "fleet_notify_asset_events": True,
                    "city": "Lyon",
                },
                {
                    "name": "Ben Lift",
                    "email": "ben@wizard.example",
                    "type": "contact",
                    "fleet_notify_asset_events": False,
                    "city": "Lyon",
                },
            ],
        )
        self.assertEqual(
            action["views"][0][0],
            self.env.ref("fleet_customers.res_partner_fleet_customer_view_form").id,
        )

    def test_back_keeps_what_was_typed(self):
        wizard = self._start(name="Back And Forth", ref="W-0002")
        wizard.action_next()
        wizard.action_back()
        self.assertEqual(
            (wizard.step, wizard.name, wizard.ref),
            ("company", "Back And Forth", "W-0002"),
        )

    def test_default_segment_other(self):
        self.assertEqual(
            self._start(name="Default", ref="W-0003").fleet_segment_id,
            self.segment_other,
        )

    def test_duplicate_number_stops_step_one(self):
        wizard = self._start(name="Copy", ref="t-0001")
        with self.assertRaises(ValidationError) as caught:
            wizard.action_next()
        self.assertIn("Atlas Test Rental", str(caught.exception))
        self.assertEqual(wizard.step, "company")

    def test_missing_name_or_number_stops_step_one(self):
        with self.assertRaises(ValidationError):
            self._start(name="  ", ref="W-0004").action_next()
        with self.assertRaises(ValidationError):
            self._start(name="No number").action_next()

    def test_bad_contact_stops_step_two_and_nothing_is_created(self):
        wizard = self._start(name="Bad Contacts", ref="W-0005")
        wizard.action_next()
        self._add_contacts(wizard, [{"name": "Typo", "email": "typo@"}])
        with self.assertRaises(ValidationError):
            wizard.action_next()
        self.assertEqual(wizard.step, "contacts")
        # Even forced to save, the customer and its contacts are one create:
        # the bad contact leaves no customer behind.
        with self.assertRaises(ValidationError):
            wizard.action_create_customer()
        self.assertFalse(
            self.Partner.with_context(active_test=False).search(
                [("name", "in", ["Bad Contacts", "Typo"])]
            )
        )

    def test_users_without_fleet_admin_cannot_use_it(self):
        for user in (self.fleet_user, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._start(user=user, name="Sneaky", ref="W-0006")
