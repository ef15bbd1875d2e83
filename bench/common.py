"""Shared helpers of the benchmarks: open an Odoo environment on a database
where fleet_customers is installed, count queries and time a block.

Benchmarks are scripts, not tests: they print figures and never fail on
timing. Every change they make is rolled back.
"""

import argparse
import contextlib
import time

import odoo
from odoo import SUPERUSER_ID, api


def parse_args(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--database", required=True)
    return parser.parse_args()


@contextlib.contextmanager
def odoo_env(args):
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True}
        )
        try:
            yield env
        finally:
            cr.rollback()


class Measure:
    """Queries and wall time of a block, ORM writes flushed inside it."""

    def __init__(self, env):
        self.env = env
        self.queries = self.seconds = None

    def __enter__(self):
        self.env.flush_all()
        self.env.invalidate_all()
        self._queries = self.env.cr.sql_log_count
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.env.flush_all()
        self.seconds = time.perf_counter() - self._start
        self.queries = self.env.cr.sql_log_count - self._queries


def print_table(title, header, rows):
    widths = [
        max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)
    ]

    def line(cells):
        return (
            "| "
            + " | ".join(str(c).rjust(w) for c, w in zip(cells, widths, strict=False))
            + " |"
        )

    print(f"\n{title}\n")
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))
