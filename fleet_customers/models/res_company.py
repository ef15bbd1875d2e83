from odoo import fields, models

from .fleet_customer_deactivation import OPEN_WORK_POLICIES


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
        help="How many days before a contract ends its responsible gets a reminder "
        "activity.",
    )
    fleet_geofence_hysteresis = fields.Integer(
        string="Geofence Hysteresis (m)",
        default=50,
        help="An asset inside a site's geofence leaves it only once a reading is "
        "more than this distance outside: GPS jitter at the border raises no events.",
    )
    fleet_geofence_all_sites = fields.Boolean(
        string="Site Events on Every Site",
        help="Raise site events when an asset enters or leaves any customer's site, "
        "not only the sites of the customer holding it.",
    )
    fleet_open_work_policy = fields.Selection(
        OPEN_WORK_POLICIES,
        string="Open Work on Deactivation",
        default="cancel",
        required=True,
        help="What deactivating a customer does to its open work orders and "
        "tasks: cancel them, or leave them open and give their responsible an "
        "activity to decide.",
    )
