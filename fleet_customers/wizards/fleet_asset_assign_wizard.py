from odoo import api, fields, models

from ..models.fleet_asset_assignment import RELATIONS


class FleetAssetAssignWizard(models.TransientModel):
    _name = "fleet.asset.assign.wizard"
    _description = "Assign assets to a fleet customer"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        domain=[("is_fleet_customer", "=", True)],
    )
    business_unit_id = fields.Many2one(
        "fleet.business.unit",
        domain="[('partner_id', '=', partner_id)]",
        help="Optional: the business unit of the customer that uses the assets.",
    )
    site_id = fields.Many2one(
        "res.partner",
        domain="[('parent_id', '=', partner_id), ('type', '=', 'fleet_site')]",
        help="Optional: the customer's site where the assets stand.",
    )
    equipment_ids = fields.Many2many(
        "maintenance.equipment",
        help="Add the equipment to assign: the list offers search and multiple "
        "selection.",
    )
    date_start = fields.Date(
        string="Start Date",
        required=True,
        default=fields.Date.context_today,
    )
    relation = fields.Selection(RELATIONS, required=True, default="owned")
    note = fields.Text()
    transfer = fields.Boolean(
        help="Move equipment held by another customer: its current assignment "
        "ends on the start date and the new one begins.",
    )
    held_elsewhere_ids = fields.Many2many(
        "maintenance.equipment",
        compute="_compute_held_elsewhere_ids",
        string="Already Assigned",
    )

    @api.depends("equipment_ids")
    def _compute_held_elsewhere_ids(self):
        for wizard in self:
            wizard.held_elsewhere_ids = wizard.equipment_ids.filtered(
                "fleet_customer_id"
            )

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.business_unit_id.partner_id != self.partner_id:
            self.business_unit_id = False
        if self.site_id.parent_id != self.partner_id:
            self.site_id = False

    @api.model
    def action_open(self, customer=None, equipment=None):
        context = {}
        if customer:
            context["default_partner_id"] = customer.id
        if equipment:
            context["default_equipment_ids"] = equipment.ids
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign Assets"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def action_assign(self):
        self.ensure_one()
        self.env["fleet.asset.assignment"]._fleet_assign(
            self.equipment_ids,
            self.partner_id,
            business_unit=self.business_unit_id,
            site=self.site_id,
            date_start=self.date_start,
            relation=self.relation,
            note=self.note,
            transfer=self.transfer,
        )
        return {"type": "ir.actions.act_window_close"}
