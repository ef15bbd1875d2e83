from odoo import api, fields, models
from odoo.exceptions import UserError


class FleetAssetUnassignWizard(models.TransientModel):
    _name = "fleet.asset.unassign.wizard"
    _description = "Unassign assets from fleet customers"

    assignment_ids = fields.Many2many(
        "fleet.asset.assignment",
        string="Assignments",
        # No field domain: Odoo would hide, on reading, an assignment someone
        # else ended meanwhile, and the unassign would succeed doing nothing.
        # The choice is limited in the view; _fleet_unassign refuses ended ones.
        help="The current assignments to end. Remove the lines to keep.",
    )
    date_end = fields.Date(
        string="Unassign On",
        required=True,
        default=fields.Date.context_today,
    )

    @api.model
    def action_open(self, assignments):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Unassign Assets"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_assignment_ids": assignments.filtered("is_current").ids
            },
        }

    def action_unassign(self):
        self.ensure_one()
        if not self.assignment_ids:
            raise UserError(self.env._("Select the assignments to end."))
        self.assignment_ids._fleet_unassign(self.date_end)
        return {"type": "ir.actions.act_window_close"}
