from odoo import api, fields, models


class ProjectTask(models.Model):
    _name = "project.task"
    _inherit = ["project.task", "fleet.field.work.mixin"]
    _fleet_customer_path = "partner_id.commercial_partner_id"

    fleet_site_id = fields.Many2one(
        "res.partner",
        domain="[('parent_id', '=', partner_id), ('type', '=', 'fleet_site')]",
        help="Where the task is done: one of the customer's sites.",
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
        tasks.filtered("fleet_site_id")._fleet_check_site_company()
        return tasks

    def write(self, vals):
        res = super().write(vals)
        if vals.get("partner_id"):
            self.partner_id.commercial_partner_id._fleet_check_active_customer(
                self.env._("a task")
            )
        if vals.keys() & {"fleet_site_id", "company_id", "project_id"}:
            self.filtered("fleet_site_id")._fleet_check_site_company()
        return res

    def _fleet_check_site_company(self):
        """Tasks do not check companies by themselves (no
        _check_company_auto in project): the site of a task belongs to its
        company, and a task of no company names a site its user may read."""
        self.filtered("company_id")._check_company(["fleet_site_id"])
        if not self.env.su:
            self.filtered(lambda t: not t.company_id).fleet_site_id.check_access("read")
