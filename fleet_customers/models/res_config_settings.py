from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fleet_customer_ref_required = fields.Boolean(
        related="company_id.fleet_customer_ref_required",
        readonly=False,
    )
    fleet_contract_reminder_days = fields.Integer(
        related="company_id.fleet_contract_reminder_days",
        readonly=False,
    )
    fleet_geofence_hysteresis = fields.Integer(
        related="company_id.fleet_geofence_hysteresis",
        readonly=False,
    )
    fleet_geofence_all_sites = fields.Boolean(
        related="company_id.fleet_geofence_all_sites",
        readonly=False,
    )
    fleet_open_work_policy = fields.Selection(
        related="company_id.fleet_open_work_policy",
        readonly=False,
    )
