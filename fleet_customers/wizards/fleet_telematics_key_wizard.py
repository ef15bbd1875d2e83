from odoo import fields, models


class FleetTelematicsKeyWizard(models.TransientModel):
    """Shows a new API key once. Like Odoo's own API keys, the plain key
    lives only in this transient record, which the vacuum removes."""

    _name = "fleet.telematics.key.wizard"
    _description = "New Telematics API Key"

    integration_id = fields.Many2one(
        "fleet.telematics.integration", required=True, readonly=True
    )
    key = fields.Char(readonly=True)
