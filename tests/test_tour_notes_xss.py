from odoo.tests import HttpCase, tagged

IMG_PAYLOAD = '<img src=x onerror="window.fleetXss=1">'
SCRIPT_PAYLOAD = "<script>window.fleetXss=2</script>"


@tagged("post_install", "-at_install")
class TestNotesXssTour(HttpCase):
    """Item 2 of the security review (issue #11): site notes are text, and
    the Notes list shows them as text in the browser."""

    # These tests live outside the addon (top-level tests/), where Odoo cannot
    # derive the module from the Python package name.
    test_module = "fleet_customers"

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        self.customer = Partner.create(
            {
                "name": "Tour XSS Hire",
                "ref": "TOUR-XSS-1",
                "is_fleet_customer": True,
                "is_company": True,
            }
        )
        self.sites = Partner.create(
            [
                {
                    "name": name,
                    "parent_id": self.customer.id,
                    "type": "fleet_site",
                    "fleet_site_note": note,
                }
                for name, note in (
                    ("Tour XSS Image Yard", IMG_PAYLOAD),
                    ("Tour XSS Script Yard", SCRIPT_PAYLOAD),
                )
            ]
        )

    def test_site_notes_are_shown_as_text(self):
        self.env.flush_all()
        written = self.sites.mapped("write_date")
        messages = self.customer.message_ids
        self.start_tour(
            "/odoo/action-fleet_customers.fleet_customer_note_action",
            "fleet_notes_xss_tour",
            login="admin",
        )
        # The tour only looked: nothing was changed.
        self.env.invalidate_all()
        self.assertEqual(
            self.sites.mapped("fleet_site_note"), [IMG_PAYLOAD, SCRIPT_PAYLOAD]
        )
        self.assertEqual(self.sites.mapped("write_date"), written)
        self.assertEqual(self.customer.message_ids, messages)
        self.assertEqual(self.customer.name, "Tour XSS Hire")
