import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

URL = "/fleet_customers/telematics/positions"


@tagged("post_install", "-at_install")
class TestTelematicsEndpoint(HttpCase):
    """The HTTP side of positions in: authentication by API key, payload
    errors, and what a provider gets back."""

    # These tests live outside the addon (top-level tests/), where Odoo cannot
    # derive the module from the Python package name.
    test_module = "fleet_customers"

    def setUp(self):
        super().setUp()
        self.customer = self.env["res.partner"].create(
            {
                "name": "Endpoint Customer",
                "ref": "EP-1",
                "is_fleet_customer": True,
                "is_company": True,
            }
        )
        self.site = self.env["res.partner"].create(
            {
                "name": "Endpoint yard",
                "type": "fleet_site",
                "parent_id": self.customer.id,
                "fleet_geofence": {
                    "type": "circle",
                    "lat": 48.85,
                    "lng": 2.35,
                    "radius": 200,
                },
            }
        )
        self.crane = self.env["maintenance.equipment"].create(
            {"name": "Endpoint crane", "serial_no": "EP-CRANE-1"}
        )
        self.env["fleet.asset.assignment"]._fleet_assign(self.crane, self.customer)
        self.integration = self.env["fleet.telematics.integration"].create(
            {"name": "Endpoint GPS"}
        )
        self.key = self.integration.action_generate_key()["context"]["default_key"]
        self.batch = {
            "readings": [
                {
                    "serial": "EP-CRANE-1",
                    "timestamp": "2026-11-02T08:00:00Z",
                    "latitude": 48.86,
                    "longitude": 2.35,
                },
                {
                    "serial": "EP-CRANE-1",
                    "timestamp": "2026-11-02T09:05:00+01:00",
                    "latitude": 48.85,
                    "longitude": 2.35,
                },
                {
                    "serial": "EP-CRANE-1",
                    "timestamp": "2026-11-02T08:10:00Z",
                    "latitude": "north",
                    "longitude": 2.35,
                },
            ]
        }

    def post(self, body, key=None, headers=None):
        headers = dict(headers or {})
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        headers.setdefault("Content-Type", "application/json")
        return self.url_open(URL, data=data, headers=headers)

    def test_a_good_batch(self):
        response = self.post(self.batch, key=self.key)
        self.assertEqual(response.status_code, 200, response.text)
        result = response.json()
        self.assertEqual(result["accepted"], 2)
        self.assertEqual(result["events"], 1)
        self.assertEqual(
            result["rejected"],
            [{"index": 2, "reason": result["rejected"][0]["reason"]}],
        )
        self.assertIn("latitude", result["rejected"][0]["reason"])
        self.env.invalidate_all()
        event = self.env["fleet.asset.event"].search(
            [("equipment_id", "=", self.crane.id)]
        )
        self.assertRecordValues(
            event, [{"event_type": "enter", "site_id": self.site.id, "ongoing": True}]
        )
        # 09:05+01:00 is 08:05 UTC: the latest reading.
        self.assertEqual(
            str(self.crane.fleet_last_position_time), "2026-11-02 08:05:00"
        )
        self.assertEqual(event.create_uid, self.env.ref("base.user_root"))
        self.assertTrue(self.integration.last_batch_time)
        # The same batch again: nothing new, and the provider is told.
        again = self.post(self.batch, key=self.key).json()
        self.assertEqual(
            (again["accepted"], again["duplicates"], again["events"]), (0, 2, 0)
        )
        self.assertEqual(
            self.env["fleet.asset.position"].search_count(
                [("equipment_id", "=", self.crane.id)]
            ),
            2,
        )

    def test_a_bare_list_and_the_api_key_header(self):
        response = self.post(
            self.batch["readings"][:1], headers={"X-Api-Key": self.key}
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(response.json()["accepted"], 1)

    @mute_logger("odoo.http", "werkzeug")
    def test_authentication(self):
        for key in (None, "", "fleet_wrong", self.key + "x"):
            with self.subTest(key=key):
                response = self.post(self.batch, key=key)
                self.assertEqual(response.status_code, 401)
                self.assertIn("API key", response.json()["error"])
        self.integration.active = False
        self.assertEqual(self.post(self.batch, key=self.key).status_code, 401)
        self.assertFalse(
            self.env["fleet.asset.position"].search(
                [("equipment_id", "=", self.crane.id)]
            )
        )

    @mute_logger("odoo.http", "werkzeug")
    def test_bad_payloads(self):
        cases = [
            ("{not json", 400, "JSON"),
            (b"\xff\xfe", 400, "JSON"),
            ({"positions": []}, 400, "readings"),
            ({"readings": {"serial": "EP-CRANE-1"}}, 400, "readings"),
            ({"readings": [{}] * 10001}, 413, "at most 10000"),
        ]
        for body, status, message in cases:
            with self.subTest(body=str(body)[:30]):
                response = self.post(body, key=self.key)
                self.assertEqual(response.status_code, status, response.text)
                self.assertIn(message, response.json()["error"])
        self.assertEqual(self.url_open(URL).status_code, 405, "POST only")
        self.assertFalse(
            self.env["fleet.asset.position"].search(
                [("equipment_id", "=", self.crane.id)]
            )
        )
