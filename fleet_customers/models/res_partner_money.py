"""The customer's money at a glance: pending quotes, overdue invoices and
what awaits payment, in the current company's currency."""

from collections import defaultdict

from odoo import api, fields, models


class ResPartner(models.Model):
    # One concern per file (see res_partner.py), on purpose.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    fleet_currency_id = fields.Many2one(
        "res.currency", compute="_compute_fleet_currency_id"
    )
    fleet_pending_quote_amount = fields.Monetary(
        string="Pending Quotes",
        compute="_compute_fleet_pending_quote_amount",
        currency_field="fleet_currency_id",
        groups="sales_team.group_sale_salesman",
        help="Quotations in draft or sent, not confirmed nor cancelled.",
    )
    fleet_overdue_amount = fields.Monetary(
        string="Invoices Overdue",
        compute="_compute_fleet_invoice_amounts",
        currency_field="fleet_currency_id",
        groups="account.group_account_invoice",
        help="What is left to pay on posted customer invoices (less credit notes) "
        "whose due date is past.",
    )
    fleet_awaiting_payment_amount = fields.Monetary(
        string="Awaiting Payment",
        compute="_compute_fleet_invoice_amounts",
        currency_field="fleet_currency_id",
        groups="account.group_account_invoice",
        help="What is left to pay on posted customer invoices (less credit notes) "
        "that are not due yet.",
    )

    def action_fleet_open_estimates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action["domain"] = [("partner_id", "child_of", self.id)]
        action["context"] = {"default_partner_id": self.id}
        action["display_name"] = self.env._(
            "Estimates of %(customer)s", customer=self.name
        )
        return action

    def action_fleet_open_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.id),
            ("move_type", "in", ("out_invoice", "out_refund")),
        ]
        action["context"] = {
            "default_move_type": "out_invoice",
            "default_partner_id": self.id,
        }
        action["display_name"] = self.env._(
            "Invoices of %(customer)s", customer=self.name
        )
        return action

    def _fleet_money_domains(self):
        """The records behind each amount, for the computation and for the
        lists the amounts open. Invoices addressed to the customer's
        contacts and addresses count (commercial partner)."""
        today = fields.Date.context_today(self)
        company = self.env.company
        open_invoices = [
            ("commercial_partner_id", "in", self.ids),
            ("company_id", "=", company.id),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
        ]
        return {
            # As invoices: the customer's and its contacts' and addresses'
            # (one sub-select on an indexed column, where child_of walked
            # the partner tree level by level).
            "quotes": [
                ("partner_id.commercial_partner_id", "in", self.ids),
                ("company_id", "=", company.id),
                ("state", "in", ("draft", "sent")),
            ],
            "unpaid": open_invoices,
            "overdue": open_invoices + [("invoice_date_due", "<", today)],
            "awaiting": open_invoices + [("invoice_date_due", ">=", today)],
        }

    @api.depends_context("company")
    def _compute_fleet_currency_id(self):
        self.fleet_currency_id = self.env.company.currency_id

    @api.depends_context("company")
    def _compute_fleet_pending_quote_amount(self):
        # One grouped query for the whole list of customers; quotations in
        # another currency are converted at today's rate.
        company = self.env.company
        today = fields.Date.context_today(self)
        quotes = defaultdict(float)
        for partner, currency, total in self.env["sale.order"]._read_group(
            self._fleet_money_domains()["quotes"],
            ["partner_id", "currency_id"],
            ["amount_total:sum"],
        ):
            if currency != company.currency_id:
                total = currency._convert(total, company.currency_id, company, today)
            quotes[partner.commercial_partner_id.id] += total
        self._fleet_set_amounts("fleet_pending_quote_amount", quotes)

    @api.depends_context("company")
    def _compute_fleet_invoice_amounts(self):
        # amount_residual_signed: company currency, negative on credit notes,
        # what is left after partial payments. Overdue and awaiting in one
        # grouped query, split on the due day here.
        today = fields.Date.context_today(self)
        overdue, awaiting = defaultdict(float), defaultdict(float)
        for customer, due, residual in self.env["account.move"]._read_group(
            self._fleet_money_domains()["unpaid"],
            ["commercial_partner_id", "invoice_date_due:day"],
            ["amount_residual_signed:sum"],
        ):
            if due:
                (overdue if due < today else awaiting)[customer.id] += residual
        self._fleet_set_amounts("fleet_overdue_amount", overdue)
        self._fleet_set_amounts("fleet_awaiting_payment_amount", awaiting)

    def _fleet_set_amounts(self, fname, amounts):
        """Set the computed amounts ({partner id: amount}), rounded as the
        company's currency rounds them: sums of several groups may carry
        float noise (0.1 + 0.2)."""
        currency = self.env.company.currency_id
        self._fleet_set_computed(
            fname, {key: currency.round(amount) for key, amount in amounts.items()}, 0.0
        )

    def _fleet_money_action(self, kind):
        self.ensure_one()
        domain = self._fleet_money_domains()[kind]
        if kind == "quotes":
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "sale.action_quotations_with_onboarding"
            )
            action["context"] = {"default_partner_id": self.id}
        else:
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "account.action_move_out_invoice_type"
            )
            action["context"] = {
                "default_move_type": "out_invoice",
                "default_partner_id": self.id,
            }
        action["domain"] = domain
        action["display_name"] = {
            "quotes": self.env._("Pending Quotes of %(customer)s", customer=self.name),
            "overdue": self.env._(
                "Invoices Overdue of %(customer)s", customer=self.name
            ),
            "awaiting": self.env._(
                "Awaiting Payment from %(customer)s", customer=self.name
            ),
        }[kind]
        return action

    def action_fleet_open_pending_quotes(self):
        return self._fleet_money_action("quotes")

    def action_fleet_open_overdue_invoices(self):
        return self._fleet_money_action("overdue")

    def action_fleet_open_awaiting_invoices(self):
        return self._fleet_money_action("awaiting")
