from odoo.exceptions import AccessError, ValidationError

from .common import FleetCustomersCase


class TestCustomerNumberRoles(FleetCustomersCase):
    """A blank number may be filled by any Fleet Admin; a number that is
    already set is changed or cleared only by a Service Manager."""

    def setUp(self):
        super().setUp()
        self.company.fleet_customer_ref_required = False
        self.unnumbered = self.create_customer("No Number Yet", False)

    def test_fleet_admin_sets_a_blank_number(self):
        self.unnumbered.with_user(self.fleet_admin).ref = " N-0001 "
        self.assertEqual(self.unnumbered.ref, "N-0001")

    def test_fleet_admin_cannot_change_a_set_number(self):
        with self.assertRaises(AccessError) as caught:
            self.customer.with_user(self.fleet_admin).ref = "T-9999"
        self.assertIn("Service Manager", str(caught.exception))
        self.assertEqual(self.customer.ref, "T-0001")

    def test_fleet_admin_cannot_clear_a_set_number(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.fleet_admin).ref = False
        self.assertEqual(self.customer.ref, "T-0001")

    def test_fleet_admin_may_resave_the_same_number(self):
        # Saving a form writes the unchanged value back: that is no change.
        self.customer.with_user(self.fleet_admin).write(
            {"ref": " T-0001 ", "city": "Lyon"}
        )
        self.assertEqual(self.customer.city, "Lyon")

    def test_fleet_admin_edits_other_fields(self):
        self.customer.with_user(self.fleet_admin).write({"phone": "+33 4 78 60 12 34"})
        self.assertEqual(self.customer.phone, "+33 4 78 60 12 34")

    def test_service_manager_changes_and_clears(self):
        customer = self.customer.with_user(self.service_manager)
        customer.ref = "T-0500"
        self.assertEqual(self.customer.ref, "T-0500")
        customer.ref = False
        self.assertFalse(self.customer.ref)

    def test_administrator_changes_numbers(self):
        self.customer.with_user(self.fleet_manager).ref = "T-0600"
        self.assertEqual(self.customer.ref, "T-0600")

    def test_service_manager_still_bound_by_uniqueness_and_requirement(self):
        self.create_customer("Holder", "T-0700")
        with self.assertRaises(ValidationError):
            self.customer.with_user(self.service_manager).ref = "t-0700"
        self.company.fleet_customer_ref_required = True
        with self.assertRaises(ValidationError):
            self.customer.with_user(self.service_manager).ref = False

    def test_number_of_a_plain_partner_is_not_guarded(self):
        plain = self.Partner.create({"name": "Plain", "ref": "P-1"})
        plain.with_user(self.internal_user).ref = "P-2"
        self.assertEqual(plain.ref, "P-2")
