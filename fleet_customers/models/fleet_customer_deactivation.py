from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL, format_datetime

from .fleet_customer_deactivation_line import LINE_KINDS, value_key

OPEN_WORK_POLICIES = [
    ("cancel", "Cancel them"),
    ("activity", "Leave them open and notify their responsible"),
]


class FleetCustomerDeactivation(models.Model):
    """One deactivation of fleet customers: who, when, why, and every record
    it changed with the value it had before (the lines), so that a
    reactivation can put back exactly what this deactivation changed.

    Written by the deactivation and the reactivation only (no group may
    create, change or delete one): the history outlives the reactivation.
    """

    _name = "fleet.customer.deactivation"
    _description = "Deactivation of Fleet Customers"
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_ids = fields.Many2many(
        "res.partner",
        "fleet_customer_deactivation_partner_rel",
        "deactivation_id",
        "partner_id",
        string="Customers",
        readonly=True,
        # The customers are archived while the deactivation holds.
        context={"active_test": False},
    )
    reason_id = fields.Many2one(
        "fleet.deactivation.reason",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    comment = fields.Text(readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Deactivated By", required=True, readonly=True
    )
    date = fields.Datetime(string="Deactivated On", required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    open_work_policy = fields.Selection(
        OPEN_WORK_POLICIES,
        string="Open Work Orders and Tasks",
        readonly=True,
        help="What this deactivation did to open work orders and tasks, as the "
        "company's setting said at the time.",
    )
    state = fields.Selection(
        [("done", "Deactivated"), ("reactivated", "Reactivated")],
        default="done",
        required=True,
        readonly=True,
    )
    reactivated_by_id = fields.Many2one("res.users", readonly=True)
    reactivated_on = fields.Datetime(readonly=True)
    work_restored = fields.Boolean(
        readonly=True,
        help="The reactivation put contracts, work orders and tasks back as they "
        "were, except those changed since.",
    )
    line_ids = fields.One2many(
        "fleet.customer.deactivation.line",
        "deactivation_id",
        string="Changed Records",
        readonly=True,
    )
    site_count = fields.Integer(string="Sites", compute="_compute_counts")
    contract_count = fields.Integer(string="Contracts", compute="_compute_counts")
    work_order_count = fields.Integer(string="Work Orders", compute="_compute_counts")
    task_count = fields.Integer(string="Tasks", compute="_compute_counts")

    def _compute_counts(self):
        counts = {
            (deactivation, kind): count
            for deactivation, kind, count in self.env[
                "fleet.customer.deactivation.line"
            ]._read_group(
                [("deactivation_id", "in", self.ids)],
                ["deactivation_id", "kind"],
                ["__count"],
            )
        }
        for deactivation in self:
            for kind in ("site", "contract", "work_order", "task"):
                deactivation[f"{kind}_count"] = counts.get((deactivation, kind), 0)

    @api.depends("date", "user_id", "reason_id")
    def _compute_display_name(self):
        for deactivation in self:
            deactivation.display_name = self.env._(
                "%(date)s by %(user)s: %(reason)s",
                date=format_datetime(self.env, deactivation.date),
                user=deactivation.user_id.name,
                reason=deactivation.reason_id.name,
            )

    # (scope key of res.partner._fleet_deactivation_scope, line kind, the
    # field naming the record's customer)
    _FLEET_SCOPE = [
        ("sites", "site", "parent_id"),
        ("contracts", "contract", "partner_id"),
        ("work_orders", "work_order", "fleet_customer_id"),
        ("tasks", "task", "partner_id"),
    ]

    def _fleet_record_lines(self, scope, cancel_stage):
        """One line per record the deactivation is about to change, with
        its value before and the value the deactivation sets (written by
        the deactivation only: the caller checked the role and companies)."""
        self.ensure_one()
        sets = {
            "site": "0",
            "contract": "cancelled",
            "work_order": str(cancel_stage.id or ""),
            "task": "1_canceled",
        }
        columns = defaultdict(list)
        for key, kind, customer_field in self._FLEET_SCOPE:
            records = scope.get(key)
            if not records:
                continue
            model, fname = LINE_KINDS[kind]
            records.fetch([fname, customer_field])
            for record in records:
                columns["customer_id"].append(
                    record[customer_field].commercial_partner_id.id
                )
                columns["kind"].append(kind)
                columns["res_model"].append(model)
                columns["res_id"].append(record.id)
                columns["previous_value"].append(value_key(record, fname))
                columns["new_value"].append(sets[kind])
        if not columns:
            return
        # One statement for all lines: the ORM inserts 100 rows a query and
        # then updates their stored related company, which made the cascade
        # grow with its size (tests/test_deactivation.py, bench/RESULTS.md).
        # The table is this model's own trail; nothing depends on it.
        Line = self.env["fleet.customer.deactivation.line"]
        Line.flush_model()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO fleet_customer_deactivation_line (
                    deactivation_id, company_id, customer_id, kind, res_model,
                    res_id, previous_value, new_value,
                    create_uid, create_date, write_uid, write_date
                )
                SELECT %(deactivation)s, %(company)s, line.customer_id, line.kind,
                       line.res_model, line.res_id, line.previous_value,
                       line.new_value, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(
                       %(customer_id)s::int[], %(kind)s::varchar[],
                       %(res_model)s::varchar[], %(res_id)s::int[],
                       %(previous_value)s::varchar[], %(new_value)s::varchar[]
                  ) AS line(customer_id, kind, res_model, res_id, previous_value,
                            new_value)
                """,
                deactivation=self.id,
                company=self.company_id.id,
                uid=self.env.uid,
                now=self.env.cr.now(),
                **columns,
            )
        )
        self.invalidate_recordset(["line_ids"])

    def _fleet_counts_by_customer(self):
        """{customer id: {kind: number of lines}}, one grouped query."""
        counts = defaultdict(lambda: defaultdict(int))
        for customer, kind, count in (
            self.env["fleet.customer.deactivation.line"]
            .sudo()
            ._read_group(
                [("deactivation_id", "in", self.ids)],
                ["customer_id", "kind"],
                ["__count"],
            )
        ):
            counts[customer.id][kind] = count
        return counts
