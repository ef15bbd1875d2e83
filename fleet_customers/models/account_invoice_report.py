from odoo import fields, models
from odoo.tools import SQL


class AccountInvoiceReport(models.Model):
    _inherit = "account.invoice.report"

    fleet_business_unit_id = fields.Many2one(
        "fleet.business.unit", string="Business Unit", readonly=True
    )
    fleet_segment_id = fields.Many2one(
        "fleet.customer.segment", string="Customer Segment", readonly=True
    )

    def _select(self) -> SQL:
        return SQL(
            "%s, move.fleet_business_unit_id AS fleet_business_unit_id, "
            "commercial_partner.fleet_segment_id AS fleet_segment_id",
            super()._select(),
        )
