"""Helpers of the scale benchmarks (bench/scale.py, bench/scale_compare.py):
medians and 95th percentiles, the SQL one call runs (through Odoo's query
hooks) and the EXPLAIN (ANALYZE, BUFFERS) plans of its slowest queries,
realistic internal users, and the web client's requests (list
specifications, relational field domains).

Nothing here commits: users are created in the caller's transaction, which
the benchmarks roll back.
"""

import contextlib
import re
import statistics
import threading
import time

from lxml import etree

from odoo import api
from odoo.tools.safe_eval import safe_eval

# A table is "big" above this many rows: a sequential scan on it is a finding.
BIG_TABLE_ROWS = 10_000


def stats(values):
    """(median, 95th percentile) of ``values`` (inclusive method: the p95 of
    20 runs lies between the two slowest)."""
    values = sorted(values)
    if len(values) < 2:
        return values[0], values[0]
    return (
        statistics.median(values),
        statistics.quantiles(values, n=20, method="inclusive")[18],
    )


def fmt(value):
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


@contextlib.contextmanager
def capture_queries():
    """Yield a list that receives (cursor, query, params, seconds) of every
    query run in this thread inside the block."""
    queries = []
    thread = threading.current_thread()
    previous = getattr(thread, "query_hooks", ())

    def hook(cr, query, params, start, delay):
        queries.append((cr, query, params, delay))

    thread.query_hooks = (*previous, hook)
    try:
        yield queries
    finally:
        thread.query_hooks = previous


def timed_call(env, function):
    """Run ``function()`` with cold ORM caches (registry caches stay warm, as
    in a server between two requests): (milliseconds, queries, result)."""
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - start
    return seconds * 1000, env.cr.sql_log_count - before, result


_READ_ONLY = re.compile(r"^\s*(SELECT|WITH)\b", re.IGNORECASE)


def explain(cr, query, params):
    # Odoo's queries use %s placeholders with tuple params; psycopg2 is
    # given the EXPLAIN prefix and the params unchanged.
    cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params or None)
    return "\n".join(row[0] for row in cr.fetchall())


def execution_ms(plan):
    found = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return float(found.group(1)) if found else 0.0


def explain_queries(queries, top=2, limit=40):
    """EXPLAIN (ANALYZE, BUFFERS) each read-only query of a capture (at most
    ``limit``), slowest first: [(execution ms, plan, query text)], ``top``
    of them."""
    plans = []
    seen = set()
    for cr, query, params, __ in queries:
        if not _READ_ONLY.match(query) or "FOR UPDATE" in query.upper():
            continue
        key = (query, repr(params))
        if key in seen:
            continue
        seen.add(key)
        if len(seen) > limit:
            break
        plan = explain(cr, query, params)
        plans.append((execution_ms(plan), plan, cr.mogrify(query, params).decode()))
    plans.sort(key=lambda item: -item[0])
    return plans[:top]


def big_tables(cr):
    cr.execute(
        "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > %s",
        [BIG_TABLE_ROWS],
    )
    return {row[0] for row in cr.fetchall()}


def plan_facts(plans, big):
    """Indexes used and sequential scans on big tables, over several plans."""
    indexes, seq = set(), set()
    for plan in plans:
        indexes.update(
            re.findall(
                r"(?:Bitmap Index Scan|Index Only Scan|Index Scan)"
                r"(?: Backward)? (?:using|on) (\w+)",
                plan,
            )
        )
        for table in re.findall(r"Seq Scan on (\w+)", plan):
            if table in big:
                seq.add(table)
    return ", ".join(sorted(indexes)) or "-", ", ".join(sorted(seq)) or "none"


def shorten(text, size=300):
    return text if len(text) <= size else text[:size] + f"… ({len(text):,} chars)"


# ----------------------------------------------------------------------
# Users
# ----------------------------------------------------------------------

USER_PROFILES = {
    # login: (name, groups; the fleet groups are left out where the addon
    # is not installed)
    "scale_salesman": (
        "Scale Salesman",
        ["sales_team.group_sale_salesman"],
    ),
    "scale_accountant": (
        "Scale Accountant",
        ["account.group_account_invoice"],
    ),
    "scale_technician": (
        "Scale Technician",
        ["base.group_user", "fleet_customers.group_fleet_customers_user"],
    ),
    "scale_fleet_admin": (
        "Scale Fleet Admin",
        ["base.group_user", "fleet_customers.group_fleet_customers_admin"],
    ),
    "scale_office": (
        "Scale Office",
        [
            "fleet_customers.group_fleet_customers_user",
            "sales_team.group_sale_salesman",
            "account.group_account_invoice",
        ],
    ),
}


def make_users(env):
    """The users of USER_PROFILES, in the current company, created in the
    current transaction: {login: environment of that user}."""
    company = env.company
    envs = {}
    for login, (name, xmlids) in USER_PROFILES.items():
        groups = [env.ref(x, raise_if_not_found=False) for x in xmlids]
        groups = [g.id for g in groups if g] or [env.ref("base.group_user").id]
        user = (
            env["res.users"]
            .with_context(no_reset_password=True, tracking_disable=True)
            .create(
                {
                    "name": name,
                    "login": login,
                    "email": f"{login}@example.com",
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "groups_id": [(6, 0, groups)],
                }
            )
        )
        envs[login] = api.Environment(
            env.cr,
            user.id,
            {"lang": "en_US", "tz": "UTC", "allowed_company_ids": company.ids},
        )
    env.flush_all()
    return envs


# ----------------------------------------------------------------------
# What the web client sends
# ----------------------------------------------------------------------


def list_specification(env, model, view_xmlid):
    """The ``specification`` the web client gives web_search_read for the
    list view ``view_xmlid``, as ``env``'s user sees it (fields of groups
    the user lacks are removed by get_views)."""
    view = env.ref(view_xmlid)
    result = env[model].get_views([(view.id, "list")])
    arch = etree.fromstring(result["views"]["list"]["arch"])
    fields = result["models"][model]["fields"]
    spec = {}
    for node in arch.iterchildren("field"):
        name = node.get("name")
        ftype = fields[name]["type"]
        if ftype == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif ftype in ("many2many", "one2many"):
            options = safe_eval(node.get("options") or "{}")
            related = {"display_name": {}}
            if options.get("color_field"):
                related[options["color_field"]] = {}
            spec[name] = {"fields": related}
        else:
            spec[name] = {}
    return spec


def form_field(env, model, view_xmlid, fname, context=None):
    """(domain, context) that the web client gives name_search for field
    ``fname`` of the form view, evaluated for a new record of the user's
    company: the arch's domain, else the field's own domain with Odoo's
    check_company part."""
    Model = env[model].with_context(**(context or {}))
    view_id = env.ref(view_xmlid).id if view_xmlid else False
    result = Model.get_views([(view_id, "form")])
    arch = etree.fromstring(result["views"]["form"]["arch"])
    node = next(n for n in arch.iter("field") if n.get("name") == fname)
    description = result["models"][model]["fields"][fname]
    domain = node.get("domain") or description.get("domain") or "[]"
    company = env.company.id
    values = {
        "company_id": company,
        "company_ids": [company],
        "allowed_company_ids": [company],
        "context": dict(Model.env.context),
        "uid": env.uid,
        "id": False,
        "parent": {},
    }
    if isinstance(domain, str):
        domain = safe_eval(domain, values)
    field_context = safe_eval(node.get("context") or "{}", values)
    return domain, field_context
