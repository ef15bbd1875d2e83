from collections import defaultdict

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, email_normalize

from odoo.addons.phone_validation.tools import phone_validation

FLEET_ADMIN_GROUP = "fleet_customers.group_fleet_customers_admin"
SERVICE_MANAGER_GROUP = "fleet_customers.group_fleet_customers_service_manager"


def _companies_clash(company_a, company_b):
    # No company means shared with all companies.
    return not company_a or not company_b or company_a == company_b


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_fleet_customer = fields.Boolean(
        string="Fleet Customer",
        index=True,
        tracking=True,
        help="Set for the companies managed in the Customers app.",
    )
    fleet_segment_id = fields.Many2one(
        "fleet.customer.segment",
        string="Segment",
        index="btree_not_null",
        tracking=True,
        ondelete="restrict",
        default=lambda self: self._default_fleet_segment_id(),
        help="What kind of business the customer runs: dealer, rental "
        "company, contractor…",
    )
    fleet_contact_ids = fields.One2many(
        "res.partner",
        "parent_id",
        string="Contacts",
        domain=[("type", "=", "contact")],
    )
    fleet_notify_asset_events = fields.Boolean(
        string="Notify Asset Events",
        help="This person receives an email when assets of the customer are "
        "assigned, unassigned or move. No Odoo login is needed.",
    )
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

    def _compute_fleet_asset_count(self):
        counts = dict(
            self.env["fleet.asset.assignment"]._read_group(
                [("partner_id", "in", self.ids), ("date_end", "=", False)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.fleet_asset_count = counts.get(partner._origin, 0)

    def _default_fleet_segment_id(self):
        if self.env.context.get("default_is_fleet_customer"):
            return self._fleet_default_segment()
        return False

    @api.model
    def _fleet_default_segment(self):
        return self.env.ref(
            "fleet_customers.fleet_customer_segment_other", raise_if_not_found=False
        )

    def init(self):
        res = super().init()
        # Customer numbers are unique per company among fleet customers,
        # whatever their case. The database enforces it so that two users
        # saving at the same moment cannot both win; _check_fleet_customer_ref
        # only gives the friendly message first.
        self.env.cr.execute(
            SQL(
                """
                CREATE UNIQUE INDEX IF NOT EXISTS res_partner_fleet_customer_ref_uniq
                    ON res_partner (COALESCE(company_id, 0), lower(ref))
                 WHERE is_fleet_customer AND ref IS NOT NULL
                """
            )
        )
        return res

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("ref", "is_fleet_customer", "company_id")
    def _check_fleet_customer_ref(self):
        for customer in self.filtered(lambda p: p.is_fleet_customer and not p.ref):
            company = customer.company_id or self.env.company
            if company.fleet_customer_ref_required:
                raise ValidationError(
                    self.env._(
                        "Customer %(customer)s has no customer number. Enter its "
                        "number from your dealer management system (company "
                        "%(company)s requires one).",
                        customer=customer.display_name,
                        company=company.display_name,
                    )
                )

    @api.constrains("email", "phone", "mobile", "parent_id", "is_fleet_customer")
    def _check_fleet_contact_details(self):
        for partner in self:
            if not (partner.is_fleet_customer or partner.parent_id.is_fleet_customer):
                continue
            if partner.email and not email_normalize(partner.email):
                raise ValidationError(
                    self.env._(
                        "%(email)s is not a valid email address (%(partner)s). "
                        "Enter an address such as name@example.com.",
                        email=partner.email,
                        partner=partner.display_name,
                    )
                )
            country = partner.country_id or partner.parent_id.country_id or self.env.company.country_id
            for number in filter(None, (partner.phone, partner.mobile)):
                try:
                    phone_validation.phone_parse(number, country.code)
                except UserError as error:
                    raise ValidationError(
                        self.env._(
                            "The phone number of %(partner)s is not valid: %(reason)s "
                            "Enter it with its country prefix, for example +33 1 23 45 67 89.",
                            partner=partner.display_name,
                            reason=str(error.args[0]),
                        )
                    ) from error

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        parent_ids = {vals["parent_id"] for vals in vals_list if vals.get("parent_id")}
        fleet_parents = self.browse(parent_ids).filtered("commercial_partner_id.is_fleet_customer")
        for vals in vals_list:
            if vals.get("is_fleet_customer"):
                self._fleet_normalize_ref(vals)
                # Customer numbers come from a company's own dealer management
                # system: a fleet customer belongs to a company unless told.
                vals.setdefault("company_id", self.env.company.id)
                if not vals.get("fleet_segment_id"):
                    vals["fleet_segment_id"] = self._fleet_default_segment().id
        if any(
            vals.get("is_fleet_customer") or vals.get("parent_id") in fleet_parents.ids
            for vals in vals_list
        ):
            self._fleet_check_admin(self.env._("create"))
        self._fleet_check_ref_unique(
            [
                (None, vals.get("company_id"), vals.get("ref"))
                for vals in vals_list
                if vals.get("is_fleet_customer")
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        fleet_records = self.filtered("commercial_partner_id.is_fleet_customer")
        if fleet_records or vals.get("is_fleet_customer"):
            self._fleet_check_admin(self.env._("modify"))
            if "ref" in vals:
                self._fleet_normalize_ref(vals)
                self._fleet_check_ref_change(vals["ref"])
        if vals.keys() & {"ref", "is_fleet_customer", "company_id"}:
            self._fleet_check_ref_unique(
                [
                    (
                        partner,
                        vals["company_id"] if "company_id" in vals else partner.company_id.id,
                        vals["ref"] if "ref" in vals else partner.ref,
                    )
                    for partner in self
                    if vals.get("is_fleet_customer", partner.is_fleet_customer)
                ]
            )
        return super().write(vals)

    def unlink(self):
        customers = self.filtered("is_fleet_customer")
        if not customers:
            return super().unlink()
        if not self.env.su and not self.env.user.has_group(
            "fleet_customers.group_fleet_customers_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only Fleet Customers administrators may delete customers. "
                    "Archive the customer instead, or ask an administrator."
                )
            )
        # A customer goes with everything that only exists through it,
        # archived records included (searched without active_test, then
        # unlinked in the caller's context, which Odoo's own checks read).
        dependents = self.browse(
            self.with_context(active_test=False)._search(
                [("id", "child_of", customers.ids), ("id", "not in", self.ids)]
            )
        )
        units = self.env["fleet.business.unit"].browse(
            self.env["fleet.business.unit"]
            .with_context(active_test=False)
            ._search([("partner_id", "in", customers.ids)])
        )
        assignments = self.env["fleet.asset.assignment"].search(
            [("partner_id", "in", customers.ids)]
        )
        try:
            with self.env.cr.savepoint():
                # Unassign first, so that equipment no longer points at the
                # customer and its people hear of it; then the history goes
                # with the customer.
                assignments.filtered("is_current")._fleet_unassign()
                assignments.unlink()
                units.unlink()
                dependents.unlink()
                result = super().unlink()
        except psycopg2.errors.ForeignKeyViolation as error:
            raise UserError(
                self.env._(
                    "%(customers)s cannot be deleted: other records, such as "
                    "invoices or orders, still refer to it. Archive the customer "
                    "instead, which keeps its history.",
                    customers=", ".join(customers.mapped("display_name")),
                )
            ) from error
        return result

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def action_fleet_assign_assets(self):
        self.ensure_one()
        return self.env["fleet.asset.assign.wizard"].action_open(customer=self)

    def action_fleet_unassign_assets(self):
        self.ensure_one()
        return self.env["fleet.asset.unassign.wizard"].action_open(self.fleet_current_assignment_ids)

    def action_fleet_open_assets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fleet_customers.maintenance_equipment_action_fleet_assets"
        )
        action["domain"] = [("fleet_customer_id", "=", self.id)]
        action["context"] = {}
        return action

    @api.model
    def _fleet_normalize_ref(self, vals):
        # The number is typed or pasted from the dealer management system:
        # surrounding blanks are noise, an empty number is no number.
        if isinstance(vals.get("ref"), str):
            vals["ref"] = vals["ref"].strip() or False

    @api.model
    def _fleet_check_ref_unique(self, candidates):
        """Refuse customer numbers that another fleet customer of the same
        company holds, whatever the case. A customer shared by all companies
        (no company) clashes with the numbers of every company.

        Runs before the database is written: the unique index
        res_partner_fleet_customer_ref_uniq refuses the same rows within a
        company, even under concurrency, but with a message for developers.

        :param candidates: (partner or None, company id, number) triples of
            the fleet customers about to be saved
        """
        by_number = defaultdict(list)
        for partner, company_id, ref in candidates:
            if not ref:
                continue
            for other_partner, other_company_id, __ in by_number[ref.lower()]:
                if _companies_clash(company_id, other_company_id) and (
                    not partner or partner != other_partner
                ):
                    self._fleet_raise_duplicate_ref(
                        ref, self.env._("another customer saved at the same time")
                    )
            by_number[ref.lower()].append((partner, company_id, ref))
        if not by_number:
            return
        # One query for the whole batch. =ilike also treats _ and % as
        # wildcards: it may fetch a few extra rows, compared exactly below.
        domain = expression.AND([
            [("is_fleet_customer", "=", True)],
            expression.OR([[("ref", "=ilike", ref)] for ref in by_number]),
        ])
        holders = (
            self.sudo()  # uniqueness spans records the user may not read
            .with_context(active_test=False)
            .search(domain)
        )
        for holder in holders:
            for partner, company_id, __ in by_number.get(holder.ref.lower(), ()):
                if holder != partner and _companies_clash(company_id, holder.company_id.id):
                    self._fleet_raise_duplicate_ref(holder.ref, holder.display_name)

    @api.model
    def _fleet_raise_duplicate_ref(self, ref, holder_name):
        raise ValidationError(
            self.env._(
                "Customer number %(number)s is already used by %(holder)s. Customer "
                "numbers must be unique within a company (upper and lower case count "
                "as the same): check the number in your dealer management system.",
                number=ref,
                holder=holder_name,
            )
        )

    def _fleet_check_admin(self, operation):
        # The record rules enforce the same; this check says it in words.
        if self.env.su or self.env.user.has_group(FLEET_ADMIN_GROUP):
            return
        raise AccessError(
            self.env._(
                "You are not allowed to %(operation)s fleet customers or their "
                "contacts. Ask your administrator for the Fleet Customers / "
                "Fleet Admin role.",
                operation=operation,
            )
        )

    def _fleet_check_ref_change(self, new_ref):
        if self.env.su or self.env.user.has_group(SERVICE_MANAGER_GROUP):
            return
        changed = self.filtered(lambda p: p.is_fleet_customer and p.ref and p.ref != new_ref)
        if changed:
            raise AccessError(
                self.env._(
                    "Customer number %(number)s of %(customer)s is already set: only a "
                    "Service Manager may change or clear it. Ask a Service Manager "
                    "to correct it.",
                    number=changed[0].ref,
                    customer=changed[0].display_name,
                )
            )
