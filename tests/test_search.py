from .common import FleetCustomersCase


class TestCustomerSearch(FleetCustomersCase):
    """The Customers app's "All" search: name, number, city or state name."""

    def all_search(self, term):
        return self.Partner.search(
            [
                ("is_fleet_customer", "=", True),
                "|",
                "|",
                "|",
                ("name", "ilike", term),
                ("ref", "ilike", term),
                ("city", "ilike", term),
                ("fleet_state_name", "ilike", term),
            ]
        )

    def test_all_finds_by_state_name(self):
        texas = self.env["res.country.state"].search(
            [("code", "=", "TX"), ("country_id.code", "=", "US")]
        )
        found = self.create_customer("Lone Star Lifts", "S-TX", state_id=texas.id)
        other = self.create_customer("Elsewhere Hire", "S-XX")
        self.assertIn(found, self.all_search("texa"))
        self.assertNotIn(other, self.all_search("texa"))
        # The other branches still match, and a term matching no state
        # excludes nothing.
        self.assertIn(other, self.all_search("Elsewhere"))
        self.assertEqual(self.customer.fleet_state_name, self.customer.state_id.name)

    def test_negative_operator(self):
        texas = self.env["res.country.state"].search(
            [("code", "=", "TX"), ("country_id.code", "=", "US")]
        )
        found = self.create_customer("Lone Star Lifts", "S-TX", state_id=texas.id)
        result = self.Partner.search(
            [
                ("is_fleet_customer", "=", True),
                ("fleet_state_name", "not ilike", "texa"),
            ]
        )
        self.assertNotIn(found, result)
