from datetime import datetime, timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.queue_job.tests.common import trap_jobs

from .test_asset_assignment import AssetCase

# Metres to degrees of latitude (the sites are near 45°N, 4°E).
METRE = 1 / 111195.08
CENTRE = (45.0, 4.0)
T0 = datetime(2026, 11, 2, 8, 0, 0)


def north(metres):
    """A point that many metres north of CENTRE."""
    return CENTRE[0] + metres * METRE, CENTRE[1]


def reading(equipment, minutes, point, **extra):
    return {
        "serial": equipment.serial_no,
        "timestamp": (T0 + timedelta(minutes=minutes)).isoformat() + "Z",
        "latitude": point[0],
        "longitude": point[1],
        **extra,
    }


class TelematicsCase(AssetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.fleet_geofence_hysteresis = 50
        cls.company.fleet_geofence_all_sites = False
        cls.Event = cls.env["fleet.asset.event"]
        cls.Position = cls.env["fleet.asset.position"]
        # A 100 m circle and a square of about 780 m x 1110 m east of it.
        cls.yard = cls.Partner.create(
            {
                "name": "Lyon yard",
                "type": "fleet_site",
                "parent_id": cls.customer.id,
                "fleet_geofence": {
                    "type": "circle",
                    "lat": CENTRE[0],
                    "lng": CENTRE[1],
                    "radius": 100,
                },
            }
        )
        cls.quarry = cls.Partner.create(
            {
                "name": "North quarry",
                "type": "fleet_site",
                "parent_id": cls.customer.id,
                "fleet_geofence": {
                    "type": "polygon",
                    "points": [
                        [45.0, 4.01],
                        [45.0, 4.02],
                        [45.01, 4.02],
                        [45.01, 4.01],
                    ],
                },
            }
        )
        # Another customer's site at the very same place as the yard.
        cls.other_site = cls.Partner.create(
            {
                "name": "Bravo depot",
                "type": "fleet_site",
                "parent_id": cls.other_customer.id,
                "fleet_geofence": {
                    "type": "circle",
                    "lat": CENTRE[0],
                    "lng": CENTRE[1],
                    "radius": 300,
                },
            }
        )
        cls.notified = cls.Partner.create(
            {
                "name": "Nora Notified",
                "parent_id": cls.customer.id,
                "email": "nora@atlas.example",
                "fleet_notify_asset_events": True,
            }
        )
        cls.integration = cls.env["fleet.telematics.integration"].create(
            {"name": "Trackers Inc"}
        )
        cls.key = cls.integration.action_generate_key()["context"]["default_key"]
        cls.first, cls.second, cls.loose = (
            cls.excavators[0],
            cls.excavators[1],
            cls.excavators[3],
        )
        cls.Assignment._fleet_assign(cls.first | cls.second, cls.customer)

    def ingest(self, readings, integration=None):
        return (integration or self.integration)._fleet_receive(readings)

    def ingest_and_notify(self, readings):
        """Ingest, then run the batch's notification job as a worker would."""
        with trap_jobs() as trap:
            result = self.ingest(readings)
            trap.perform_enqueued_jobs()
        return result

    def events(self, equipment):
        return self.Event.search(
            [("equipment_id", "=", equipment.id)], order="event_time, id"
        )


@tagged("post_install", "-at_install")
class TestSiteEvents(TelematicsCase):
    def test_enter_and_exit_with_hysteresis(self):
        result = self.ingest(
            [
                reading(self.first, 0, north(400)),  # far away
                reading(self.first, 1, north(60)),  # inside the 100 m circle
                reading(
                    self.first, 2, north(130)
                ),  # 30 m out: within the 50 m hysteresis
                reading(self.first, 3, north(90)),  # back in: still the same visit
                reading(self.first, 4, north(170)),  # 70 m out: gone
            ]
        )
        self.assertEqual(result["accepted"], 5)
        self.assertEqual(result["events"], 2)
        events = self.events(self.first)
        self.assertRecordValues(
            events,
            [
                {
                    "event_type": "enter",
                    "site_id": self.yard.id,
                    "customer_id": self.customer.id,
                    "event_time": T0 + timedelta(minutes=1),
                    "ongoing": False,
                },
                {
                    "event_type": "exit",
                    "site_id": self.yard.id,
                    "customer_id": self.customer.id,
                    "event_time": T0 + timedelta(minutes=4),
                    "ongoing": False,
                },
            ],
        )

    def test_events_are_stored_as_the_orm_would(self):
        # Read before the batch, in the same transaction: the asset's and the
        # customer's lists show the batch's events after it.
        self.assertFalse(self.first.fleet_asset_event_ids)
        self.assertEqual(self.customer.fleet_asset_event_count, 0)
        inside = north(60)
        self.ingest(
            [reading(self.first, 0, north(400)), reading(self.first, 1, inside)]
        )
        event = self.first.fleet_asset_event_ids
        self.assertEqual(len(event), 1)
        self.assertEqual(self.customer.fleet_asset_event_ids, event)
        self.assertEqual(self.customer.fleet_asset_event_count, 1)
        # The ingestion's author (the superuser), dated, coordinates to the
        # fields' 7 digits, as the ORM writes them.
        self.assertRecordValues(
            event,
            [
                {
                    "event_type": "enter",
                    "ongoing": True,
                    "site_id": self.yard.id,
                    "company_id": self.company.id,
                    "latitude": round(inside[0], 7),
                    "longitude": round(inside[1], 7),
                    "create_uid": self.env.ref("base.user_root").id,
                    "write_uid": self.env.ref("base.user_root").id,
                }
            ],
        )
        self.assertTrue(event.create_date and event.write_date)
        self.env.cr.execute(
            "SELECT latitude FROM fleet_asset_event WHERE id = %s", [event.id]
        )
        self.assertEqual(float(self.env.cr.fetchone()[0]), round(inside[0], 7))

    def test_jitter_at_the_border_raises_one_event(self):
        readings = [
            reading(self.first, minute, north(95 if minute % 2 else 115))
            for minute in range(12)
        ]
        self.ingest(readings)
        events = self.events(self.first)
        self.assertEqual(events.mapped("event_type"), ["enter"])
        self.assertTrue(events.ongoing, "the asset is still on the site")
        self.assertEqual(self.yard.commercial_partner_id.fleet_asset_event_count, 1)

    def test_hysteresis_is_a_setting(self):
        self.company.fleet_geofence_hysteresis = 10
        self.ingest(
            [reading(self.first, 0, north(0)), reading(self.first, 1, north(130))]
        )
        self.assertEqual(
            self.events(self.first).mapped("event_type"), ["enter", "exit"]
        )

    def test_polygon_enter_and_exit_across_batches(self):
        inside = (45.005, 4.015)
        self.ingest([reading(self.second, 0, inside)])
        entered = self.events(self.second)
        self.assertRecordValues(
            entered,
            [{"event_type": "enter", "site_id": self.quarry.id, "ongoing": True}],
        )
        # Next batch, 200 m west of the west edge.
        self.ingest([reading(self.second, 5, (45.005, 4.01 - 200 / 78700))])
        events = self.events(self.second)
        self.assertEqual(events.mapped("event_type"), ["enter", "exit"])
        self.assertFalse(entered.ongoing, "the arrival is closed by the departure")

    def test_only_the_holding_customers_sites_unless_configured(self):
        # The yard (customer's) and Bravo's depot overlap; first is held by the
        # customer.
        self.ingest([reading(self.first, 0, north(0))])
        self.assertEqual(self.events(self.first).site_id, self.yard)
        # Equipment held by nobody raises nothing by default...
        self.ingest([reading(self.loose, 0, north(0))])
        self.assertFalse(self.events(self.loose))
        # ... and every site's events when the company asks for them.
        self.company.fleet_geofence_all_sites = True
        self.ingest([reading(self.loose, 1, north(10))])
        self.assertEqual(self.events(self.loose).site_id, self.yard | self.other_site)
        self.assertEqual(
            self.events(self.loose)
            .filtered(lambda e: e.site_id == self.other_site)
            .customer_id,
            self.other_customer,
        )

    def test_a_geofence_just_moved_is_used_at_once(self):
        # Written in this transaction and not flushed yet: the SQL prefilter
        # must still see the new box.
        self.yard.fleet_geofence = {
            "type": "circle",
            "lat": 46.0,
            "lng": 5.0,
            "radius": 100,
        }
        self.ingest([reading(self.first, 0, (46.0, 5.0))])
        self.assertEqual(self.events(self.first).site_id, self.yard)

    def test_removed_geofence_forgets_the_presence_quietly(self):
        self.ingest([reading(self.first, 0, north(0))])
        self.yard.fleet_geofence = False
        self.ingest([reading(self.first, 1, north(1000))])
        events = self.events(self.first)
        self.assertEqual(events.mapped("event_type"), ["enter"])
        self.assertFalse(events.ongoing)

    def test_last_known_position_on_the_equipment(self):
        self.ingest(
            [reading(self.first, 3, north(10)), reading(self.first, 1, north(500))]
        )
        self.assertEqual(self.first.fleet_last_position_time, T0 + timedelta(minutes=3))
        self.assertAlmostEqual(self.first.fleet_last_latitude, north(10)[0], places=6)
        self.assertAlmostEqual(self.first.fleet_last_longitude, CENTRE[1], places=6)
        self.assertFalse(self.second.fleet_last_position_time)


@tagged("post_install", "-at_install")
class TestReadings(TelematicsCase):
    def test_bad_readings_are_refused_one_by_one(self):
        archived = self.excavators[2]
        archived.active = False
        other_company = self.env["res.company"].create({"name": "Elsewhere Ltd"})
        foreign = self.Equipment.create(
            {
                "name": "Foreign crane",
                "serial_no": "FOR-1",
                "company_id": other_company.id,
            }
        )
        good = reading(self.first, 0, north(500))
        future = (datetime.utcnow() + timedelta(hours=2)).isoformat()
        batch = [
            good,
            "not an object",
            {**good, "serial": "NOPE-404"},
            {**good, "latitude": 91},
            {**good, "longitude": True},
            {**good, "timestamp": "yesterday"},
            {key: value for key, value in good.items() if key != "timestamp"},
            {**good, "timestamp": future},
            {"timestamp": good["timestamp"], "latitude": 1, "longitude": 1},
            {**good, "serial": archived.serial_no},
            {**good, "serial": foreign.serial_no},
            {
                "equipment_id": self.second.id,
                "timestamp": 1793606400,
                "latitude": 45.1,
                "longitude": 4.1,
            },
            {"equipment_id": "12"},
        ]
        result = self.ingest(batch)
        self.assertEqual(result["accepted"], 2)
        rejected = {
            rejection["index"]: rejection["reason"] for rejection in result["rejected"]
        }
        self.assertEqual(sorted(rejected), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12])
        self.assertIn("must be an object", rejected[1])
        self.assertIn("NOPE-404", rejected[2])
        self.assertIn("latitude", rejected[3])
        self.assertIn("latitude", rejected[4])
        self.assertIn("ISO 8601", rejected[5])
        self.assertIn("timestamp is missing", rejected[6])
        self.assertIn("future", rejected[7])
        self.assertIn("serial", rejected[8])
        self.assertIn("archived", rejected[9])
        self.assertIn(
            "FOR-1", rejected[10], "another company's equipment is unknown here"
        )
        self.assertIn("positive integer", rejected[12])
        # Demo data may hold readings of other equipment: look at ours.
        positions = self.Position.search(
            [("equipment_id", "in", self.excavators.ids + foreign.ids)]
        )
        self.assertEqual(positions.equipment_id, self.first | self.second)
        self.assertEqual(
            self.second.fleet_last_position_time, datetime(2026, 11, 2, 8, 0, 0)
        )

    def test_replaying_a_batch_creates_nothing(self):
        batch = [
            reading(self.first, 0, north(500)),
            reading(self.first, 1, north(0)),
            reading(self.second, 1, north(0)),
        ]
        first = self.ingest(batch + [batch[0]])
        self.assertEqual(
            (first["accepted"], first["duplicates"], first["events"]), (3, 1, 2)
        )
        message_count = len(self.customer.message_ids)
        again = self.ingest_and_notify(batch)
        self.assertEqual(
            (again["accepted"], again["duplicates"], again["events"]), (0, 3, 0)
        )
        self.assertEqual(
            self.Position.search_count([("equipment_id", "in", self.excavators.ids)]), 3
        )
        self.assertEqual(
            len(self.events(self.first)) + len(self.events(self.second)), 2
        )
        self.assertEqual(
            len(self.customer.message_ids), message_count, "no second email"
        )

    def test_late_readings_are_kept_but_move_nothing(self):
        self.ingest([reading(self.first, 10, north(0))])
        result = self.ingest([reading(self.first, 5, north(2000))])
        self.assertEqual(
            (result["accepted"], result["stale"], result["events"]), (1, 1, 0)
        )
        self.assertEqual(
            self.first.fleet_last_position_time, T0 + timedelta(minutes=10)
        )
        self.assertEqual(self.events(self.first).mapped("event_type"), ["enter"])
        self.assertEqual(
            self.Position.search_count([("equipment_id", "=", self.first.id)]), 2
        )

    def test_a_batch_out_of_order_is_read_in_time_order(self):
        # Inside at minute 3, far away at minute 1 and 5: enter then exit.
        self.ingest(
            [
                reading(self.first, 5, north(900)),
                reading(self.first, 3, north(0)),
                reading(self.first, 1, north(900)),
            ]
        )
        events = self.events(self.first)
        self.assertEqual(events.mapped("event_type"), ["enter", "exit"])
        self.assertEqual(
            events.mapped("event_time"),
            [T0 + timedelta(minutes=3), T0 + timedelta(minutes=5)],
        )

    def test_one_email_per_customer_and_batch(self):
        last = self.env["mail.message"].search([], order="id desc", limit=1).id
        self.ingest_and_notify(
            [
                reading(self.first, 0, north(0)),
                reading(self.second, 0, north(20)),
                reading(self.first, 9, north(900)),
            ]
        )
        messages = self.customer.message_ids.filtered(lambda m: m.id > last)
        self.assertEqual(
            len(messages), 1, "one message for the batch, not one per reading or event"
        )
        body = messages.body
        self.assertIn(self.first.name, body)
        self.assertIn(self.second.name, body)
        self.assertIn("Lyon yard", body)
        self.assertIn("arrived at", body)
        self.assertIn("left", body)
        self.assertEqual(messages.partner_ids, self.notified)
        self.assertEqual(messages.author_id, self.env.ref("base.partner_root"))
        self.assertEqual(
            len(self.env["mail.mail"].search([("mail_message_id", "=", messages.id)])),
            1,
        )
        self.assertFalse(
            self.other_customer.message_ids.filtered(lambda m: m.id > last)
        )

    def test_email_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search(
            [("name", "=", "fleet_customers")]
        )._update_translations(["fr_FR"])
        self.customer.lang = "fr_FR"
        last = self.env["mail.message"].search([], order="id desc", limit=1).id
        self.ingest_and_notify([reading(self.first, 0, north(0))])
        message = self.customer.message_ids.filtered(lambda m: m.id > last)
        self.assertIn("Lyon yard", message.body)
        self.assertIn("est arrivé sur", message.body)
        self.assertIn("vos sites", message.subject)

    def test_messages_wait_for_one_background_job_per_batch(self):
        last = self.env["mail.message"].search([], order="id desc", limit=1).id
        with trap_jobs() as trap:
            result = self.ingest(
                [reading(self.first, 0, north(0)), reading(self.second, 0, north(0))]
            )
            self.assertEqual(result["events"], 2)
            trap.assert_jobs_count(1)
            job = trap.enqueued_jobs[0]
            self.assertEqual(job.method_name, "_fleet_notify")
            self.assertEqual(job.channel, "root.fleet_telematics")
            self.assertEqual(
                job.recordset, self.events(self.first) | self.events(self.second)
            )
            self.assertFalse(
                self.customer.message_ids.filtered(lambda m: m.id > last),
                "nothing is rendered nor emailed inside the provider's request",
            )
            # A batch raising no event queues nothing.
            self.ingest([reading(self.first, 1, north(10))])
            trap.assert_jobs_count(1)
            trap.perform_enqueued_jobs()
        self.assertEqual(
            len(self.customer.message_ids.filtered(lambda m: m.id > last)), 1
        )

    def test_the_job_tells_no_one_of_events_gone_or_customers_deactivated(self):
        last = self.env["mail.message"].search([], order="id desc", limit=1).id
        with trap_jobs() as trap:
            self.ingest([reading(self.first, 0, north(0))])
            self.events(self.first).unlink()
            trap.perform_enqueued_jobs()
        with trap_jobs() as trap:
            self.ingest([reading(self.first, 1, north(900))])
            self.customer._fleet_deactivate(
                self.env.ref("fleet_customers.fleet_deactivation_reason_other"),
                "left before the job ran",
            )
            trap.perform_enqueued_jobs()
        self.assertFalse(
            self.customer.message_ids.filtered(
                lambda m: m.id > last and "your sites" in (m.subject or "")
            )
        )


@tagged("post_install", "-at_install")
class TestGeofenceValidation(TelematicsCase):
    def test_shapes_and_bounding_box(self):
        self.assertEqual(self.yard.fleet_geofence_type, "circle")
        self.assertAlmostEqual(
            self.yard.fleet_geofence_max_lat - CENTRE[0], 100 * METRE, places=7
        )
        self.assertEqual(self.quarry.fleet_geofence_type, "polygon")
        self.assertEqual(
            (
                self.quarry.fleet_geofence_min_lat,
                self.quarry.fleet_geofence_max_lat,
                self.quarry.fleet_geofence_min_lng,
                self.quarry.fleet_geofence_max_lng,
            ),
            (45.0, 45.01, 4.01, 4.02),
        )
        # A ring given closed is the same polygon.
        self.quarry.fleet_geofence = {
            "type": "polygon",
            "points": [[45, 4], [45, 4.1], [45.1, 4.1], [45, 4]],
        }
        self.assertEqual(self.quarry.fleet_geofence_max_lng, 4.1)
        self.yard.fleet_geofence = False
        self.assertFalse(self.yard.fleet_geofence_type)

    def test_bad_shapes_are_refused(self):
        bad = {
            "crosses itself": {
                "type": "polygon",
                "points": [[45, 4], [45.01, 4.01], [45, 4.01], [45.01, 4]],
            },
            "at least 3": {
                "type": "polygon",
                "points": [[45, 4], [45.01, 4.01], [45, 4]],
            },
            "no area": {
                "type": "polygon",
                "points": [[45, 4], [45.01, 4.01], [45.02, 4.02]],
            },
            "impossible position": {
                "type": "polygon",
                "points": [[95, 4], [45, 4.01], [45.01, 4.01]],
            },
            "radius must be": {"type": "circle", "lat": 45, "lng": 4, "radius": 0},
            "at most 50000": {"type": "circle", "lat": 45, "lng": 4, "radius": 60000},
            "-180 to 180": {"type": "circle", "lat": 45, "lng": 200, "radius": 10},
            "circle (centre": {"type": "square"},
            "180th meridian": {
                "type": "polygon",
                "points": [[10, 179], [10, -179], [11, -179]],
            },
        }
        for expected, shape in bad.items():
            with (
                self.subTest(expected),
                self.assertRaisesRegex(ValidationError, expected.replace("(", r"\(")),
            ):
                with self.env.cr.savepoint():
                    self.yard.fleet_geofence = shape

    def test_only_sites_carry_a_geofence(self):
        with self.assertRaisesRegex(ValidationError, "Only sites"):
            self.contact.fleet_geofence = {
                "type": "circle",
                "lat": 45,
                "lng": 4,
                "radius": 10,
            }


@tagged("post_install", "-at_install")
class TestTelematicsAccess(TelematicsCase):
    def test_keys_are_stored_hashed_and_shown_once(self):
        self.assertTrue(self.key.startswith("fleet_"))
        self.assertGreater(len(self.key), 40)
        integration = self.integration.sudo()
        self.assertNotIn(self.key, integration.key_hash)
        self.assertEqual(len(integration.key_hash), 64)
        self.assertEqual(self.integration.key_hint, self.key[:10] + "…")
        Integration = self.env["fleet.telematics.integration"]
        self.assertEqual(Integration._fleet_authenticate(self.key), self.integration)
        self.assertFalse(Integration._fleet_authenticate(integration.key_hash))
        self.assertFalse(Integration._fleet_authenticate(self.key + "x"))
        self.assertFalse(Integration._fleet_authenticate(""))
        # A new key replaces the old one.
        new_key = self.integration.action_generate_key()["context"]["default_key"]
        self.assertFalse(Integration._fleet_authenticate(self.key))
        self.assertEqual(Integration._fleet_authenticate(new_key), self.integration)
        self.integration.active = False
        self.assertFalse(
            Integration._fleet_authenticate(new_key),
            "archived integrations are refused",
        )

    def test_only_administrators_manage_integrations(self):
        Integration = self.env["fleet.telematics.integration"]
        for user in (self.fleet_user, self.fleet_admin, self.service_manager):
            with self.subTest(user.login), self.assertRaises(AccessError):
                Integration.with_user(user).search([])
            with self.assertRaises(AccessError):
                Integration.with_user(user).create({"name": "Rogue"})
        managed = Integration.with_user(self.fleet_manager).create(
            {"name": "Fleet GPS"}
        )
        action = managed.action_generate_key()
        self.assertTrue(action["context"]["default_key"])
        self.assertEqual(action["res_model"], "fleet.telematics.key.show")
        # Even administrators never read the hash back.
        with self.assertRaises(AccessError):
            managed.with_user(self.fleet_manager).read(["key_hash"])

    def test_fleet_users_read_events_and_positions_and_change_nothing(self):
        self.ingest([reading(self.first, 0, north(0))])
        for model in ("fleet.asset.event", "fleet.asset.position"):
            records = self.env[model].with_user(self.fleet_user).search([])
            self.assertTrue(records, model)
            with self.subTest(model), self.assertRaises(AccessError):
                records.write({"latitude": 1.0})
            with self.assertRaises(AccessError):
                records.unlink()
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.fleet_user).create(
                    {"equipment_id": self.first.id}
                )
        with self.assertRaises(AccessError):
            self.env["fleet.asset.event"].with_user(self.internal_user).search([])
        self.assertEqual(
            self.first.with_user(self.fleet_user).fleet_asset_event_ids.event_type,
            "enter",
        )

    def test_an_integration_feeds_only_its_companys_equipment(self):
        other_company = self.env["res.company"].create({"name": "Elsewhere Ltd"})
        theirs = self.env["fleet.telematics.integration"].create(
            {"name": "Theirs", "company_id": other_company.id}
        )
        self.first.company_id = self.company
        result = self.ingest([reading(self.first, 0, north(0))], integration=theirs)
        self.assertEqual(result["accepted"], 0)
        self.assertEqual(len(result["rejected"]), 1)
        # Equipment of no company is shared: any integration may report it.
        self.loose.company_id = False
        self.assertEqual(
            self.ingest([reading(self.loose, 0, north(0))], integration=theirs)[
                "accepted"
            ],
            1,
        )
        position = self.Position.search([("equipment_id", "=", self.loose.id)])
        self.assertEqual(position.company_id, other_company)
        user = new_test_user(
            self.env,
            login="fc_user_b",
            groups="base.group_user,fleet_customers.group_fleet_customers_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.assertFalse(
            self.Position.with_user(user).search([("id", "=", position.id)])
        )
