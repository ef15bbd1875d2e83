from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestGeofenceTour(HttpCase):
    # These tests live outside the addon (top-level tests/), where Odoo cannot
    # derive the module from the Python package name.
    test_module = "fleet_customers"

    def setUp(self):
        super().setUp()
        # No map tiles: the test machine is offline, and the widget must
        # work without them.
        self.env["ir.config_parameter"].sudo().set_param(
            "fleet_customers.map_tile_url", ""
        )
        self.customer = self.env["res.partner"].create(
            {
                "name": "Tour Geofence Quarries",
                "ref": "TOUR-GEO-1",
                "is_fleet_customer": True,
                "is_company": True,
            }
        )
        self.site = self.env["res.partner"].create(
            {
                "name": "Tour Geofence Yard",
                "type": "fleet_site",
                "parent_id": self.customer.id,
                "partner_latitude": 45.7786,
                "partner_longitude": 4.921,
            }
        )

    def test_draw_a_circle_geofence(self):
        self.start_tour(
            f"/odoo/fleet-customers/{self.customer.id}",
            "fleet_customers_geofence_circle_tour",
            login="admin",
        )
        # The browser wrote through the same cursor, behind this env's cache.
        self.env.invalidate_all()
        fence = self.site.fleet_geofence
        self.assertEqual(fence["type"], "circle")
        self.assertEqual(fence["radius"], 250)
        # The centre is where the tour clicked: the middle of the map, which
        # is centred on the site's position. Within ~30 px at zoom 16: a
        # click that lands elsewhere (the dialog scrolled between mousedown
        # and click) is caught.
        self.assertAlmostEqual(fence["lat"], 45.7786, delta=0.0005)
        self.assertAlmostEqual(fence["lng"], 4.921, delta=0.0005)
        self.assertEqual(self.site.fleet_geofence_type, "circle")
        self.assertGreater(
            self.site.fleet_geofence_max_lat, self.site.fleet_geofence_min_lat
        )
