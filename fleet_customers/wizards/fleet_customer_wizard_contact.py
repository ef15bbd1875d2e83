from odoo import fields, models


class FleetCustomerWizardContact(models.TransientModel):
    _name = "fleet.customer.wizard.contact"
    _description = "Contact entered in the customer creation wizard"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "fleet.customer.wizard",
        required=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    function = fields.Char(string="Job Position")
    email = fields.Char()
    phone = fields.Char()
    mobile = fields.Char()
    fleet_notify_asset_events = fields.Boolean(
        string="Asset Emails",
        help="This person receives an email when assets of the customer are "
        "assigned, unassigned or move.",
    )

    def _partner_values(self):
        self.ensure_one()
        return {
            "type": "contact",
            "name": self.name,
            "function": self.function,
            "email": self.email,
            "phone": self.phone,
            "mobile": self.mobile,
            "fleet_notify_asset_events": self.fleet_notify_asset_events,
        }
