from odoo.tests import tagged

from .test_portal import PortalHttpCase


@tagged("post_install", "-at_install")
class TestPortalTour(PortalHttpCase):
    """A customer's portal contact browses its assets and sites in a browser:
    static/tests/tours/fleet_portal_browse_tour.js."""

    def test_browse_assets_and_sites(self):
        # start_tour logs in with the login as password, but HttpCase's
        # authenticate() does not check passwords: fc_portal_a's own
        # ("fc_portal_a_password") needs no change.
        self.start_tour(
            "/my", "fleet_customers_portal_browse_tour", login="fc_portal_a"
        )

    def test_request_service(self):
        asset = self.data["a"]["asset"]
        self.start_tour(
            f"/my/assets/{asset.id}",
            "fleet_customers_portal_request_tour",
            login="fc_portal_a",
        )
        work_order = self.env["maintenance.request"].search(
            [
                ("equipment_id", "=", asset.id),
                ("create_uid", "=", self.data["a"]["user"].id),
            ]
        )
        self.assertEqual(len(work_order), 1, "the refused request wrote nothing")
        self.assertEqual(work_order.fleet_customer_id, self.data["a"]["customer"])
        self.assertEqual(work_order.fleet_site_id, self.data["a"]["site"])
        self.assertIn("boom cylinder leaks oil", work_order.description)
