import logging
import math
from collections import defaultdict
from datetime import datetime, timedelta, timezone

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools import geofence as geo
from .res_partner import GEOFENCE_BOX_EXPRESSION

_logger = logging.getLogger(__name__)

# Clocks of telematics units drift; a reading further ahead is refused.
MAX_CLOCK_AHEAD = timedelta(minutes=5)
EARLIEST_READING = datetime(2000, 1, 1)


class FleetAssetPosition(models.Model):
    """One position reading of an asset, as a telematics integration sent
    it. Readings are kept as history; at most one per asset and second, which
    makes replaying a batch harmless."""

    _name = "fleet.asset.position"
    _description = "Asset Position Reading"
    _order = "reading_time desc, id desc"
    _rec_name = "equipment_id"

    equipment_id = fields.Many2one(
        "maintenance.equipment",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    reading_time = fields.Datetime(string="Time", required=True, readonly=True)
    latitude = fields.Float(digits=(10, 7), required=True, readonly=True)
    longitude = fields.Float(digits=(10, 7), required=True, readonly=True)
    integration_id = fields.Many2one(
        "fleet.telematics.integration",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )

    _sql_constraints = [
        (
            "equipment_time_unique",
            "unique(equipment_id, reading_time)",
            "An asset has one position per second.",
        ),
    ]

    # ------------------------------------------------------------------
    # Ingestion
    # ------------------------------------------------------------------

    @api.model
    def _fleet_ingest(self, integration, readings):
        """Store a batch of readings from ``integration`` and raise the site
        events they imply. Bad readings are refused one by one with a reason;
        the good ones of the batch are kept.

        Returns a summary: counts of accepted (new) readings, duplicates
        (already received), stale ones (older than the asset's last known
        position: stored, but they move nothing), events raised, and the
        rejected readings with their index in the batch and the reason.
        """
        company = integration.company_id
        result = {
            "accepted": 0,
            "duplicates": 0,
            "stale": 0,
            "events": 0,
            "rejected": [],
        }
        parsed = []
        for index, reading in enumerate(readings):
            try:
                parsed.append((index, *self._fleet_parse_reading(reading)))
            except _Rejected as rejection:
                result["rejected"].append({"index": index, "reason": rejection.reason})
        equipment = self._fleet_resolve_equipment(company, parsed, result)
        # One reading per asset and second: the rest of the batch repeats it.
        unique = {}
        for _index, equipment_id, when, lat, lng in equipment:
            if (equipment_id, when) in unique:
                result["duplicates"] += 1
            else:
                unique[equipment_id, when] = (lat, lng)
        if not unique:
            return result
        # Lock the assets (in id order, so two batches cannot deadlock): the
        # events of one asset are decided by one batch at a time.
        equipment_ids = sorted({equipment_id for equipment_id, __ in unique})
        self.env["maintenance.equipment"].flush_model(
            ["fleet_customer_id", "fleet_last_position_time"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT id, fleet_last_position_time, fleet_customer_id
                  FROM maintenance_equipment
                 WHERE id = ANY(%s)
              ORDER BY id
                   FOR NO KEY UPDATE
                """,
                equipment_ids,
            )
        )
        last_time, holder = {}, {}
        for equipment_id, previous_time, customer_id in self.env.cr.fetchall():
            last_time[equipment_id] = previous_time
            holder[equipment_id] = customer_id
        inserted = self._fleet_insert(integration, unique)
        result["accepted"] = len(inserted)
        result["duplicates"] += len(unique) - len(inserted)
        fresh = defaultdict(list)
        for equipment_id, when in sorted(inserted):
            if last_time[equipment_id] and when <= last_time[equipment_id]:
                result["stale"] += 1
            else:
                fresh[equipment_id].append((when, *unique[equipment_id, when]))
        if fresh:
            self._fleet_update_last_positions(fresh)
            events = self._fleet_decide_events(company, fresh, holder)
            result["events"] = len(events)
        integration._fleet_mark_batch()
        return result

    @api.model
    def _fleet_parse_reading(self, reading):
        """(equipment reference, UTC time, latitude, longitude) of a reading,
        where the reference is ("id", int) or ("serial", str)."""
        if not isinstance(reading, dict):
            raise _Rejected(self.env._("A reading must be an object."))
        if "equipment_id" in reading:
            reference = reading["equipment_id"]
            if (
                isinstance(reference, bool)
                or not isinstance(reference, int)
                or reference <= 0
            ):
                raise _Rejected(self.env._("equipment_id must be a positive integer."))
            reference = ("id", reference)
        elif "serial" in reading:
            reference = reading["serial"]
            if not isinstance(reference, str) or not reference.strip():
                raise _Rejected(self.env._("serial must be a non-empty string."))
            reference = ("serial", reference.strip())
        else:
            raise _Rejected(
                self.env._("Say which equipment: give its serial or its equipment_id.")
            )
        when = self._fleet_parse_time(reading.get("timestamp"))
        lat, lng = reading.get("latitude"), reading.get("longitude")
        if not geo.valid_coordinates(lat, lng):
            raise _Rejected(
                self.env._(
                    "latitude must be a number from -90 to 90 "
                    "and longitude a number from -180 to 180."
                )
            )
        return reference, when, float(lat), float(lng)

    @api.model
    def _fleet_parse_time(self, value):
        if isinstance(value, bool) or value is None:
            raise _Rejected(self.env._("timestamp is missing."))
        try:
            if isinstance(value, int | float):
                if not math.isfinite(value):
                    raise ValueError
                when = datetime.fromtimestamp(value, tz=timezone.utc)
            elif isinstance(value, str):
                when = datetime.fromisoformat(value.strip())
            else:
                raise ValueError
        except (ValueError, OverflowError, OSError):
            raise _Rejected(
                self.env._(
                    "timestamp must be an ISO 8601 date and time "
                    "(e.g. 2026-11-22T09:30:00Z) or Unix seconds."
                )
            ) from None
        if when.tzinfo:
            when = when.astimezone(timezone.utc).replace(tzinfo=None)
        # Stored to the second, like every Odoo date and time.
        when = when.replace(microsecond=0)
        if when > fields.Datetime.now() + MAX_CLOCK_AHEAD:
            raise _Rejected(
                self.env._(
                    "timestamp is in the future: "
                    "check the clock of the telematics unit."
                )
            )
        if when < EARLIEST_READING:
            raise _Rejected(self.env._("timestamp is before the year 2000."))
        return when

    @api.model
    def _fleet_resolve_equipment(self, company, parsed, result):
        """Replace the references of the parsed readings by equipment ids,
        refusing unknown or archived equipment and other companies' (one
        search for the batch)."""
        if not parsed:
            return []
        ids = {ref[1] for __, ref, *__ in parsed if ref[0] == "id"}
        serials = {ref[1] for __, ref, *__ in parsed if ref[0] == "serial"}
        found = (
            self.env["maintenance.equipment"]
            .with_context(active_test=False)
            .search_fetch(
                [
                    ("company_id", "in", [company.id, False]),
                    "|",
                    ("id", "in", list(ids)),
                    ("serial_no", "in", list(serials)),
                ],
                ["serial_no", "active"],
            )
        )
        by_reference = {}
        for equipment in found:
            by_reference["id", equipment.id] = equipment
            if equipment.serial_no:
                by_reference["serial", equipment.serial_no] = equipment
        resolved = []
        for index, reference, when, lat, lng in parsed:
            equipment = by_reference.get(reference)
            if not equipment:
                result["rejected"].append(
                    {
                        "index": index,
                        "reason": self.env._(
                            "No equipment of this company has %(kind)s %(value)s.",
                            kind=reference[0],
                            value=reference[1],
                        ),
                    }
                )
            elif not equipment.active:
                result["rejected"].append(
                    {
                        "index": index,
                        "reason": self.env._(
                            "Equipment %(name)s is archived.",
                            name=equipment.display_name,
                        ),
                    }
                )
            else:
                resolved.append((index, equipment.id, when, lat, lng))
        result["rejected"].sort(key=lambda rejection: rejection["index"])
        return resolved

    @api.model
    def _fleet_insert(self, integration, unique):
        """Insert the readings, skipping those already stored; return the
        (equipment id, time) keys of the new ones."""
        keys = list(unique)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO fleet_asset_position
                       (equipment_id, reading_time, latitude, longitude, integration_id,
                        company_id, create_uid, create_date, write_uid, write_date)
                SELECT reading.equipment_id, reading.reading_time, reading.latitude,
                       reading.longitude, %(integration)s, %(company)s,
                       %(uid)s, now() AT TIME ZONE 'UTC',
                       %(uid)s, now() AT TIME ZONE 'UTC'
                  FROM unnest(%(equipment)s::int[], %(times)s::timestamp[],
                              %(lats)s::float8[], %(lngs)s::float8[])
                       AS reading(equipment_id, reading_time, latitude, longitude)
                    ON CONFLICT (equipment_id, reading_time) DO NOTHING
             RETURNING equipment_id, reading_time
                """,
                integration=integration.id,
                company=integration.company_id.id,
                uid=self.env.uid,
                equipment=[key[0] for key in keys],
                times=[key[1] for key in keys],
                lats=[unique[key][0] for key in keys],
                lngs=[unique[key][1] for key in keys],
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _fleet_update_last_positions(self, fresh):
        latest = {
            equipment_id: readings[-1] for equipment_id, readings in fresh.items()
        }
        self.env.cr.execute(
            SQL(
                """
                UPDATE maintenance_equipment equipment
                   SET fleet_last_position_time = latest.reading_time,
                       fleet_last_latitude = latest.latitude,
                       fleet_last_longitude = latest.longitude
                  FROM unnest(%(ids)s::int[], %(times)s::timestamp[],
                              %(lats)s::float8[], %(lngs)s::float8[])
                       AS latest(id, reading_time, latitude, longitude)
                 WHERE equipment.id = latest.id
                """,
                ids=list(latest),
                times=[reading[0] for reading in latest.values()],
                lats=[reading[1] for reading in latest.values()],
                lngs=[reading[2] for reading in latest.values()],
            )
        )
        self.env["maintenance.equipment"].browse(list(latest)).invalidate_recordset(
            ["fleet_last_position_time", "fleet_last_latitude", "fleet_last_longitude"]
        )

    @api.model
    def _fleet_decide_events(self, company, fresh, holder):
        """Walk each asset's new readings in time order against the
        geofences it may be in, and record the crossings.

        An asset enters a site when a reading falls inside its geofence, and
        leaves it only when a reading is more than the hysteresis distance
        outside: readings jittering across the border raise nothing."""
        hysteresis = max(company.fleet_geofence_hysteresis, 0)
        all_sites = company.fleet_geofence_all_sites
        candidates = self._fleet_candidate_sites(company, fresh, holder, all_sites)
        Event = self.env["fleet.asset.event"]
        ongoing = Event.search_fetch(
            [("equipment_id", "in", list(fresh)), ("ongoing", "=", True)],
            ["equipment_id", "site_id"],
        )
        # inside: equipment -> {site: the ongoing "enter" event}, a record
        # when it came from the database, a dict when raised by this batch.
        inside = defaultdict(dict)
        for event in ongoing:
            inside[event.equipment_id.id][event.site_id.id] = event
        sites = self.env["res.partner"].browse(
            {site_id for found in candidates.values() for site_id in found}
            | {site_id for on_sites in inside.values() for site_id in on_sites}
        )
        sites.fetch(["fleet_geofence", "commercial_partner_id", "active", "name"])
        fences = {}
        for site in sites:
            try:
                fences[site.id] = site.active and geo.normalize(site.fleet_geofence)
            except geo.GeofenceError:
                fences[site.id] = None
        new_events, left = [], Event.browse()
        for equipment_id, readings in fresh.items():
            on_sites = inside[equipment_id]
            for position, (when, lat, lng) in enumerate(readings):
                nearby = candidates.get((equipment_id, position), set())
                for site_id in sorted(nearby | on_sites.keys()):
                    fence = fences.get(site_id)
                    depth = geo.depth(fence, lat, lng) if fence else None
                    if site_id not in on_sites:
                        if depth is None or depth < 0:
                            continue
                        event_type = "enter"
                    elif depth is None or depth < -hysteresis:
                        current = on_sites.pop(site_id)
                        if isinstance(current, dict):
                            current["ongoing"] = False
                        else:
                            left |= current
                        if depth is None:
                            # Geofence removed or site archived: forget the
                            # presence without an event nobody could explain.
                            continue
                        event_type = "exit"
                    else:
                        continue
                    event = {
                        "event_type": event_type,
                        "ongoing": event_type == "enter",
                        "equipment_id": equipment_id,
                        "site_id": site_id,
                        "customer_id": sites.browse(site_id).commercial_partner_id.id,
                        "event_time": when,
                        "latitude": lat,
                        "longitude": lng,
                        "company_id": company.id,
                    }
                    if event_type == "enter":
                        on_sites[site_id] = event
                    new_events.append(event)
        if left:
            left.write({"ongoing": False})
        events = self._fleet_insert_events(new_events)
        events._fleet_notify_later()
        return events

    @api.model
    def _fleet_insert_events(self, new_events):
        """Insert the events decided for a batch, in one statement.

        Through the ORM, creating the 300 to 400 events of a batch took
        0.6 ms each (defaults looked up and values converted record by
        record: 40% of a batch, bench/RESULTS.md), for records the ingestion
        builds whole itself. Called as the superuser by the ingestion only;
        the values are the ORM's: coordinates rounded to the fields' 7
        digits, authored and dated now."""
        Event = self.env["fleet.asset.event"]
        if not new_events:
            return Event
        Event.flush_model()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO fleet_asset_event
                       (event_type, ongoing, equipment_id, site_id, customer_id,
                        event_time, latitude, longitude, company_id,
                        create_uid, create_date, write_uid, write_date)
                SELECT event.event_type, event.ongoing, event.equipment_id,
                       event.site_id, event.customer_id, event.event_time,
                       round(event.latitude::numeric, %(lat_digits)s),
                       round(event.longitude::numeric, %(lng_digits)s),
                       event.company_id,
                       %(uid)s, now() AT TIME ZONE 'UTC',
                       %(uid)s, now() AT TIME ZONE 'UTC'
                  FROM unnest(%(types)s::varchar[], %(ongoing)s::bool[],
                              %(equipment)s::int[], %(sites)s::int[],
                              %(customers)s::int[], %(times)s::timestamp[],
                              %(lats)s::float8[], %(lngs)s::float8[],
                              %(companies)s::int[])
                       AS event(event_type, ongoing, equipment_id, site_id,
                                customer_id, event_time, latitude, longitude,
                                company_id)
             RETURNING id
                """,
                lat_digits=Event._fields["latitude"].get_digits(self.env)[1],
                lng_digits=Event._fields["longitude"].get_digits(self.env)[1],
                uid=self.env.uid,
                types=[event["event_type"] for event in new_events],
                ongoing=[event["ongoing"] for event in new_events],
                equipment=[event["equipment_id"] for event in new_events],
                sites=[event["site_id"] for event in new_events],
                customers=[event["customer_id"] for event in new_events],
                times=[event["event_time"] for event in new_events],
                lats=[event["latitude"] for event in new_events],
                lngs=[event["longitude"] for event in new_events],
                companies=[event["company_id"] for event in new_events],
            )
        )
        events = Event.browse([event_id for (event_id,) in self.env.cr.fetchall()])
        # What the ORM would have told the cache: the assets and sites have
        # new events.
        self.env["maintenance.equipment"].invalidate_model(["fleet_asset_event_ids"])
        self.env["res.partner"].invalidate_model(
            ["fleet_asset_event_ids", "fleet_asset_event_count"]
        )
        return events

    @api.model
    def _fleet_candidate_sites(self, company, fresh, holder, all_sites):
        """{(equipment id, reading position): site ids} of the sites whose
        geofence box holds the reading: one query for the whole batch,
        through the GiST index on the boxes."""
        positions, lats, lngs, customers = [], [], [], []
        for equipment_id, readings in fresh.items():
            for position, (__, lat, lng) in enumerate(readings):
                positions.append((equipment_id, position))
                lats.append(lat)
                lngs.append(lng)
                customers.append(holder.get(equipment_id) or 0)
        if not all_sites and not any(customers):
            return {}
        self.env["res.partner"].flush_model(
            [
                "type",
                "active",
                "commercial_partner_id",
                "company_id",
                "fleet_geofence_type",
                "fleet_geofence_min_lat",
                "fleet_geofence_max_lat",
                "fleet_geofence_min_lng",
                "fleet_geofence_max_lng",
                "parent_id",
                "is_fleet_customer",
            ]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT reading.key, site.id
                  FROM unnest(%(keys)s::int[], %(lats)s::float8[],
                              %(lngs)s::float8[], %(customers)s::int[])
                       AS reading(key, lat, lng, customer_id)
                  JOIN res_partner site
                    -- box @> box: the operator the GiST index on boxes serves
                    -- (box @> point is not), with the reading as a box of one point.
                    ON %(box)s @> box(point(reading.lng, reading.lat),
                                      point(reading.lng, reading.lat))
                  -- Events are about fleet customers' sites only.
                  JOIN res_partner customer
                    ON customer.id = site.parent_id AND customer.is_fleet_customer
                 WHERE site.fleet_geofence_type IS NOT NULL
                   AND site.type = 'fleet_site'
                   AND site.active
                   AND (site.company_id IS NULL OR site.company_id = %(company)s)
                   AND (%(all_sites)s
                        OR site.commercial_partner_id = reading.customer_id)
                """,
                keys=list(range(len(positions))),
                lats=lats,
                lngs=lngs,
                customers=customers,
                box=SQL(GEOFENCE_BOX_EXPRESSION),
                company=company.id,
                all_sites=bool(all_sites),
            )
        )
        candidates = defaultdict(set)
        for key, site_id in self.env.cr.fetchall():
            candidates[positions[key]].add(site_id)
        return candidates


class _Rejected(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason
