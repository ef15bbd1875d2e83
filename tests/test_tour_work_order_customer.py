from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWorkOrderCustomerTour(HttpCase):
    """A work order's Customer field, in the browser: the customer dropdown
    search (fleet customers only, res_partner_name_search.py) as the web
    client asks it."""

    # These tests live outside the addon (top-level tests/), where Odoo cannot
    # derive the module from the Python package name.
    test_module = "fleet_customers"

    def test_pick_the_customer_by_number_not_by_contact(self):
        Partner = self.env["res.partner"]
        customer = Partner.create(
            {
                "name": "Tourmaline Cranes",
                "ref": "TOUR-WO-7",
                "is_fleet_customer": True,
                "is_company": True,
            }
        )
        Partner.create({"name": "Wilhelmina Tourgate", "parent_id": customer.id})
        self.start_tour(
            "/odoo/action-maintenance.hr_equipment_request_action/new",
            "fleet_customers_work_order_customer_tour",
            login="admin",
        )
        work_order = self.env["maintenance.request"].search(
            [("name", "=", "Check the crane of Tourmaline")]
        )
        self.assertEqual(work_order.fleet_customer_id, customer)
