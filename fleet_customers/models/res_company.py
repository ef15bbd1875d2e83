from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    fleet_customer_ref_required = fields.Boolean(
        string="Customer Number Required",
        default=True,
        help="Fleet customers of this company must have a customer number "
        "(the number of the customer in your dealer management system).",
    )
    fleet_contract_reminder_days = fields.Integer(
        string="Contract Reminder (Days)",
        default=30,
        help="How many days before a contract ends its responsible gets a reminder activity.",
    )
