from odoo import fields, models


class FleetMembershipLevel(models.Model):
    _name = "fleet.membership.level"
    _description = "Membership Level of Fleet Customer Contracts"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    color = fields.Integer()
