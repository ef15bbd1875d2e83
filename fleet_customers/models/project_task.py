from odoo import api, fields, models


class ProjectTask(models.Model):
    _name = "project.task"
    _inherit = ["project.task", "fleet.field.work.mixin"]
    _fleet_customer_path = "partner_id.commercial_partner_id"

    fleet_site_id = fields.Many2one(
        "res.partner",
        string="Site",
        index="btree_not_null",
        domain="[('parent_id', '=', partner_id), ('type', '=', 'fleet_site')]",
        help="Where the task is done: one of the customer's sites.",
    )
    fleet_site_note = fields.Text(
        related="fleet_site_id.fleet_site_note", string="Site Note"
    )

    @api.onchange("partner_id")
    def _onchange_partner_id_fleet_site(self):
        if self.fleet_site_id.parent_id != self.partner_id.commercial_partner_id:
            self.fleet_site_id = False

    @api.model_create_multi
    def create(self, vals_list):
        tasks = super().create(vals_list)
        tasks.partner_id.commercial_partner_id._fleet_check_active_customer(
            self.env._("a task")
        )
        return tasks

    def write(self, vals):
        res = super().write(vals)
        if vals.get("partner_id"):
            self.partner_id.commercial_partner_id._fleet_check_active_customer(
                self.env._("a task")
            )
        return res
