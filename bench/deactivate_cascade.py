"""Deactivate one customer with 100 and then 5,000 linked sites, contracts,
work orders and tasks (each), then reactivate it with its work put back;
and, on a second identical customer, the same with the raw-SQL cascade of
version 18.0.1.1.0, kept here as the reference (``reference_deactivate``,
``reference_reactivate``). Report SQL queries and time of each, and the
ratio of the deactivations' times.

The addon's cascade goes through each model's write (overrides, automation
rules) and leaves a trail: a line per changed record, and a note on each
carrying Odoo's tracking values. Both cascades are called as the wizards
call them, in a user's context (Odoo's tracking on). Queries may grow with
N / 1,000 (batches), not with N.

Usage: python bench/deactivate_cascade.py --config CONF --database DB
(`make bench` runs it on a scratch database).
"""

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import Measure, odoo_env, parse_args, print_table  # noqa: E402
from markupsafe import Markup  # noqa: E402

from odoo import fields  # noqa: E402
from odoo.exceptions import AccessError, UserError  # noqa: E402
from odoo.tools import SQL  # noqa: E402

SIZES = (100, 5_000)
KINDS = ("sites", "contracts", "work_orders", "tasks")


def customer_with(env, size, project, label):
    customer = env["res.partner"].create(
        {
            "name": f"Bench cascade {size} {label}",
            "ref": f"CASCADE-{size}-{label}",
            "is_fleet_customer": True,
            "is_company": True,
        }
    )
    env["res.partner"].create(
        [
            {"name": f"Site {i}", "parent_id": customer.id, "type": "fleet_site"}
            for i in range(size)
        ]
    )
    contracts = env["fleet.customer.contract"].create(
        [{"partner_id": customer.id} for _ in range(size)]
    )
    contracts.write({"state": "active"})
    env["maintenance.request"].create(
        [
            {"name": f"Work order {i}", "fleet_customer_id": customer.id}
            for i in range(size)
        ]
    )
    env["project.task"].create(
        [
            {"name": f"Task {i}", "project_id": project.id, "partner_id": customer.id}
            for i in range(size)
        ]
    )
    return customer


# ----------------------------------------------------------------------
# Reference: the cascade of fleet_customers 18.0.1.1.0 (commit f565c33),
# copied here and never part of the addon. Four set-based UPDATEs with the
# ORM told afterwards, the customers written by the ORM, one summary note
# per customer; no trail per record. Its trail columns (who, when, why on
# the customer, the "archived by the deactivation" flag on the sites) no
# longer exist: the customer's row is written with its active flag alone
# (the same one UPDATE), and the reactivation finds the archived sites by
# the rest of its old domain.
# ----------------------------------------------------------------------


def reference_scope(customers):
    ids = customers.ids
    env = customers.sudo().env
    cancel_stages = env["maintenance.stage"].search([("fleet_is_cancel", "=", True)])
    return {
        "sites": env["res.partner"].search(
            [
                ("parent_id", "in", ids),
                ("type", "=", "fleet_site"),
                ("active", "=", True),
            ]
        ),
        "contracts": env["fleet.customer.contract"].search(
            [("partner_id", "in", ids), ("state", "in", ("draft", "active"))]
        ),
        "work_orders": env["maintenance.request"].search(
            [
                ("fleet_customer_id", "in", ids),
                ("stage_id.done", "=", False),
                ("stage_id", "not in", cancel_stages.ids),
            ]
        ),
        "tasks": env["project.task"].search(
            [
                ("partner_id", "child_of", ids),
                ("state", "not in", ("1_done", "1_canceled")),
            ]
        ),
    }


def reference_sql_update(env, table, records, values, now, recompute=True):
    if not records:
        return
    if recompute:
        records.fetch(
            [
                name
                for name, field in records._fields.items()
                if field.type == "many2one" and field.store
            ]
        )
    assignments = [
        SQL("%s = %s", SQL.identifier(column), value)
        for column, value in values.items()
    ]
    assignments += [SQL("write_uid = %s", env.uid), SQL("write_date = %s", now)]
    env.cr.execute(
        SQL(
            "UPDATE %s SET %s WHERE id = ANY(%s)",
            SQL.identifier(table),
            SQL(", ").join(assignments),
            records.ids,
        )
    )
    records.invalidate_recordset(list(values) + ["write_uid", "write_date"])
    if recompute:
        records.modified(list(values))
    else:
        env.invalidate_all(flush=False)


def reference_check_scope_companies(customers, scope):
    env = customers.env
    companies = env["res.company"]
    for records in scope.values():
        companies |= records.company_id
    foreign = companies - env.user.company_ids
    if foreign and not env.su:
        raise AccessError("the scope spans companies the user may not work in")


def reference_counts(customers, scope):
    counts = {customer: defaultdict(int) for customer in customers}
    fnames = ("parent_id", "partner_id", "fleet_customer_id", "partner_id")
    for kind, fname in zip(KINDS, fnames, strict=True):
        records = scope[kind]
        for partner, count in records._read_group(
            [("id", "in", records.ids)], [fname], ["__count"]
        ):
            counts[partner.commercial_partner_id][kind] += count
    return counts


def reference_deactivate(customers, reason, comment=False):
    env = customers.env
    customers._fleet_check_service_manager()
    customers.check_access("write")
    if customers.filtered(lambda p: not p.is_fleet_customer or not p.active):
        raise UserError("not an active fleet customer")
    cancel_stage = env["maintenance.stage"].search(
        [("fleet_is_cancel", "=", True)], limit=1
    )
    scope = reference_scope(customers)
    reference_check_scope_companies(customers, scope)
    counts = reference_counts(customers, scope)
    now = fields.Datetime.now()
    with env.cr.savepoint():
        env.flush_all()
        update = reference_sql_update
        update(env, "res_partner", scope["sites"], {"active": False}, now, False)
        update(
            env,
            "fleet_customer_contract",
            scope["contracts"],
            {"state": "cancelled"},
            now,
            recompute=False,
        )
        update(
            env,
            "maintenance_request",
            scope["work_orders"],
            {"stage_id": cancel_stage.id, "kanban_state": "normal", "close_date": None},
            now,
        )
        update(
            env,
            "project_task",
            scope["tasks"],
            {"state": "1_canceled", "date_last_stage_update": now},
            now,
        )
        customers.sudo().write({"active": False})
        bodies = {}
        for customer in customers:
            count = counts[customer]
            body = Markup("<p>%s</p>") % env._(
                "Customer deactivated by %(user)s. Reason: %(reason)s. Archived: "
                "%(sites)s site(s). Cancelled: %(contracts)s contract(s), "
                "%(work_orders)s work order(s), %(tasks)s task(s).",
                user=env.user.name,
                reason=reason.name,
                sites=count["sites"],
                contracts=count["contracts"],
                work_orders=count["work_orders"],
                tasks=count["tasks"],
            )
            if comment:
                body += Markup("<p>%s</p>") % comment
            bodies[customer.id] = body
        customers._message_log_batch(bodies)
        env.flush_all()
    return scope


def reference_reactivate(customers):
    env = customers.env
    customers._fleet_check_service_manager()
    customers = customers.with_context(active_test=False)
    customers.check_access("write")
    if customers.filtered(lambda p: not p.is_fleet_customer or p.active):
        raise UserError("not a deactivated fleet customer")
    sites = customers.search(
        [
            ("parent_id", "in", customers.ids),
            ("type", "=", "fleet_site"),
            ("active", "=", False),
        ]
    )
    site_counts = dict(
        sites.with_context(active_test=False)._read_group(
            [("id", "in", sites.ids)], ["parent_id"], ["__count"]
        )
    )
    with env.cr.savepoint():
        customers.sudo().write({"active": True})
        env.flush_all()
        reference_sql_update(
            env, "res_partner", sites, {"active": True}, fields.Datetime.now(), False
        )
        customers._message_log_batch(
            {
                customer.id: env._(
                    "Customer reactivated by %(user)s; %(sites)s site(s) archived "
                    "by the deactivation are active again. Contracts, work orders "
                    "and tasks cancelled by the deactivation stay cancelled.",
                    user=env.user.name,
                    sites=site_counts.get(customer, 0),
                )
                for customer in customers
            }
        )
        env.flush_all()
    return sites


# ----------------------------------------------------------------------


def new_cascade(customer, reason, size):
    with Measure(customer.env) as deactivate:
        deactivation = customer._fleet_deactivate(reason, "benchmark")
    assert len(deactivation.line_ids) == 4 * size, deactivation
    with Measure(customer.env) as reactivate:
        result = customer._fleet_reactivate(restore_work=True)
    assert len(result["restored"]) == 4 * size, result
    assert not result["changed"], result["changed"]
    return deactivate, reactivate


def reference_cascade(customer, reason, size):
    with Measure(customer.env) as deactivate:
        scope = reference_deactivate(customer, reason, "benchmark")
    assert all(len(scope[kind]) == size for kind in KINDS), scope
    with Measure(customer.env) as reactivate:
        sites = reference_reactivate(customer)
    assert len(sites) == size, sites
    return deactivate, reactivate


def main():
    args = parse_args(__doc__)
    rows = []
    with odoo_env(args) as env:
        project = env["project.project"].create({"name": "Bench cascade"})
        # The data is created with tracking off (odoo_env), to keep the
        # set-up short; the wizard runs in a user's context, tracking on.
        wizard = env(context={})
        variants = (
            ("new", wizard, new_cascade),
            ("reference (raw SQL)", wizard, reference_cascade),
        )
        for label, variant_env, cascade in variants:
            reason = variant_env.ref("fleet_customers.fleet_deactivation_reason_other")
            warm = customer_with(env, 1, project, f"warm-up {label}")
            cascade(warm.with_env(variant_env), reason, 1)
        for size in SIZES:
            measures = {}
            for label, variant_env, cascade in variants:
                reason = variant_env.ref(
                    "fleet_customers.fleet_deactivation_reason_other"
                )
                customer = customer_with(env, size, project, label)
                customer = customer.with_env(variant_env)
                measures[label] = cascade(customer, reason, size)
            reference = measures["reference (raw SQL)"][0].seconds
            for label, (deactivate, reactivate) in measures.items():
                rows.append(
                    (
                        f"{size:,}",
                        label,
                        f"{deactivate.queries:,}",
                        f"{deactivate.seconds:.2f}",
                        f"{reactivate.queries:,}",
                        f"{reactivate.seconds:.2f}",
                        f"{deactivate.seconds / reference:.1f}",
                    )
                )
    print_table(
        "Deactivate / reactivate (work put back) one customer with N sites, "
        "contracts, work orders and tasks each",
        (
            "N each",
            "cascade",
            "deactivate queries",
            "deactivate s",
            "reactivate queries",
            "reactivate s",
            "deactivate / reference",
        ),
        rows,
    )


if __name__ == "__main__":
    main()
