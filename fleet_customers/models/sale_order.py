from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    fleet_business_unit_id = fields.Many2one(
        "fleet.business.unit",
        string="Business Unit",
        compute="_compute_fleet_business_unit_id",
        store=True,
        readonly=False,
        domain="[('partner_id', '=', fleet_commercial_partner_id)]",
        help="The business unit of the fleet customer; passed on to the invoices.",
    )
    fleet_commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id"
    )

    @api.depends("partner_id")
    def _compute_fleet_business_unit_id(self):
        customers = self.partner_id.commercial_partner_id
        single = self.env["fleet.business.unit"]._single_unit_by_customer(customers)
        for order in self:
            customer = order.partner_id.commercial_partner_id
            if order.fleet_business_unit_id.partner_id != customer:
                order.fleet_business_unit_id = single.get(customer.id, False)

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.partner_id.commercial_partner_id._fleet_check_active_customer(
            self.env._("a quotation")
        )
        return orders

    def _prepare_invoice(self):
        values = super()._prepare_invoice()
        if self.fleet_business_unit_id:
            values["fleet_business_unit_id"] = self.fleet_business_unit_id.id
        return values
