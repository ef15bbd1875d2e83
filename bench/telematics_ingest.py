"""Ingest 100,000 position readings for 1,000 assets around 1,000 site
geofences, in batches of 1,000 (one reading per asset per batch, like a
provider pushing every minute), and report readings per second, SQL queries
per batch, the plan of the geofence prefilter, and the cost of the
background job (OCA queue_job) that notifies each batch's customers.

The assets drive between the sites of their customer: each stays a few
minutes on a site, then travels to the next, so batches raise arrivals and
departures all along; each batch queues one job that posts one message per
customer, emailed to its contacts.

Usage: python bench/telematics_ingest.py --config CONF --database DB
[--readings N] (`make bench` runs it on a scratch database).
"""

import math
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import Measure, odoo_env, print_table  # noqa: E402

from odoo import fields  # noqa: E402

CUSTOMERS = 100
SITES_PER_CUSTOMER = 10
ASSETS_PER_CUSTOMER = 10
BATCH = 1_000
METRE = 1 / 111195.08


def site_centre(customer, site):
    # Customers 5 km apart on a grid near Lyon, their sites on a 1 km ring.
    base_lat = 45.0 + (customer // 10) * 5000 * METRE
    base_lng = 4.0 + (customer % 10) * 5000 * METRE / math.cos(math.radians(45))
    angle = 2 * math.pi * site / SITES_PER_CUSTOMER
    return (
        base_lat + 1000 * METRE * math.sin(angle),
        base_lng + 1000 * METRE * math.cos(angle) / math.cos(math.radians(45)),
    )


def geofence(customer, site):
    lat, lng = site_centre(customer, site)
    if site % 2:
        return {"type": "circle", "lat": lat, "lng": lng, "radius": 150}
    dlat, dlng = 120 * METRE, 120 * METRE / math.cos(math.radians(45))
    return {
        "type": "polygon",
        "points": [
            [lat - dlat, lng - dlng],
            [lat - dlat, lng + dlng],
            [lat + dlat, lng + dlng],
            [lat + dlat, lng - dlng],
        ],
    }


def position(rng, customer, asset, step):
    """On site (asset + step // 6) % 10 for 4 minutes of 6, then on the road
    halfway to the next one; a few metres of GPS noise."""
    site, phase = divmod(step + asset, 6)
    lat, lng = site_centre(customer, (site + asset) % SITES_PER_CUSTOMER)
    if phase >= 4:
        next_lat, next_lng = site_centre(
            customer, (site + asset + 1) % SITES_PER_CUSTOMER
        )
        lat, lng = (lat + next_lat) / 2, (lng + next_lng) / 2
    return lat + rng.gauss(0, 8) * METRE, lng + rng.gauss(0, 8) * METRE / math.cos(
        math.radians(45)
    )


def run_jobs(env):
    """Perform the jobs waiting in the queue as a queue_job worker does
    (Job.perform in the worker's transaction), and measure each one."""
    from odoo.addons.queue_job.job import Job  # importable once Odoo is set up

    measured = []
    for record in env["queue.job"].search([("state", "=", "pending")], order="id"):
        job = Job.load(env, record.uuid)
        env.cr.execute("SELECT max(id) FROM mail_message")
        last_message = env.cr.fetchone()[0]
        env.cr.execute("SELECT max(id) FROM mail_mail")
        last_mail = env.cr.fetchone()[0] or 0
        with Measure(env) as measure:
            job.perform()
        job.set_done()
        job.store()
        env.cr.commit()  # as the worker does after each job
        env.cr.execute(
            "SELECT count(*) FROM mail_message WHERE id > %s AND model = 'res.partner'",
            [last_message],
        )
        messages = env.cr.fetchone()[0]
        env.cr.execute("SELECT count(*) FROM mail_mail WHERE id > %s", [last_mail])
        measured.append(
            {
                "seconds": measure.seconds,
                "queries": measure.queries,
                "messages": messages,
                "emails": env.cr.fetchone()[0],
            }
        )
    return measured


def main():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--readings", type=int, default=100_000)
    args = parser.parse_args()
    rng = random.Random(7)
    with odoo_env(args) as env:
        started = fields.Datetime.now()
        Partner = env["res.partner"]
        customers = Partner.create(
            [
                {
                    "name": f"Telematics customer {c}",
                    "ref": f"TEL-{c}",
                    "is_fleet_customer": True,
                    "is_company": True,
                }
                for c in range(CUSTOMERS)
            ]
        )
        Partner.create(
            [
                {
                    "name": f"Dispatcher {c}",
                    "parent_id": customer.id,
                    "email": f"dispatch{c}@example.com",
                    "fleet_notify_asset_events": True,
                }
                for c, customer in enumerate(customers)
            ]
        )
        Partner.create(
            [
                {
                    "name": f"Site {c}-{s}",
                    "type": "fleet_site",
                    "parent_id": customer.id,
                    "fleet_geofence": geofence(c, s),
                }
                for c, customer in enumerate(customers)
                for s in range(SITES_PER_CUSTOMER)
            ]
        )
        equipment = env["maintenance.equipment"].create(
            [
                {"name": f"Tracked machine {c}-{a}", "serial_no": f"TEL-{c}-{a}"}
                for c in range(CUSTOMERS)
                for a in range(ASSETS_PER_CUSTOMER)
            ]
        )
        Assignment = env["fleet.asset.assignment"]
        for c, customer in enumerate(customers):
            Assignment._fleet_assign(
                equipment[c * ASSETS_PER_CUSTOMER : (c + 1) * ASSETS_PER_CUSTOMER],
                customer,
            )
        integration = env["fleet.telematics.integration"].create(
            {"name": "Bench provider"}
        )
        # Committed, and each batch committed as the provider's request is:
        # PostgreSQL checks again every foreign key of a row updated twice in
        # one transaction (or updated in the transaction that inserted it),
        # which made updating the assets' last positions 3 to 4 times what
        # it costs a server (bench/RESULTS.md). Removed again at the end.
        env.cr.commit()
        try:
            measure_ingestion(env, args, rng, equipment, integration)
        finally:
            remove(env, customers, equipment, integration, started)


def remove(env, customers, equipment, integration, started):
    """Delete what the bench committed, as the superuser: jobs, assets
    (their positions, events and assignments go with them), customers
    (their sites, contacts and messages), the integration."""
    env.cr.rollback()
    env["queue.job"].search([("date_created", ">=", started)]).unlink()
    equipment.with_context(active_test=False).exists().unlink()
    customers.with_context(active_test=False).exists().unlink()
    integration.exists().unlink()
    env.cr.commit()


def measure_ingestion(env, args, rng, equipment, integration):
    start = datetime(2026, 11, 1)
    serials = [
        (c, a, f"TEL-{c}-{a}")
        for c in range(CUSTOMERS)
        for a in range(ASSETS_PER_CUSTOMER)
    ]

    def batch(step):
        when = (start + timedelta(minutes=step)).isoformat() + "Z"
        return [
            {
                "serial": serial,
                "timestamp": when,
                "latitude": position(rng, c, a, step)[0],
                "longitude": position(rng, c, a, step)[1],
            }
            for c, a, serial in serials
        ]

    def far_batch(step):
        # 1 degree north of every site: readings to store, no event.
        readings = batch(step)
        for reading in readings:
            reading["latitude"] += 1
        return readings

    integration._fleet_receive(far_batch(-20))  # warm-up of the ingestion path
    env.cr.commit()
    quiet = []
    for step in range(-19, -9):
        readings = far_batch(step)
        with Measure(env) as measure:
            result = integration._fleet_receive(readings)
            env.cr.commit()
        assert result["accepted"] == BATCH and not result["events"], result
        quiet.append(measure)
    integration._fleet_receive(batch(0))  # warm-up of events
    env.cr.commit()
    run_jobs(env)  # warm-up of the messages: templates, followers
    queries, seconds, events, jobs = [], [], 0, []
    steps = max(args.readings // BATCH, 1)
    wall = time.perf_counter()
    for step in range(1, steps + 1):
        readings = batch(step)
        with Measure(env) as measure:
            result = integration._fleet_receive(readings)
            env.cr.commit()
        assert result["accepted"] == BATCH and not result["rejected"], result
        queries.append(measure.queries)
        seconds.append(measure.seconds)
        events += result["events"]
        # The batch's notification job, as a queue_job worker runs it.
        jobs.extend(run_jobs(env))
    wall = time.perf_counter() - wall
    assert len(jobs) == steps, "one notification job per batch with events"
    replay = batch(steps)  # same readings again (fresh noise, same keys)
    with Measure(env) as again:
        result = integration._fleet_receive(replay)
        env.cr.commit()
    assert result["accepted"] == 0 and result["duplicates"] == BATCH
    # The plan of the prefilter at this scale, with fresh statistics; and
    # with sequential scans off, to show the index serves it when the
    # table is too big to scan.
    env.cr.execute("ANALYZE res_partner")
    explain = """
        EXPLAIN SELECT site.id FROM res_partner site
         WHERE box(point(fleet_geofence_min_lng, fleet_geofence_min_lat),
                   point(fleet_geofence_max_lng, fleet_geofence_max_lat))
               @> box(point(4.0, 45.0), point(4.0, 45.0))
           AND site.fleet_geofence_type IS NOT NULL
           AND site.type = 'fleet_site' AND site.active
    """
    env.cr.execute(explain)
    plan = "\n".join(row[0] for row in env.cr.fetchall())
    env.cr.execute("SET LOCAL enable_seqscan = off")
    env.cr.execute(explain)
    plan += "\n\nwith enable_seqscan = off:\n" + "\n".join(
        row[0] for row in env.cr.fetchall()
    )
    total = steps * BATCH
    print_table(
        f"Telematics ingestion: {total:,} readings, {len(equipment):,} assets, "
        f"{CUSTOMERS * SITES_PER_CUSTOMER:,} geofences, batches of {BATCH:,}",
        (
            "readings/s",
            "batches",
            "events",
            "queries/batch (median, max)",
            "s/batch (median, p95)",
            "replayed batch: queries, s",
        ),
        [
            (
                f"{total / sum(seconds):,.0f}",
                steps,
                f"{events:,}",
                f"{statistics.median(queries):.0f}, {max(queries)}",
                f"{statistics.median(seconds):.3f}, "
                f"{sorted(seconds)[int(0.95 * (len(seconds) - 1))]:.3f}",
                f"{again.queries}, {again.seconds:.3f}",
            )
        ],
    )
    job_seconds = [job["seconds"] for job in jobs]
    print_table(
        "The notification job of each batch (one queue_job worker)",
        (
            "messages/job (median)",
            "emails/job (median)",
            "queries/job (median)",
            "s/job (median, p95)",
            "customers notified/s per worker",
        ),
        [
            (
                f"{statistics.median(j['messages'] for j in jobs):.0f}",
                f"{statistics.median(j['emails'] for j in jobs):.0f}",
                f"{statistics.median(j['queries'] for j in jobs):.0f}",
                f"{statistics.median(job_seconds):.3f}, "
                f"{sorted(job_seconds)[int(0.95 * (len(jobs) - 1))]:.3f}",
                f"{sum(j['messages'] for j in jobs) / sum(job_seconds):,.0f}",
            )
        ],
    )
    print_table(
        "Same, batches raising no event (assets away from every site)",
        ("readings/s", "batches", "queries/batch (median)", "s/batch (median)"),
        [
            (
                f"{len(quiet) * BATCH / sum(m.seconds for m in quiet):,.0f}",
                len(quiet),
                f"{statistics.median(m.queries for m in quiet):.0f}",
                f"{statistics.median(m.seconds for m in quiet):.3f}",
            )
        ],
    )
    print(
        f"\nwall time {wall:.1f} s (with reading generation)\n\n"
        f"Prefilter plan (one reading):\n{plan}"
    )


if __name__ == "__main__":
    main()
