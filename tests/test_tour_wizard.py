from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWizardTour(HttpCase):
    # These tests live outside the addon (top-level tests/), where Odoo cannot
    # derive the module from the Python package name.
    test_module = "fleet_customers"

    def test_create_customer_wizard_tour(self):
        self.start_tour(
            "/odoo/fleet-customers", "fleet_customers_wizard_tour", login="admin"
        )

        # The tour only saw the screens: check what was really written.
        customer = self.env["res.partner"].search([("ref", "=", "TOUR-0042")])
        self.assertEqual(len(customer), 1, "the wizard created exactly one customer")
        self.assertEqual(customer.name, "Tour Lift Rental")
        self.assertTrue(customer.is_fleet_customer)
        self.assertTrue(customer.is_company)
        contacts = customer.child_ids.sorted("name")
        self.assertEqual(contacts.mapped("name"), ["Anna Tour", "Ben Tour"])
        self.assertEqual(
            contacts.mapped("email"), ["anna@tour.example", "ben@tour.example"]
        )
        self.assertEqual(contacts.mapped("type"), ["contact", "contact"])
        self.assertFalse(contacts[0].phone)
        self.assertEqual(contacts[1].phone, "+33 6 12 34 56 78")
        self.assertEqual(customer.fleet_contact_ids, customer.child_ids)
        # Save is the only step that writes: no half-created partner is left.
        self.assertFalse(
            self.env["res.partner"].search_count(
                [("name", "=", "Tour Lift Rental"), ("id", "!=", customer.id)]
            )
        )
