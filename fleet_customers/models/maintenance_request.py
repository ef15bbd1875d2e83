from odoo import api, fields, models


class MaintenanceRequest(models.Model):
    """Work orders: maintenance requests done for a fleet customer at a site."""

    _name = "maintenance.request"
    _inherit = ["maintenance.request", "fleet.field.work.mixin", "fleet.portal.mixin"]
    _fleet_customer_path = "fleet_customer_id"
    # The customer's contacts write in the work order's chatter from the
    # portal.
    _mail_post_access = "read"
    # The customer's portal users follow their work orders: not the internal
    # description, the technician's notes, costs or the site note.
    _fleet_portal_fields = frozenset(
        {
            "id",
            "display_name",
            "name",
            "stage_id",
            "fleet_customer_id",
            "fleet_site_id",
            "equipment_id",
            "fleet_equipment_name",
            "request_date",
            "schedule_date",
            "close_date",
            "maintenance_type",
            "priority",
            "company_id",
        }
    )

    fleet_customer_id = fields.Many2one(
        "res.partner",
        string="Customer",
        compute="_compute_fleet_customer_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        domain=[("is_fleet_customer", "=", True)],
        check_company=True,
        tracking=True,
        help="The fleet customer the work is done for; taken from the "
        "equipment's current assignment.",
    )
    # The asset's name on the customer's portal, where the asset itself may
    # be out of reach (another customer holds it now).
    fleet_equipment_name = fields.Char(string="Asset Name", related="equipment_id.name")
    fleet_site_id = fields.Many2one(
        "res.partner",
        string="Site",
        compute="_compute_fleet_customer_id",
        store=True,
        readonly=False,
        domain="[('parent_id', '=', fleet_customer_id), ('type', '=', 'fleet_site')]",
    )

    @api.depends("equipment_id")
    def _compute_fleet_customer_id(self):
        for request in self:
            equipment = request.equipment_id
            if equipment.fleet_customer_id:
                request.fleet_customer_id = equipment.fleet_customer_id
                request.fleet_site_id = equipment.fleet_site_id
            elif not request.fleet_customer_id:
                request.fleet_site_id = False

    @api.onchange("fleet_customer_id")
    def _onchange_fleet_customer_id(self):
        if self.fleet_site_id.parent_id != self.fleet_customer_id:
            self.fleet_site_id = False

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests.fleet_customer_id._fleet_check_active_customer(
            self.env._("a work order")
        )
        return requests

    def write(self, vals):
        res = super().write(vals)
        if vals.get("fleet_customer_id"):
            self.fleet_customer_id._fleet_check_active_customer(
                self.env._("a work order")
            )
        return res
