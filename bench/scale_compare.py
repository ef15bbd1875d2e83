"""The addon against stock Odoo on the same data: customer dropdowns
(``name_search`` on res.partner as a quotation, an invoice, a work order and
the assign dialog ask it) and one page of the customers list (the Customers
app) against one page of Odoo's Contacts list.

Both databases are opened in this one process: the scale database and its
copy without the addon (bench/scale_stock_db.py). Each measure runs the
same call in both, alternating which goes first, as realistic internal
users created in each transaction (rolled back). Reports medians and 95th
percentiles over 20 runs with different terms or pages, the queries per
call, the ratio addon / stock, and EXPLAIN (ANALYZE, BUFFERS) of the
slowest queries of each kind of call (written whole to --plans-file).

Usage: python bench/scale_compare.py --config CONF --database DB
       --stock-database DB_stock [--plans-file FILE] [--runs 20]
(`make bench-scale` runs it after bench/scale.py).
"""

import argparse
import contextlib
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import print_table  # noqa: E402
from scale_stock_db import vacuum_analyze  # noqa: E402
from scale_tools import (  # noqa: E402
    big_tables,
    capture_queries,
    explain_queries,
    fmt,
    form_field,
    list_specification,
    make_users,
    plan_facts,
    shorten,
    stats,
    timed_call,
)

import odoo  # noqa: E402
from odoo import SUPERUSER_ID, api  # noqa: E402
from odoo.tools.safe_eval import safe_eval  # noqa: E402

LIMIT = 8  # the web client asks searchLimit + 1 = 8 suggestions
PAGE = 80
COUNT_LIMIT = 10_001  # the web client's list: DEFAULT_COUNT_LIMIT + 1

# Where the web client asks for a customer, and as whom. The addon's
# fields (work order, assign dialog) do not exist without the addon: there
# the stock database gets the same request with its fleet customer filter
# replaced by "is a company" (the same partners in this data set).
CONTEXTS = [
    # label, model, form view, field, form context, user, stock equivalent
    (
        "quotation customer",
        "sale.order",
        "sale.view_order_form",
        "partner_id",
        {},
        "scale_salesman",
        "same field",
    ),
    (
        "invoice customer",
        "account.move",
        "account.view_move_form",
        "partner_id",
        {"default_move_type": "out_invoice"},
        "scale_accountant",
        "same field",
    ),
    (
        "work order customer",
        "maintenance.request",
        "maintenance.hr_equipment_request_view_form",
        "fleet_customer_id",
        {},
        "scale_technician",
        "same request, is_company instead of is_fleet_customer",
    ),
    (
        "assign dialog customer",
        "fleet.asset.assign.wizard",
        "fleet_customers.fleet_asset_assign_wizard_view_form",
        "partner_id",
        {},
        "scale_fleet_admin",
        "same request, is_company instead of is_fleet_customer",
    ),
    (
        "task customer (stock field)",
        "project.task",
        "project.view_task_form2",
        "partner_id",
        {},
        "scale_technician",
        "same field",
    ),
]

ONE_CHAR = list("aeiourntslmcdh1234567")
TWO_CHARS = [
    "at",
    "in",
    "er",
    "Mi",
    "Li",
    "Hi",
    "ra",
    "on",
    "12",
    "34",
    "56",
    "78",
    "90",
    "Ro",
    "Gr",
    "Pa",
    "Qu",
    "Se",
    "Fo",
    "Ag",
]
THREE_CHARS = [
    "Atl",
    "Min",
    "Hir",
    "Ren",
    "Gro",
    "Ser",
    "Equ",
    "Con",
    "Pav",
    "Mar",
    "123",
    "456",
    "789",
    "Lyo",
    "Ade",
    "Dar",
    "Tul",
    "Cal",
    "For",
    "Uni",
]
COMMON_NAMES = [
    "Mining",
    "Rentals",
    "Atlas",
    "Hire",
    "Quarry",
    "Pioneer",
    "Logistics",
    "Harbour",
    "Equipment",
    "Granite",
]


def cycle(values, runs):
    return [values[i % len(values)] for i in range(runs)]


def sample_customers(cr, runs):
    """``runs`` generated customers spread over the data: (id, name, ref).
    Their numbers have as many digits as the largest (10,000 and up of
    100,000; 1,000 and up of 10,000), so that a name's "Hire 81234" is no
    prefix of another customer's."""
    cr.execute(
        """
        WITH generated AS (
            SELECT id, name, ref, substr(ref, 4)::int AS num FROM res_partner
             WHERE is_fleet_customer AND ref LIKE 'SC-%%')
        SELECT id, name, ref FROM generated
         WHERE num >= (SELECT max(num) FROM generated) / 10
         ORDER BY (num * 4099) %% 100003
         LIMIT %s
        """,
        [runs],
    )
    return cr.fetchall()


def name_search_terms(cr, runs):
    """{term class: [runs terms]}: ordinary partners by a contact's name, an
    email, a customer's name or number, common and rare, and 1 to 3
    characters."""
    customers = sample_customers(cr, runs)
    return {
        "contact name, common": cycle(
            ["Contact 1", "Contact 2", "Contact", "ontact 1", "ontact 2"], runs
        ),
        "contact name, rare": [
            f"Contact {1 + i % 2} {cid}" for i, (cid, __, __) in enumerate(customers)
        ],
        "email, common": cycle(
            ["@customer.example", "customer.exa", "office", "contact1.", "example"],
            runs,
        ),
        "email, rare": [
            f"contact{1 + i % 2}.{cid}@" for i, (cid, __, __) in enumerate(customers)
        ],
        "customer name, common": cycle(COMMON_NAMES, runs),
        # "Hire 81234": suffix and number, one customer (and its contacts).
        "customer name, rare": [
            " ".join(name.split()[-2:]) for __, name, __ in customers
        ],
        "customer number, common": cycle([f"SC-00{d}" for d in range(10)], runs),
        "customer number, rare": [ref for __, __, ref in customers],
        "1 character": cycle(ONE_CHAR, runs),
        "2 characters": cycle(TWO_CHARS, runs),
        "3 characters": cycle(THREE_CHARS, runs),
    }


def stock_domain(domain):
    """The addon's fleet customer filter as stock Odoo can say it."""
    return [
        ("is_company", "=", True)
        if isinstance(leaf, list | tuple) and leaf[0] == "is_fleet_customer"
        else leaf
        for leaf in domain
    ]


class Side:
    """One database: its cursor, superuser environment and users."""

    def __init__(self, label, registry, stack):
        self.label = label
        self.cr = stack.enter_context(registry.cursor())
        stack.callback(self.cr.rollback)
        self.env = api.Environment(
            self.cr,
            SUPERUSER_ID,
            {"tracking_disable": True, "mail_create_nolog": True},
        )
        self.users = make_users(self.env)
        self.big = big_tables(self.cr)


def dropdown_requests(addon, stock):
    """{context label: {side label: (user env, model env, domain)}}."""
    requests = {}
    for label, model, view, fname, form_ctx, login, __ in CONTEXTS:
        user_env = addon.users[login]
        domain, field_ctx = form_field(user_env, model, view, fname, form_ctx)
        ctx = {**form_ctx, **field_ctx}
        requests[label] = {"addon": (user_env, ctx, domain)}
        stock_env = stock.users[login]
        if model in stock_env.registry and fname in stock_env[model]._fields:
            domain, field_ctx = form_field(stock_env, model, view, fname, form_ctx)
            requests[label]["stock"] = (stock_env, {**form_ctx, **field_ctx}, domain)
        else:
            requests[label]["stock"] = (stock_env, ctx, stock_domain(domain))
    return requests


def name_search(user_env, ctx, domain, term):
    Partner = user_env["res.partner"].with_context(**ctx)
    return lambda: Partner.name_search(
        name=term, args=domain, operator="ilike", limit=LIMIT
    )


def measure_dropdowns(addon, stock, runs, plans_out):
    requests = dropdown_requests(addon, stock)
    terms = name_search_terms(addon.cr, runs)
    rows = []
    for label, __, __, __, __, login, equivalent in CONTEXTS:
        sides = requests[label]
        print(
            f"\n{label} ({login}): addon domain {sides['addon'][2]}, context "
            f"{sides['addon'][1]}; stock domain {sides['stock'][2]} ({equivalent})",
            flush=True,
        )
        for term_class, class_terms in terms.items():
            rows.append(
                _dropdown_row(
                    addon, stock, sides, label, term_class, class_terms, plans_out
                )
            )
    return rows


def _dropdown_row(addon, stock, sides, label, term_class, terms, plans_out):
    times = {"addon": [], "stock": []}
    queries = {"addon": [], "stock": []}
    found = {"addon": [], "stock": []}
    for side in ("addon", "stock"):  # warm-up: registry caches, plans
        user_env, ctx, domain = sides[side]
        timed_call(user_env, name_search(user_env, ctx, domain, terms[0]))
    for i, term in enumerate(terms):
        order = ("addon", "stock") if i % 2 == 0 else ("stock", "addon")
        for side in order:
            user_env, ctx, domain = sides[side]
            ms, count, result = timed_call(
                user_env, name_search(user_env, ctx, domain, term)
            )
            times[side].append(ms)
            queries[side].append(count)
            found[side].append(len(result))
    facts = {}
    for side, db in (("addon", addon), ("stock", stock)):
        user_env, ctx, domain = sides[side]
        with capture_queries() as captured:
            timed_call(user_env, name_search(user_env, ctx, domain, terms[0]))
        plans = explain_queries(captured, top=2)
        facts[side] = plan_facts([plan for __, plan, __ in plans], db.big)
        write_plans(
            plans_out,
            f"name_search, {label}, {term_class}, {side} ({terms[0]!r})",
            plans,
        )
    add_med, add_p95 = stats(times["addon"])
    stock_med, stock_p95 = stats(times["stock"])
    row = (
        label,
        term_class,
        fmt(add_med),
        fmt(add_p95),
        f"{min(queries['addon'])}-{max(queries['addon'])}",
        fmt(stock_med),
        fmt(stock_p95),
        f"{add_med / stock_med:.2f}",
        facts["addon"][1],
        facts["stock"][1],
        f"{sum(found['addon']) / len(terms):.1f}",
    )
    print("  " + " | ".join(row[1:]), flush=True)
    return row


def write_plans(out, title, plans):
    if not out:
        return
    out.write(f"\n### {title}\n")
    for ms, plan, query in plans:
        out.write(f"\n{ms:.1f} ms: {shorten(query, 1500)}\n\n```\n{plan}\n```\n")
    out.flush()


# ----------------------------------------------------------------------
# The list page
# ----------------------------------------------------------------------


def list_request(side, login, action_xmlid, view_xmlid, extra_fields=()):
    user_env = side.users[login]
    action = side.env.ref(action_xmlid)
    domain = safe_eval(action.domain or "[]", {"uid": user_env.uid})
    ctx = {
        **user_env.context,
        **safe_eval(action.context or "{}", {"uid": user_env.uid}),
        "bin_size": True,
    }
    spec = list_specification(user_env, "res.partner", view_xmlid)
    added = []
    for fname in extra_fields:
        if fname not in spec and fname in user_env["res.partner"]._fields:
            spec[fname] = {}
            added.append(fname)
    return user_env, ctx, domain, spec, added


def web_search_read(user_env, ctx, domain, spec, offset):
    Partner = user_env["res.partner"].with_context(**ctx)
    return lambda: Partner.web_search_read(
        domain, spec, offset=offset, limit=PAGE, order="", count_limit=COUNT_LIMIT
    )


def measure_list(addon, stock, runs, plans_out):
    sides = {
        "addon": list_request(
            addon,
            "scale_office",
            "fleet_customers.res_partner_fleet_customer_action",
            "fleet_customers.res_partner_fleet_customer_view_list",
            extra_fields=("fleet_asset_count",),
        ),
        "stock": list_request(
            stock,
            "scale_office",
            "contacts.action_contacts",
            "base.view_partner_tree",
        ),
    }
    for side, (__, __, domain, spec, added) in sides.items():
        print(f"\n{side} list: domain {domain}, specification {sorted(spec)}")
        if added:
            print(f"  (not in the list view, added as the asset column: {added})")
    times = {"addon": [], "stock": []}
    queries = {"addon": [], "stock": []}
    lengths = {}
    # Warm-up: every measured page once, on both sides. Measured right
    # after the dropdowns, whose searches fill PostgreSQL's shared buffers
    # with partners, the first pass read the addon's orders, invoices and
    # assignments back from the OS cache (1.7 ms more SQL a page than alone,
    # the same Python; bench/RESULTS.md): that measured the order of this
    # script, not the list. Stock's page reads partners only, already warm.
    # Printed all the same, as the first pass.
    first = {"addon": [], "stock": []}
    for i in range(runs):
        for side in ("addon", "stock"):
            user_env, ctx, domain, spec, __ = sides[side]
            ms, __, __ = timed_call(
                user_env, web_search_read(user_env, ctx, domain, spec, i * PAGE)
            )
            first[side].append(ms)
    first_addon, first_stock = stats(first["addon"])[0], stats(first["stock"])[0]
    print(
        f"first pass (the warm-up): addon {fmt(first_addon)} ms, stock "
        f"{fmt(first_stock)} ms, ratio {first_addon / first_stock:.2f}"
    )
    for i in range(runs):
        order = ("addon", "stock") if i % 2 == 0 else ("stock", "addon")
        for side in order:
            user_env, ctx, domain, spec, __ = sides[side]
            ms, count, result = timed_call(
                user_env, web_search_read(user_env, ctx, domain, spec, i * PAGE)
            )
            assert len(result["records"]) == PAGE, result["length"]
            times[side].append(ms)
            queries[side].append(count)
            lengths[side] = result["length"]
    rows = []
    facts = {}
    for side, db in (("addon", addon), ("stock", stock)):
        user_env, ctx, domain, spec, __ = sides[side]
        with capture_queries() as captured:
            timed_call(user_env, web_search_read(user_env, ctx, domain, spec, 0))
        plans = explain_queries(captured, top=4)
        facts[side] = plan_facts([plan for __, plan, __ in plans], db.big)
        write_plans(plans_out, f"list page, {side} (page 1)", plans)
    for side in ("addon", "stock"):
        med, p95 = stats(times[side])
        rows.append(
            (
                "Customers app list" if side == "addon" else "stock Contacts list",
                fmt(med),
                fmt(p95),
                f"{min(queries[side])}-{max(queries[side])}",
                f"{lengths[side]:,}",
                facts[side][0],
                facts[side][1],
            )
        )
    ratio = stats(times["addon"])[0] / stats(times["stock"])[0]
    search_panel = measure_search_panel(sides["addon"], runs)
    return rows, ratio, search_panel


def measure_search_panel(addon_side, runs):
    """What the Customers app asks besides the list: its side panel, with
    counters (segments, tags)."""
    user_env, ctx, domain, __, __ = addon_side
    Partner = user_env["res.partner"].with_context(**ctx)
    kwargs = {
        "category_domain": [],
        "enable_counters": True,
        "expand": False,
        "filter_domain": [],
        "limit": 200,
        "search_domain": domain,
    }

    def call():
        Partner.search_panel_select_range("fleet_segment_id", **kwargs)
        Partner.search_panel_select_multi_range(
            "category_id", **{**kwargs, "group_domain": {}}
        )

    timed_call(user_env, call)
    times, queries = [], []
    for __ in range(runs):
        ms, count, __ = timed_call(user_env, call)
        times.append(ms)
        queries.append(count)
    med, p95 = stats(times)
    return fmt(med), fmt(p95), f"{min(queries)}-{max(queries)}"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--stock-database", required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--plans-file", help="write the EXPLAIN plans there")
    parser.add_argument(
        "--only", choices=("dropdowns", "list"), help="run one of the two measures"
    )
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    # Both sides as autovacuum would leave them: bench/scale.py's operations
    # (10,000 assignments, a 20,000-record cascade) are rolled back, but
    # their dead rows stay in the addon's database, and this server may run
    # without autovacuum: index-only scans then visit the table again.
    for name in (args.database, args.stock_database):
        start = time.perf_counter()
        vacuum_analyze(name)
        print(f"{name}: VACUUM ANALYZE {time.perf_counter() - start:.0f} s", flush=True)
    registries = {
        name: odoo.modules.registry.Registry(name)
        for name in (args.database, args.stock_database)
    }
    plans_out = open(args.plans_file, "w") if args.plans_file else None  # noqa: SIM115
    with contextlib.ExitStack() as stack:
        if plans_out:
            stack.enter_context(plans_out)
        addon = Side("addon", registries[args.database], stack)
        stock = Side("stock", registries[args.stock_database], stack)
        if args.only != "list":
            rows = measure_dropdowns(addon, stock, args.runs, plans_out)
            print_table(
                f"Customer dropdowns: name_search(limit={LIMIT}) as the web client "
                f"asks it, {args.runs} terms per row, ms (addon: {args.database}, "
                f"stock: {args.stock_database})",
                (
                    "context",
                    "terms",
                    "addon median",
                    "addon p95",
                    "addon queries",
                    "stock median",
                    "stock p95",
                    "addon/stock",
                    "addon seq scans",
                    "stock seq scans",
                    "found",
                ),
                rows,
            )
        if args.only != "dropdowns":
            rows, ratio, panel = measure_list(addon, stock, args.runs, plans_out)
            print_table(
                f"One page of {PAGE} ({args.runs} pages, 1 to {args.runs}): "
                "web_search_read as the web client asks it, ms",
                (
                    "list",
                    "median",
                    "p95",
                    "queries per call",
                    "count",
                    "indexes",
                    "seq scans on big tables",
                ),
                rows,
            )
            print(f"\nratio addon / stock (medians): {ratio:.2f}")
            print(
                "Customers app search panel (segments and tags with counters): "
                f"median {panel[0]} ms, p95 {panel[1]} ms, queries {panel[2]}"
            )


if __name__ == "__main__":
    main()
