from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

STEPS = [
    ("company", "Company"),
    ("contacts", "Contacts"),
    ("review", "Review"),
]


class FleetCustomerWizard(models.TransientModel):
    """Guided creation of a fleet customer: company, contacts, review.

    Nothing is written to res.partner before the last step: Save creates the
    customer and its contacts in one call, so a refusal leaves nothing behind.
    """

    _name = "fleet.customer.wizard"
    _description = "Create a fleet customer step by step"

    step = fields.Selection(STEPS, default="company", required=True)
    name = fields.Char(string="Company Name")
    ref = fields.Char(
        string="Customer Number",
        help="The number of the customer in your dealer management system.",
    )
    fleet_segment_id = fields.Many2one(
        "fleet.customer.segment",
        string="Segment",
        default=lambda self: self.env["res.partner"]._fleet_default_segment(),
    )
    street = fields.Char()
    street2 = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    state_id = fields.Many2one(
        "res.country.state",
        domain="[('country_id', '=?', country_id)]",
    )
    country_id = fields.Many2one(
        "res.country",
        default=lambda self: self.env.company.country_id,
    )
    phone = fields.Char()
    email = fields.Char()
    website = fields.Char()
    comment = fields.Html(string="Description")
    category_ids = fields.Many2many("res.partner.category", string="Tags")
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Leave empty to share the customer between all companies.",
    )
    contact_ids = fields.One2many(
        "fleet.customer.wizard.contact",
        "wizard_id",
        string="Contacts",
    )
    ref_required = fields.Boolean(compute="_compute_ref_required")

    @api.depends("company_id")
    def _compute_ref_required(self):
        for wizard in self:
            company = wizard.company_id or self.env.company
            wizard.ref_required = company.fleet_customer_ref_required

    @api.onchange("country_id")
    def _onchange_country_id(self):
        if self.state_id and self.state_id.country_id != self.country_id:
            self.state_id = False

    # ------------------------------------------------------------------
    # Steps
    # ------------------------------------------------------------------

    def action_next(self):
        self.ensure_one()
        if self.step == "company":
            self._check_company_step()
            self.step = "contacts"
        elif self.step == "contacts":
            self._check_contacts_step()
            self.step = "review"
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        self.step = {"contacts": "company", "review": "contacts"}.get(
            self.step, "company"
        )
        return self._reopen()

    def action_create_customer(self):
        self.ensure_one()
        # Runs every check of the partner model again, on the real records.
        customer = self.env["res.partner"].create(self._customer_values())
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": customer.id,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "fleet_customers.res_partner_fleet_customer_view_form"
                    ).id,
                    "form",
                )
            ],
            # "current", not "main": "main" clears the breadcrumbs, so the user
            # lost the way back to the Customers list the wizard came from.
            "target": "current",
            "context": {"default_is_fleet_customer": True, "default_is_company": True},
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _customer_values(self):
        self.ensure_one()
        return {
            "is_fleet_customer": True,
            "is_company": True,
            "name": self.name,
            "ref": self.ref,
            "fleet_segment_id": self.fleet_segment_id.id,
            "street": self.street,
            "street2": self.street2,
            "zip": self.zip,
            "city": self.city,
            "state_id": self.state_id.id,
            "country_id": self.country_id.id,
            "phone": self.phone,
            "email": self.email,
            "website": self.website,
            "comment": self.comment,
            "category_id": [Command.set(self.category_ids.ids)],
            "company_id": self.company_id.id,
            "child_ids": [
                Command.create(contact._partner_values())
                for contact in self.contact_ids
            ],
        }

    def _check_company_step(self):
        # Same checks as on save, on an unsaved record: the user learns about
        # a duplicate number at step 1, not after typing every contact.
        if not (self.name or "").strip():
            raise ValidationError(
                self.env._("Enter the name of the customer's company.")
            )
        values = dict(self._customer_values(), child_ids=[])
        self.env["res.partner"]._fleet_normalize_ref(values)
        self.env["res.partner"]._fleet_check_ref_unique(
            [(None, values["company_id"], values["ref"])]
        )
        customer = self.env["res.partner"].new(values)
        customer._check_fleet_customer_ref()
        customer._check_fleet_contact_details()

    def _check_contacts_step(self):
        customer = self.env["res.partner"].new(
            dict(self._customer_values(), child_ids=[])
        )
        for contact in self.contact_ids:
            self.env["res.partner"].new(
                dict(contact._partner_values(), parent_id=customer)
            )._check_fleet_contact_details()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Create Customer"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "context": self.env.context,
        }
