from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .common import FleetCustomersCase


class TestDeleteCustomer(FleetCustomersCase):
    def test_delete_takes_contacts_addresses_and_units(self):
        depot = self.Partner.create(
            {"name": "Depot", "parent_id": self.customer.id, "type": "other"}
        )
        archived = self.Partner.create(
            {"name": "Gone", "parent_id": self.customer.id, "active": False}
        )
        units = self.unit | self.BusinessUnit.create(
            {"name": "Archived unit", "partner_id": self.customer.id, "active": False}
        )
        self.customer.with_user(self.fleet_manager).unlink()
        self.assertFalse((self.customer | self.contact | depot | archived).exists())
        self.assertFalse(units.exists())

    def test_delete_several_customers_at_once(self):
        other = self.create_customer("Other", "T-0002")
        other_contact = self.Partner.create(
            {"name": "Other contact", "parent_id": other.id}
        )
        (self.customer | other).with_user(self.fleet_manager).unlink()
        self.assertFalse(
            (self.customer | other | self.contact | other_contact).exists()
        )

    def test_only_administrators_delete_customers(self):
        for user in (
            self.fleet_admin,
            self.service_manager,
            self.fleet_user,
            self.internal_user,
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.customer.with_user(user).unlink()
        self.assertTrue((self.customer | self.contact).exists())
        self.assertTrue(self.unit.exists())

    def test_refused_delete_changes_nothing_and_says_why(self):
        """The partner of a former (archived) Odoo user cannot be deleted:
        the database refuses, the whole deletion is undone, and nothing, not
        even the business units deleted first, is gone."""
        new_test_user(
            self.env, login="claire_login", partner_id=self.contact.id
        ).active = False
        with mute_logger("odoo.sql_db"), self.assertRaises(UserError) as caught:
            self.customer.with_user(self.fleet_manager).unlink()
        self.assertIn("Deactivate the customer instead", str(caught.exception))
        self.assertTrue((self.customer | self.contact).exists())
        self.assertTrue(self.unit.exists())

    def test_deleting_plain_partners_unchanged(self):
        plain = self.Partner.create({"name": "Plain", "is_company": True})
        child = self.Partner.create({"name": "Child", "parent_id": plain.id})
        plain.with_user(self.internal_user).unlink()
        # Odoo's behaviour: the child is kept and detached.
        self.assertTrue(child.exists())


class TestDeleteCustomerWithAssets(FleetCustomersCase):
    def test_delete_unassigns_assets_first(self):
        equipment = self.env["maintenance.equipment"].create(
            [{"name": "Lift 1"}, {"name": "Lift 2"}]
        )
        Assignment = self.env["fleet.asset.assignment"]
        Assignment._fleet_assign(equipment, self.customer, business_unit=self.unit)
        other = self.create_customer("Keeps its history", "T-0099")
        kept = Assignment._fleet_assign(
            self.env["maintenance.equipment"].create({"name": "Lift 3"}), other
        )
        self.customer.with_user(self.fleet_manager).unlink()
        self.assertFalse(equipment.fleet_customer_id)
        self.assertFalse(equipment.fleet_business_unit_id)
        self.assertFalse(Assignment.search([("equipment_id", "in", equipment.ids)]))
        self.assertTrue(equipment.exists())
        self.assertTrue(kept.exists() and kept.is_current)

    def test_delete_ends_assignments_starting_after_today_at_their_start(self):
        # Assigned "tomorrow": by a user whose day is already tomorrow
        # (timezone), or on a date chosen ahead. Deleting still works.
        equipment = self.env["maintenance.equipment"].create({"name": "Lift 1"})
        tomorrow = fields.Date.context_today(self.customer) + timedelta(days=1)
        self.env["fleet.asset.assignment"]._fleet_assign(
            equipment, self.customer, date_start=tomorrow
        )
        self.customer.with_user(self.fleet_manager).unlink()
        self.assertFalse(self.customer.exists())
        self.assertFalse(equipment.fleet_customer_id)

    def test_refused_delete_keeps_the_assignments(self):
        equipment = self.env["maintenance.equipment"].create({"name": "Lift 1"})
        assignment = self.env["fleet.asset.assignment"]._fleet_assign(
            equipment, self.customer
        )
        new_test_user(
            self.env, login="former_user", partner_id=self.contact.id
        ).active = False
        with mute_logger("odoo.sql_db"), self.assertRaises(UserError):
            self.customer.with_user(self.fleet_manager).unlink()
        self.env.invalidate_all()
        self.assertTrue(assignment.is_current)
        self.assertEqual(equipment.fleet_customer_id, self.customer)
