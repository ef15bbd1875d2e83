from odoo import api, fields, models


class FleetCustomerDeactivateWizard(models.TransientModel):
    _name = "fleet.customer.deactivate.wizard"
    _description = "Confirm the deactivation of fleet customers"

    partner_ids = fields.Many2many("res.partner", string="Customers", readonly=True)
    reason_id = fields.Many2one("fleet.deactivation.reason", required=True)
    comment = fields.Text()
    summary = fields.Text(compute="_compute_summary")

    @api.depends("partner_ids")
    def _compute_summary(self):
        leaves_work_open = self.env.company.fleet_open_work_policy == "activity"
        for wizard in self:
            scope = wizard.partner_ids._fleet_deactivation_scope()
            counts = {
                "customers": len(wizard.partner_ids),
                "sites": len(scope["sites"]),
                "contracts": len(scope["contracts"]),
                "work_orders": len(scope["work_orders"]),
                "tasks": len(scope["tasks"]),
            }
            if leaves_work_open:
                wizard.summary = self.env._(
                    "%(customers)s customer(s) and %(sites)s site(s) will be "
                    "deactivated; %(contracts)s contract(s) will be cancelled. "
                    "%(work_orders)s open work order(s) and %(tasks)s open task(s) "
                    "stay open: their responsible gets an activity to decide.",
                    **counts,
                )
            else:
                wizard.summary = self.env._(
                    "%(customers)s customer(s) and %(sites)s site(s) will be "
                    "deactivated; %(contracts)s contract(s), %(work_orders)s work "
                    "order(s) and %(tasks)s task(s) will be cancelled. Finished work "
                    "orders and tasks, and expired contracts, stay as they are. "
                    "A reactivation can put them back.",
                    **counts,
                )

    @api.model
    def action_open(self, partners):
        partners._fleet_check_service_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Deactivate Customers"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": partners.ids},
        }

    def action_confirm(self):
        self.ensure_one()
        self.partner_ids._fleet_deactivate(self.reason_id, self.comment)
        return {"type": "ir.actions.client", "tag": "soft_reload"}
