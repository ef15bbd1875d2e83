from odoo import api, fields, models


class FleetCustomerReactivateWizard(models.TransientModel):
    """Asks before a reactivation, with what it will bring back. It only
    gathers the choice: res.partner._fleet_reactivate holds the rules."""

    _name = "fleet.customer.reactivate.wizard"
    _description = "Confirm the reactivation of fleet customers"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        readonly=True,
        context={"active_test": False},
    )
    restore_work = fields.Boolean(
        string="Also Restore Cancelled Work",
        help="Put the contracts, work orders and tasks the deactivation cancelled "
        "back to their previous state or stage. Those changed since the "
        "deactivation are left as they are.",
    )
    summary = fields.Text(compute="_compute_summary")
    changed_summary = fields.Text(compute="_compute_summary")

    @api.depends("partner_ids")
    def _compute_summary(self):
        for wizard in self:
            lines = wizard.partner_ids._fleet_pending_lines()
            counts = dict.fromkeys(("site", "contract", "work_order", "task"), 0)
            for line in lines:
                counts[line.kind] += 1
            wizard.summary = self.env._(
                "%(customers)s customer(s) and %(sites)s site(s) archived by their "
                "deactivation will be active again. The deactivation cancelled "
                "%(contracts)s contract(s), %(work_orders)s work order(s) and "
                "%(tasks)s task(s): they stay cancelled unless you restore them.",
                customers=len(wizard.partner_ids),
                sites=counts["site"],
                contracts=counts["contract"],
                work_orders=counts["work_order"],
                tasks=counts["task"],
            )
            changed = [
                record.display_name
                for line, record in lines._fleet_line_records().items()
                if line.kind != "site" and not line._fleet_is_unchanged(record)
            ]
            wizard.changed_summary = (
                self.env._(
                    "Changed since the deactivation, left as they are: %(records)s.",
                    records=", ".join(changed),
                )
                if changed
                else False
            )

    @api.model
    def action_open(self, partners):
        partners._fleet_check_service_manager()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Reactivate Customers"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": partners.ids},
        }

    def action_confirm(self):
        self.ensure_one()
        self.partner_ids._fleet_reactivate(restore_work=self.restore_work)
        return {"type": "ir.actions.client", "tag": "soft_reload"}
