from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestImportTour(HttpCase):
    # These tests live outside the addon (top-level tests/), where Odoo cannot
    # derive the module from the Python package name.
    test_module = "fleet_customers"

    def setUp(self):
        super().setUp()
        # The tour runs as a Fleet Admin, the role that imports customers.
        self.fleet_admin = new_test_user(
            self.env,
            login="fc_tour_import_admin",
            name="Tour Import Admin",
            groups="base.group_user,fleet_customers.group_fleet_customers_admin",
            company_id=self.env.company.id,
            company_ids=[self.env.company.id],
        )
        # The customer the file's first row matches on its number, given
        # there in lower case and with blanks.
        self.existing = self.env["res.partner"].create(
            {
                "name": "Tour Import Existing",
                "ref": "TOUR-IMP-1",
                "city": "Lyon",
                "is_fleet_customer": True,
                "is_company": True,
                "company_id": self.env.company.id,
            }
        )

    def test_import_customers_from_the_list(self):
        self.start_tour(
            "/odoo/action-fleet_customers.res_partner_fleet_customer_action",
            "fleet_customers_import_tour",
            login=self.fleet_admin.login,
        )

        # The tour only saw the screens: check what was really written.
        self.env.invalidate_all()
        Partner = self.env["res.partner"].with_context(active_test=False)
        matched = Partner.search([("ref", "=ilike", "tour-imp-1")])
        self.assertEqual(matched, self.existing, "the row matched the customer")
        self.assertEqual(self.existing.city, "Grenoble")
        self.assertEqual(self.existing.ref, "TOUR-IMP-1", "the number is unchanged")
        self.assertTrue(self.existing.is_fleet_customer)
        self.assertFalse(
            Partner.search(
                [("name", "=", "Tour Import Existing"), ("id", "!=", self.existing.id)]
            ),
            "the matched row did not create another customer",
        )

        new = Partner.search([("ref", "=ilike", "tour-imp-2")])
        self.assertEqual(len(new), 1, "one customer created for the new row")
        self.assertEqual(new.ref, "TOUR-IMP-2")
        self.assertEqual(new.name, "Tour Import New")
        self.assertEqual(new.city, "Nantes")
        self.assertTrue(new.is_fleet_customer)
        self.assertTrue(new.is_company)
        self.assertEqual(new.company_id, self.fleet_admin.company_id)
        self.assertEqual(new.create_uid, self.fleet_admin)
