from odoo.exceptions import AccessError
from odoo.tests import new_test_user

from .common import FLEET_GROUPS, FleetCustomersCase


class TestMultiCompany(FleetCustomersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Fleet Co B"})
        cls.customer.company_id = cls.company
        cls.customer_b = cls.create_customer(
            "Bravo Cranes", "B-0001", company_id=cls.company_b.id
        )
        cls.unit_b = cls.BusinessUnit.create(
            {"name": "Bravo North", "partner_id": cls.customer_b.id}
        )
        cls.segment_b = cls.Segment.create(
            {"name": "B only", "code": "b_only", "company_id": cls.company_b.id}
        )
        cls.manager_a = new_test_user(
            cls.env,
            login="fc_manager_a",
            groups=f"base.group_user,{FLEET_GROUPS['manager']}",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    def test_other_company_records_are_invisible(self):
        Partner = self.Partner.with_user(self.manager_a)
        found = Partner.search([("is_fleet_customer", "=", True)])
        self.assertIn(self.customer, found)
        self.assertNotIn(self.customer_b, found)
        self.assertFalse(
            self.BusinessUnit.with_user(self.manager_a).search(
                [("id", "=", self.unit_b.id)]
            )
        )
        self.assertFalse(
            self.Segment.with_user(self.manager_a).search(
                [("id", "=", self.segment_b.id)]
            )
        )
        with self.assertRaises(AccessError):
            self.unit_b.with_user(self.manager_a).read(["name"])
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.manager_a).write({"name": "Taken over"})

    def test_shared_segments_are_visible_everywhere(self):
        self.assertIn(
            self.segment_dealer, self.Segment.with_user(self.manager_a).search([])
        )

    def test_user_of_both_companies_sees_both(self):
        self.manager_a.company_ids |= self.company_b
        Partner = self.Partner.with_user(self.manager_a).with_context(
            allowed_company_ids=[self.company.id, self.company_b.id]
        )
        self.assertIn(
            self.customer_b, Partner.search([("is_fleet_customer", "=", True)])
        )

    def test_same_number_in_each_company(self):
        self.assertEqual(
            self.create_customer(
                "Alpha twin", "B-0001", company_id=self.company.id
            ).ref,
            "B-0001",
        )
