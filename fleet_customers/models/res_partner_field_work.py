"""What a fleet customer holds and what is done for it: business units,
assets, contracts, work orders, tasks and documents."""

from odoo import fields, models

from .fleet_customer_contract import CONTRACT_STATES


class ResPartner(models.Model):
    # One concern per file (see res_partner.py), on purpose.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    fleet_business_unit_ids = fields.One2many(
        "fleet.business.unit",
        "partner_id",
        string="Business Units",
        groups="fleet_customers.group_fleet_customers_user",
    )

    fleet_assignment_ids = fields.One2many(
        "fleet.asset.assignment",
        "partner_id",
        string="Asset History",
        groups="fleet_customers.group_fleet_customers_user",
    )
    fleet_current_assignment_ids = fields.One2many(
        "fleet.asset.assignment",
        "partner_id",
        string="Current Assets",
        domain=[("date_end", "=", False)],
        groups="fleet_customers.group_fleet_customers_user",
    )
    fleet_asset_count = fields.Integer(
        string="Assets",
        compute="_compute_fleet_asset_count",
        groups="fleet_customers.group_fleet_customers_user",
        help="Number of assets the customer holds now.",
    )

    fleet_contract_ids = fields.One2many(
        "fleet.customer.contract",
        "partner_id",
        string="Contracts",
        groups="fleet_customers.group_fleet_customers_user",
    )
    fleet_latest_contract_state = fields.Selection(
        CONTRACT_STATES,
        string="Latest Contract",
        compute="_compute_fleet_contract_summary",
        groups="fleet_customers.group_fleet_customers_user",
    )
    fleet_membership_level_id = fields.Many2one(
        "fleet.membership.level",
        string="Membership",
        compute="_compute_fleet_contract_summary",
        groups="fleet_customers.group_fleet_customers_user",
    )
    fleet_membership_expiry = fields.Date(
        string="Membership Expires",
        compute="_compute_fleet_contract_summary",
        groups="fleet_customers.group_fleet_customers_user",
    )
    fleet_work_order_count = fields.Integer(
        string="Work Orders",
        compute="_compute_fleet_work_order_count",
        groups="fleet_customers.group_fleet_customers_user",
    )
    fleet_document_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        string="Documents",
        domain=[("res_model", "=", "res.partner")],
        help="The customer's attachments; flag those field staff must see on "
        "work orders and tasks.",
    )

    def _compute_fleet_contract_summary(self):
        contracts = self.env["fleet.customer.contract"].search(
            [("partner_id", "in", self.ids)], order="date_start desc, id desc"
        )
        latest, membership = {}, {}
        for contract in contracts:
            latest.setdefault(contract.partner_id, contract)
            if contract.contract_type == "membership" and contract.state == "active":
                membership.setdefault(contract.partner_id, contract)
        for partner in self:
            partner.fleet_latest_contract_state = (
                latest[partner._origin].state if partner._origin in latest else False
            )
            current = membership.get(partner._origin)
            partner.fleet_membership_level_id = (
                current.membership_level_id if current else False
            )
            partner.fleet_membership_expiry = current.date_end if current else False

    def _compute_fleet_work_order_count(self):
        # Tasks are counted by the project app (task_count, with children).
        work_orders = self._fleet_count_by("maintenance.request", "fleet_customer_id")
        for partner in self:
            partner.fleet_work_order_count = work_orders.get(partner._origin, 0)

    def _compute_fleet_asset_count(self):
        counts = self._fleet_count_by(
            "fleet.asset.assignment", "partner_id", [("date_end", "=", False)]
        )
        self._fleet_set_computed(
            "fleet_asset_count",
            {partner.id: count for partner, count in counts.items()},
            0,
        )

    def action_fleet_open_work_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "maintenance.hr_equipment_request_action"
        )
        action["domain"] = [("fleet_customer_id", "=", self.id)]
        action["context"] = {"default_fleet_customer_id": self.id}
        return action

    def action_fleet_open_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "project.action_view_all_task"
        )
        action["domain"] = [("partner_id", "child_of", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_fleet_assign_assets(self):
        self.ensure_one()
        return self.env["fleet.asset.assign.wizard"].action_open(customer=self)

    def action_fleet_unassign_assets(self):
        self.ensure_one()
        return self.env["fleet.asset.unassign.wizard"].action_open(
            self.fleet_current_assignment_ids
        )

    def action_fleet_open_assets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fleet_customers.maintenance_equipment_action_fleet_assets"
        )
        action["domain"] = [("fleet_customer_id", "=", self.id)]
        action["context"] = {"search_default_group_by_fleet_site": 1}
        return action
