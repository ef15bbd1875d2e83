from odoo import fields, models


class FleetTelematicsKeyShow(models.AbstractModel):
    """Shows a new API key once, the way Odoo shows its own API keys: the
    key reaches this form through the action's context only. No table holds
    it, not even a transient one; the integration keeps its SHA-256."""

    _name = "fleet.telematics.key.show"
    _description = "New Telematics API Key"

    # The form's onchange needs an id field to return the key's value.
    id = fields.Id()
    integration_id = fields.Many2one("fleet.telematics.integration", readonly=True)
    key = fields.Char(readonly=True)
