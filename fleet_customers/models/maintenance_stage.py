from odoo import fields, models


class MaintenanceStage(models.Model):
    _inherit = "maintenance.stage"

    fleet_is_cancel = fields.Boolean(
        string="Cancelled Stage",
        help="Work orders of deactivated customers are moved to this stage. "
        "It is neither open nor done.",
    )
