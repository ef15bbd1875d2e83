from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fleet_customer_ref_required = fields.Boolean(
        related="company_id.fleet_customer_ref_required",
        readonly=False,
    )
