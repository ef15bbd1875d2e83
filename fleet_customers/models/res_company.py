from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    fleet_customer_ref_required = fields.Boolean(
        string="Customer Number Required",
        default=True,
        help="Fleet customers of this company must have a customer number "
        "(the number of the customer in your dealer management system).",
    )
