from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import create_index

# The customers' unpaid invoices (overdue and awaiting payment columns of the
# Customers list, see res_partner_money.py), the predicate written as the
# ORM writes their domain so that PostgreSQL can prove the index applies.
OPEN_INVOICE_INDEX = "account_move_fleet_open_invoice_index"
OPEN_INVOICE_PREDICATE = (
    "state = 'posted' AND move_type IN ('out_invoice', 'out_refund')"
    " AND payment_state IN ('not_paid', 'partial')"
)


class AccountMove(models.Model):
    _inherit = "account.move"

    fleet_business_unit_id = fields.Many2one(
        "fleet.business.unit",
        string="Business Unit",
        compute="_compute_fleet_business_unit_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        domain="[('partner_id', '=', commercial_partner_id)]",
        help="The business unit of the fleet customer this invoice is for. "
        "Filled in when the customer has exactly one.",
    )
    fleet_segment_id = fields.Many2one(
        related="commercial_partner_id.fleet_segment_id",
        string="Customer Segment",
        store=True,
    )

    def init(self):
        res = super().init()
        # Odoo has no index on commercial_partner_id: the money columns of a
        # page of 80 customers scanned all invoices (200,000 at 100,000
        # customers). Open invoices only: a small index, and the one the
        # columns read.
        create_index(
            self.env.cr,
            OPEN_INVOICE_INDEX,
            self._table,
            ["commercial_partner_id", "invoice_date_due"],
            where=OPEN_INVOICE_PREDICATE,
        )
        return res

    @api.depends("commercial_partner_id")
    def _compute_fleet_business_unit_id(self):
        sale_documents = self.filtered(
            lambda m: m.is_sale_document(include_receipts=True)
        )
        single = self.env["fleet.business.unit"]._single_unit_by_customer(
            sale_documents.commercial_partner_id
        )
        for move in self:
            if move.fleet_business_unit_id.partner_id != move.commercial_partner_id:
                move.fleet_business_unit_id = (
                    move in sale_documents and single.get(move.commercial_partner_id.id)
                ) or False

    @api.constrains("fleet_business_unit_id", "commercial_partner_id")
    def _check_fleet_business_unit(self):
        for move in self:
            unit = move.fleet_business_unit_id
            if unit and unit.sudo().partner_id != move.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Business unit %(unit)s belongs to %(owner)s, "
                        "not to %(customer)s, "
                        "the customer of %(move)s: choose one of its business units.",
                        unit=unit.sudo().display_name,
                        owner=unit.sudo().partner_id.display_name,
                        customer=move.commercial_partner_id.display_name,
                        move=move.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        moves.filtered(
            lambda m: m.is_sale_document(include_receipts=True)
        ).commercial_partner_id.sudo(False)._fleet_check_active_customer(
            self.env._("an invoice")
        )
        return moves
