from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

CONTRACT_STATES = [
    ("draft", "Draft"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("cancelled", "Cancelled"),
]


class FleetCustomerContract(models.Model):
    _name = "fleet.customer.contract"
    _description = "Fleet Customer Contract"
    _inherit = ["mail.thread", "mail.activity.mixin", "fleet.portal.mixin"]
    _order = "date_start desc, id desc"
    # The customer's portal users see their contracts, not who runs them
    # internally nor the internal note.
    _fleet_portal_fields = frozenset(
        {
            "id",
            "display_name",
            "name",
            "partner_id",
            "contract_type",
            "membership_level_id",
            "date_start",
            "date_end",
            "state",
            "site_ids",
            "equipment_ids",
            "company_id",
        }
    )
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        copy=False,
        readonly=True,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain=[("is_fleet_customer", "=", True)],
        check_company=True,
    )
    site_ids = fields.Many2many(
        "res.partner",
        "fleet_customer_contract_site_rel",
        "contract_id",
        "site_id",
        string="Sites",
        domain="[('parent_id', '=', partner_id), ('type', '=', 'fleet_site')]",
        check_company=True,
    )
    equipment_ids = fields.Many2many(
        "maintenance.equipment",
        string="Covered Equipment",
        domain="[('fleet_customer_id', '=', partner_id)]",
        check_company=True,
    )
    contract_type = fields.Selection(
        [("service", "Service agreement"), ("membership", "Membership")],
        string="Type",
        required=True,
        default="service",
        tracking=True,
    )
    membership_level_id = fields.Many2one(
        "fleet.membership.level",
        tracking=True,
    )
    date_start = fields.Date(
        string="Start Date",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_end = fields.Date(string="End Date", tracking=True)
    state = fields.Selection(
        CONTRACT_STATES,
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
    )
    note = fields.Html()
    expiry_reminded = fields.Boolean(
        copy=False,
        help="Technical: the responsible was reminded of the coming end.",
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end and contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s cannot end on %(end)s, "
                        "before it starts on %(start)s.",
                        contract=contract.name,
                        end=format_date(self.env, contract.date_end),
                        start=format_date(self.env, contract.date_start),
                    )
                )

    @api.constrains("contract_type", "membership_level_id")
    def _check_membership_level(self):
        for contract in self:
            if (
                contract.contract_type == "membership"
                and not contract.membership_level_id
            ):
                raise ValidationError(
                    self.env._(
                        "Choose the membership level of "
                        "membership contract %(contract)s.",
                        contract=contract.name,
                    )
                )

    @api.constrains("partner_id", "site_ids")
    def _check_sites(self):
        for contract in self:
            if contract.site_ids - contract.partner_id.fleet_site_ids:
                raise ValidationError(
                    self.env._(
                        "The sites of contract %(contract)s "
                        "must be sites of %(customer)s.",
                        contract=contract.name,
                        customer=contract.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env["res.partner"].browse(
            [vals["partner_id"] for vals in vals_list if vals.get("partner_id")]
        )._fleet_check_active_customer(self.env._("a contract"))
        for vals in vals_list:
            if not vals.get("name") or vals["name"] == self.env._("New"):
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("fleet.customer.contract")
                    or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("partner_id"):
            self.env["res.partner"].browse(
                vals["partner_id"]
            )._fleet_check_active_customer(self.env._("a contract"))
        if "date_end" in vals:
            vals["expiry_reminded"] = False
        return super().write(vals)

    def action_activate(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(self.env._("Only draft contracts can be activated."))
        self._fleet_check_active_partners()
        self.state = "active"

    def action_cancel(self):
        self.filtered(lambda c: c.state in ("draft", "active")).state = "cancelled"

    def action_draft(self):
        self._fleet_check_active_partners()
        self.filtered(lambda c: c.state == "cancelled").state = "draft"

    def _fleet_check_active_partners(self):
        self.partner_id._fleet_check_active_customer(self.env._("a contract"))

    @api.model
    def _cron_expire_and_remind(self):
        """Daily: expire active contracts past their end date, and remind
        the responsible a configurable number of days before the end."""
        today = fields.Date.context_today(self)
        self.search([("state", "=", "active"), ("date_end", "<", today)]).write(
            {"state": "expired"}
        )
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        for company in self.env["res.company"].search([]):
            horizon = today + timedelta(days=company.fleet_contract_reminder_days)
            contracts = self.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "active"),
                    ("expiry_reminded", "=", False),
                    ("date_end", "!=", False),
                    ("date_end", "<=", horizon),
                ]
            )
            for contract in contracts:
                kind = (
                    self.env._("Membership")
                    if contract.contract_type == "membership"
                    else self.env._("Service agreement")
                )
                contract.activity_schedule(
                    activity_type_id=todo_type.id,
                    date_deadline=contract.date_end,
                    summary=self.env._(
                        "%(kind)s of %(customer)s expires on %(date)s",
                        kind=kind,
                        customer=contract.partner_id.display_name,
                        date=format_date(self.env, contract.date_end),
                    ),
                    user_id=contract.user_id.id or self.env.uid,
                )
            contracts.expiry_reminded = True
