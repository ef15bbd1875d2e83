from odoo import api, fields, models


class FleetCustomerSegment(models.Model):
    _name = "fleet.customer.segment"
    _description = "Fleet Customer Segment"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short technical code, stable across languages, used by "
        "integrations and imports (for example: dealer).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company",
        help="Leave empty to share the segment between all companies.",
    )
    customer_count = fields.Integer(
        compute="_compute_customer_count",
        string="Customers",
    )

    _sql_constraints = [
        (
            "code_uniq",
            "unique(code)",
            "A segment with this code already exists: segment codes must be unique.",
        ),
    ]

    def _compute_customer_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [
                    ("fleet_segment_id", "in", self.ids),
                    ("is_fleet_customer", "=", True),
                ],
                ["fleet_segment_id"],
                ["__count"],
            )
        )
        for segment in self:
            segment.customer_count = counts.get(segment, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code"):
                vals["code"] = vals["code"].strip().lower()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("code"):
            vals["code"] = vals["code"].strip().lower()
        return super().write(vals)

    def action_open_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fleet_customers.res_partner_fleet_customer_action"
        )
        action["domain"] = [("fleet_segment_id", "=", self.id)]
        action["context"] = {
            "default_is_fleet_customer": True,
            "default_is_company": True,
            "default_fleet_segment_id": self.id,
        }
        return action
