from odoo import fields, models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    fleet_show_on_field_work = fields.Boolean(
        string="Show on Work Orders and Tasks",
        help="Attachments of a fleet customer with this flag (site plans, safety "
        "rules) are shown on the customer's work orders and tasks.",
    )
    fleet_show_on_portal = fields.Boolean(
        string="Show to the Customer",
        help="Documents of an asset with this flag (manuals, certificates) can be "
        "downloaded by the holder's contacts on the asset's page of the customer "
        "portal.",
    )
