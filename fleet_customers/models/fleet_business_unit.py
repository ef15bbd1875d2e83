from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FleetBusinessUnit(models.Model):
    _name = "fleet.business.unit"
    _inherit = ["fleet.import.mixin"]
    _description = "Fleet Customer Business Unit"
    _order = "partner_id, sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    code = fields.Char(
        help="Code of the business unit in the customer's organisation; "
        "unique per customer.",
    )
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_fleet_customer", "=", True)],
        check_company=True,
    )
    manager_id = fields.Many2one(
        "res.partner",
        domain="[('parent_id', '=', partner_id), ('type', '=', 'contact')]",
        help="The contact person of the customer who runs this business unit.",
        check_company=True,
    )
    address_id = fields.Many2one(
        "res.partner",
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
        help="Where the business unit is located, when it differs from the "
        "customer's address: one of the customer's addresses.",
        check_company=True,
    )
    customer_number = fields.Char(
        compute="_compute_customer_number",
        inverse="_inverse_customer_number",
        help="The customer's number in your dealer management system. Import "
        "business units with this column to file them under their customer.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        related="partner_id.company_id",
        store=True,
        index=True,
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "code_partner_uniq",
            "unique(partner_id, code)",
            "This code is already used by another business unit of the same "
            "customer: business unit codes must be unique per customer.",
        ),
    ]

    @api.depends("name", "code")
    def _compute_display_name(self):
        for unit in self:
            unit.display_name = f"[{unit.code}] {unit.name}" if unit.code else unit.name

    @api.depends("partner_id.ref")
    def _compute_customer_number(self):
        for unit in self:
            unit.customer_number = unit.partner_id.ref

    def _inverse_customer_number(self):
        Partner = self.env["res.partner"]
        customers = Partner._fleet_customers_by_number(self.mapped("customer_number"))
        for unit in self.filtered("customer_number"):
            number = unit.customer_number.strip()
            customer = customers.get(number.lower())
            if not customer:
                raise ValidationError(Partner._fleet_unknown_number_text(number))
            if unit.partner_id != customer:
                unit.partner_id = customer

    @api.constrains("partner_id", "manager_id", "address_id")
    def _check_customer_links(self):
        for unit in self:
            customer = unit.partner_id
            if not customer.is_fleet_customer:
                raise ValidationError(
                    self.env._(
                        "%(customer)s is not a fleet customer: business units can "
                        "only be created for customers of the Customers app.",
                        customer=customer.display_name,
                    )
                )
            if unit.manager_id and unit.manager_id.parent_id != customer:
                raise ValidationError(
                    self.env._(
                        "The manager of business unit %(unit)s must be one of the "
                        "contacts of %(customer)s.",
                        unit=unit.display_name,
                        customer=customer.display_name,
                    )
                )
            if unit.address_id and unit.address_id not in customer | customer.child_ids:
                raise ValidationError(
                    self.env._(
                        "The address of business unit %(unit)s must be one of the "
                        "addresses of %(customer)s.",
                        unit=unit.display_name,
                        customer=customer.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_code(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_code(vals)
        return super().write(vals)

    @api.model
    def _single_unit_by_customer(self, customers):
        """{customer id: business unit id} for the customers that have
        exactly one business unit: the default on their orders and invoices.

        sudo: salespeople and accountants may not read every business unit;
        only ids leave this method, to default a field they then see.
        """
        groups = self.sudo()._read_group(
            [("partner_id", "in", customers.ids)], ["partner_id"], ["id:array_agg"]
        )
        return {
            partner.id: unit_ids[0]
            for partner, unit_ids in groups
            if len(unit_ids) == 1
        }

    @api.model
    def _normalize_code(self, vals):
        # Codes are typed by people: " BU1 " and "BU1" are the same unit.
        if "code" in vals:
            vals["code"] = (vals["code"] or "").strip() or False

    # ------------------------------------------------------------------
    # Import under the customer's number (fleet.import.mixin)
    # ------------------------------------------------------------------

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Business Units of Fleet Customers"),
                "template": "/fleet_customers/static/import/"
                "fleet_business_units.csv",
            }
        ]

    @api.model
    def _fleet_import_applies(self, fields):
        return "customer_number" in fields

    @api.model
    def _fleet_import_check(self, fields):
        self.env["res.partner"]._fleet_check_admin(self.env._("import"))

    @api.model
    def _fleet_import_match(self, rows, fields):
        keyed = []
        missing = self.env._(
            "The row has no Customer Number: a business unit is imported under "
            "its customer."
        )
        for row, customer in self.env["res.partner"]._fleet_import_customers(
            rows, "customer_number", missing
        ):
            row.vals["partner_id"] = customer.id
            self._normalize_code(row.vals)
            if not row.record:
                keyed.append((row, customer))
        existing = {}
        units = self.with_context(active_test=False).search_fetch(
            [("partner_id", "in", list({customer.id for __, customer in keyed}))],
            ["name", "code", "partner_id"],
            order="id",
        )
        for unit in units:
            existing.setdefault(self._unit_key(unit.partner_id, unit), unit)
        self._fleet_import_match_keys(
            keyed,
            lambda customer, row: self._unit_key(customer, row.vals),
            existing,
            lambda customer, line: self.env._(
                "The same business unit of %(customer)s is also on line "
                "%(line)s: each business unit appears once in the file.",
                customer=customer.display_name,
                line=line,
            ),
        )
        for row, __ in keyed:
            if row.record and (row.vals.get("code") or "").lower() == (
                (row.record.code or "").lower()
            ):
                row.vals.pop("code", None)  # the same code, whatever its case

    @api.model
    def _unit_key(self, customer, unit):
        """How a business unit is recognised under its customer: its code,
        else its name (``unit`` is a record or the values of a row)."""
        code = unit["code"] if "code" in unit else False
        if code:
            return customer.id, "code", code.strip().lower()
        name = unit["name"] if "name" in unit else ""
        return customer.id, "name", (name or "").strip().lower()
