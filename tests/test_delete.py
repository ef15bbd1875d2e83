from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .common import FleetCustomersCase


class TestDeleteCustomer(FleetCustomersCase):
    def test_delete_takes_contacts_addresses_and_units(self):
        depot = self.Partner.create({"name": "Depot", "parent_id": self.customer.id, "type": "other"})
        archived = self.Partner.create({"name": "Gone", "parent_id": self.customer.id, "active": False})
        units = self.unit | self.BusinessUnit.create(
            {"name": "Archived unit", "partner_id": self.customer.id, "active": False}
        )
        self.customer.with_user(self.fleet_manager).unlink()
        self.assertFalse((self.customer | self.contact | depot | archived).exists())
        self.assertFalse(units.exists())

    def test_delete_several_customers_at_once(self):
        other = self.create_customer("Other", "T-0002")
        other_contact = self.Partner.create({"name": "Other contact", "parent_id": other.id})
        (self.customer | other).with_user(self.fleet_manager).unlink()
        self.assertFalse((self.customer | other | self.contact | other_contact).exists())

    def test_only_administrators_delete_customers(self):
        for user in (self.fleet_admin, self.service_manager, self.fleet_user, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.customer.with_user(user).unlink()
        self.assertTrue((self.customer | self.contact).exists())
        self.assertTrue(self.unit.exists())

    def test_refused_delete_changes_nothing_and_says_why(self):
        """The partner of a former (archived) Odoo user cannot be deleted:
        the database refuses, the whole deletion is undone, and nothing, not
        even the business units deleted first, is gone."""
        new_test_user(self.env, login="claire_login", partner_id=self.contact.id).active = False
        with mute_logger("odoo.sql_db"), self.assertRaises(UserError) as caught:
            self.customer.with_user(self.fleet_manager).unlink()
        self.assertIn("Archive the customer instead", str(caught.exception))
        self.assertTrue((self.customer | self.contact).exists())
        self.assertTrue(self.unit.exists())

    def test_deleting_plain_partners_unchanged(self):
        plain = self.Partner.create({"name": "Plain", "is_company": True})
        child = self.Partner.create({"name": "Child", "parent_id": plain.id})
        plain.with_user(self.internal_user).unlink()
        # Odoo's behaviour: the child is kept and detached.
        self.assertTrue(child.exists())
