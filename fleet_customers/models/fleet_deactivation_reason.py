from odoo import fields, models


class FleetDeactivationReason(models.Model):
    _name = "fleet.deactivation.reason"
    _description = "Why a Fleet Customer Was Deactivated"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
