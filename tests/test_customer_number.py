import psycopg2

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common import FleetCustomersCase


class TestCustomerNumber(FleetCustomersCase):
    def test_number_is_trimmed(self):
        customer = self.create_customer("Trim Test", "  T-0100  ")
        self.assertEqual(customer.ref, "T-0100")
        customer.ref = " T-0101\t"
        self.assertEqual(customer.ref, "T-0101")

    def test_number_unique_whatever_case_and_blanks(self):
        for duplicate in ("T-0001", "t-0001", "  T-0001 ", "t-0001  "):
            with (
                self.subTest(duplicate=duplicate),
                self.assertRaises(ValidationError) as caught,
            ):
                self.create_customer("Copycat", duplicate)
            self.assertIn("Atlas Test Rental", str(caught.exception))

    def test_number_unique_on_write(self):
        other = self.create_customer("Other", "T-0002")
        with self.assertRaises(ValidationError):
            other.ref = "t-0001"
        self.assertEqual(other.ref, "T-0002")

    def test_archived_customer_keeps_its_number(self):
        self.customer.action_archive()
        with self.assertRaises(ValidationError):
            self.create_customer("Reuse", "T-0001")

    def test_number_unique_per_company(self):
        other_company = self.env["res.company"].create({"name": "Other Fleet Co"})
        customer = self.create_customer(
            "Same number elsewhere", "T-0001", company_id=other_company.id
        )
        self.assertEqual(customer.ref, "T-0001")
        with self.assertRaises(ValidationError):
            self.create_customer("Same company", "T-0001", company_id=other_company.id)

    def test_ordinary_partners_are_not_concerned(self):
        first = self.Partner.create({"name": "Plain A", "ref": "T-0001"})
        second = self.Partner.create({"name": "Plain B", "ref": "t-0001 "})
        self.assertEqual((first | second).mapped("is_fleet_customer"), [False, False])
        # Not a fleet customer: Odoo's behaviour is untouched.
        self.assertEqual(second.ref, "t-0001 ")

    def test_becoming_a_fleet_customer_checks_the_number(self):
        plain = self.Partner.create(
            {"name": "Plain", "ref": "T-0001", "is_company": True}
        )
        with self.assertRaises(ValidationError):
            plain.is_fleet_customer = True

    def test_database_enforces_uniqueness(self):
        """Two transactions that both pass the Python check still cannot
        store the same number: the unique index refuses the second."""
        other = self.create_customer("Racer", "T-0003")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
        ):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE res_partner SET ref = %s WHERE id = %s",
                    ["t-0001", other.id],
                )

    def test_number_required_by_company_setting(self):
        with self.assertRaises(ValidationError) as caught:
            self.create_customer("No number", False)
        self.assertIn("customer number", str(caught.exception))
        with self.assertRaises(ValidationError):
            self.create_customer("Blank number", "   ")
        with self.assertRaises(ValidationError):
            self.customer.ref = False
        self.company.fleet_customer_ref_required = False
        customer = self.create_customer("No number allowed", "  ")
        self.assertFalse(customer.ref)

    def test_default_segment_is_other(self):
        customer = self.create_customer("Unsorted", "T-0200")
        self.assertEqual(customer.fleet_segment_id, self.segment_other)
        dealer = self.create_customer(
            "Dealer", "T-0201", fleet_segment_id=self.segment_dealer.id
        )
        self.assertEqual(dealer.fleet_segment_id, self.segment_dealer)
        plain = self.Partner.create({"name": "Plain"})
        self.assertFalse(plain.fleet_segment_id)

    def test_shared_customer_clashes_with_every_company(self):
        shared = self.create_customer("Shared", "X-0001", company_id=False)
        self.assertFalse(shared.company_id)
        other_company = self.env["res.company"].create({"name": "Other Fleet Co"})
        with self.assertRaises(ValidationError):
            self.create_customer("Company one", "x-0001", company_id=other_company.id)
        with self.assertRaises(ValidationError):
            self.create_customer("Another shared", "X-0001 ", company_id=False)

    def test_new_customer_belongs_to_the_current_company(self):
        self.assertEqual(
            self.create_customer("Mine", "T-0400").company_id, self.env.company
        )

    def test_duplicates_within_one_batch(self):
        with self.assertRaises(ValidationError):
            self.Partner.create(
                [
                    {"name": "Twin A", "ref": "Z-1", "is_fleet_customer": True},
                    {"name": "Twin B", "ref": "z-1", "is_fleet_customer": True},
                ]
            )
        with self.assertRaises(ValidationError):
            (
                self.create_customer("A", "Z-2") | self.create_customer("B", "Z-3")
            ).with_user(self.service_manager).write({"ref": "Z-4"})
