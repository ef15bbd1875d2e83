import logging
from collections import defaultdict

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, create_index, email_normalize

from odoo.addons.phone_validation.tools import phone_validation

from ..tools import geofence as geo
from .fleet_customer_contract import CONTRACT_STATES

_logger = logging.getLogger(__name__)

FLEET_ADMIN_GROUP = "fleet_customers.group_fleet_customers_admin"
SERVICE_MANAGER_GROUP = "fleet_customers.group_fleet_customers_service_manager"

# The GiST index on geofence boxes: the ingestion query tests
# "<this box> @> box(<reading>, <reading>)" on the same expression, so that
# PostgreSQL finds the candidate sites of a reading through the index.
GEOFENCE_BOX_EXPRESSION = (
    "box(point(fleet_geofence_min_lng, fleet_geofence_min_lat), "
    "point(fleet_geofence_max_lng, fleet_geofence_max_lat))"
)


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

    type = fields.Selection(
        selection_add=[("fleet_site", "Site")],
        ondelete={"fleet_site": "set default"},
    )
    fleet_site_note = fields.Text(
        string="Site Note",
        help="Shown to field staff on work orders and tasks at this site: "
        "gate codes, parking, safety instructions.",
    )
    fleet_site_ids = fields.One2many(
        "res.partner",
        "parent_id",
        string="Sites",
        domain=[("type", "=", "fleet_site")],
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
    # At a glance: where invoices go and whom to call.
    fleet_billing_address_id = fields.Many2one(
        "res.partner",
        string="Billing Address",
        compute="_compute_fleet_glance",
        help="The customer's invoice address, or the customer itself when it has none.",
    )
    fleet_main_contact_id = fields.Many2one(
        "res.partner",
        string="Main Contact",
        compute="_compute_fleet_glance",
        help="The first contact of the Contacts tab.",
    )
    # Money at a glance, in the current company's currency, always computed.
    fleet_currency_id = fields.Many2one(
        "res.currency", compute="_compute_fleet_currency_id"
    )
    fleet_pending_quote_amount = fields.Monetary(
        string="Pending Quotes",
        compute="_compute_fleet_pending_quote_amount",
        currency_field="fleet_currency_id",
        groups="sales_team.group_sale_salesman",
        help="Quotations in draft or sent, not confirmed nor cancelled.",
    )
    fleet_overdue_amount = fields.Monetary(
        string="Invoices Overdue",
        compute="_compute_fleet_invoice_amounts",
        currency_field="fleet_currency_id",
        groups="account.group_account_invoice",
        help="What is left to pay on posted customer invoices (less credit notes) "
        "whose due date is past.",
    )
    fleet_awaiting_payment_amount = fields.Monetary(
        string="Awaiting Payment",
        compute="_compute_fleet_invoice_amounts",
        currency_field="fleet_currency_id",
        groups="account.group_account_invoice",
        help="What is left to pay on posted customer invoices (less credit notes) "
        "that are not due yet.",
    )
    # Deactivation: who, when, why; and which sites it archived, so that a
    # reactivation restores exactly those.
    fleet_deactivated_on = fields.Datetime(
        string="Deactivated On", readonly=True, copy=False
    )
    fleet_deactivated_by_id = fields.Many2one(
        "res.users", string="Deactivated By", readonly=True, copy=False
    )
    fleet_deactivation_reason_id = fields.Many2one(
        "fleet.deactivation.reason",
        string="Deactivation Reason",
        readonly=True,
        copy=False,
    )
    fleet_deactivation_comment = fields.Text(
        string="Deactivation Comment", readonly=True, copy=False
    )
    fleet_archived_by_deactivation = fields.Boolean(
        readonly=True,
        copy=False,
        help="Technical: this site was archived by its customer's deactivation.",
    )

    # Sites carry a geofence: a circle or a polygon that telematics readings
    # are tested against (see fleet.asset.position).
    fleet_geofence = fields.Json(
        string="Geofence",
        copy=False,
        help="The area of the site, drawn on the map: a circle (centre and "
        "radius) or a polygon. Assets entering or leaving it raise site events.",
    )
    fleet_geofence_type = fields.Selection(
        [("circle", "Circle"), ("polygon", "Polygon")],
        string="Geofence Shape",
        compute="_compute_fleet_geofence_box",
        store=True,
    )
    # The bounding box, in degrees: the SQL prefilter of the ingestion.
    fleet_geofence_min_lat = fields.Float(
        string="Geofence South Bound", compute="_compute_fleet_geofence_box", store=True
    )
    fleet_geofence_max_lat = fields.Float(
        string="Geofence North Bound", compute="_compute_fleet_geofence_box", store=True
    )
    fleet_geofence_min_lng = fields.Float(
        string="Geofence West Bound", compute="_compute_fleet_geofence_box", store=True
    )
    fleet_geofence_max_lng = fields.Float(
        string="Geofence East Bound", compute="_compute_fleet_geofence_box", store=True
    )
    fleet_asset_event_ids = fields.One2many(
        "fleet.asset.event",
        "customer_id",
        string="Site Events",
        groups="fleet_customers.group_fleet_customers_user",
    )
    fleet_asset_event_count = fields.Integer(
        string="Site Events Count",
        compute="_compute_fleet_asset_event_count",
        groups="fleet_customers.group_fleet_customers_user",
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
                latest.get(partner._origin, contracts).state or False
            )
            current = membership.get(partner._origin)
            partner.fleet_membership_level_id = (
                current.membership_level_id if current else False
            )
            partner.fleet_membership_expiry = current.date_end if current else False

    def _compute_fleet_glance(self):
        children = self.search(
            [("parent_id", "in", self.ids), ("type", "in", ("invoice", "contact"))],
            order="id",
        )
        invoice_address, main_contact = {}, {}
        for child in children:
            target = invoice_address if child.type == "invoice" else main_contact
            target.setdefault(child.parent_id, child)
        for partner in self:
            partner.fleet_billing_address_id = invoice_address.get(
                partner._origin, partner._origin
            )
            partner.fleet_main_contact_id = main_contact.get(partner._origin, False)

    def action_fleet_open_notes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fleet_customers.fleet_customer_note_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["display_name"] = self.env._("Notes on %(customer)s", customer=self.name)
        return action

    def action_fleet_open_estimates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action["domain"] = [("partner_id", "child_of", self.id)]
        action["context"] = {"default_partner_id": self.id}
        action["display_name"] = self.env._(
            "Estimates of %(customer)s", customer=self.name
        )
        return action

    def action_fleet_open_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.id),
            ("move_type", "in", ("out_invoice", "out_refund")),
        ]
        action["context"] = {
            "default_move_type": "out_invoice",
            "default_partner_id": self.id,
        }
        action["display_name"] = self.env._(
            "Invoices of %(customer)s", customer=self.name
        )
        return action

    def _fleet_money_domains(self):
        """The records behind each amount, for the computation and for the
        lists the amounts open. Invoices addressed to the customer's
        contacts and addresses count (commercial partner)."""
        today = fields.Date.context_today(self)
        company = self.env.company
        open_invoices = [
            ("commercial_partner_id", "in", self.ids),
            ("company_id", "=", company.id),
            ("move_type", "in", ("out_invoice", "out_refund")),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
        ]
        return {
            "quotes": [
                ("partner_id", "child_of", self.ids),
                ("company_id", "=", company.id),
                ("state", "in", ("draft", "sent")),
            ],
            "overdue": open_invoices + [("invoice_date_due", "<", today)],
            "awaiting": open_invoices + [("invoice_date_due", ">=", today)],
        }

    def _compute_fleet_currency_id(self):
        self.fleet_currency_id = self.env.company.currency_id

    def _compute_fleet_pending_quote_amount(self):
        # One grouped query for the whole list of customers; quotations in
        # another currency are converted at today's rate.
        company = self.env.company
        today = fields.Date.context_today(self)
        quotes = defaultdict(float)
        for partner, currency, total in self.env["sale.order"]._read_group(
            self._fleet_money_domains()["quotes"],
            ["partner_id", "currency_id"],
            ["amount_total:sum"],
        ):
            if currency != company.currency_id:
                total = currency._convert(total, company.currency_id, company, today)
            quotes[partner.commercial_partner_id] += total
        for partner in self:
            partner.fleet_pending_quote_amount = quotes.get(partner._origin, 0.0)

    def _compute_fleet_invoice_amounts(self):
        # amount_residual_signed: company currency, negative on credit notes,
        # what is left after partial payments. One grouped query per amount.
        domains = self._fleet_money_domains()
        Move = self.env["account.move"]
        aggregate = ["commercial_partner_id"], ["amount_residual_signed:sum"]
        overdue = dict(Move._read_group(domains["overdue"], *aggregate))
        awaiting = dict(Move._read_group(domains["awaiting"], *aggregate))
        for partner in self:
            partner.fleet_overdue_amount = overdue.get(partner._origin, 0.0)
            partner.fleet_awaiting_payment_amount = awaiting.get(partner._origin, 0.0)

    def _fleet_money_action(self, kind):
        self.ensure_one()
        domain = self._fleet_money_domains()[kind]
        if kind == "quotes":
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "sale.action_quotations_with_onboarding"
            )
            action["context"] = {"default_partner_id": self.id}
        else:
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "account.action_move_out_invoice_type"
            )
            action["context"] = {
                "default_move_type": "out_invoice",
                "default_partner_id": self.id,
            }
        action["domain"] = domain
        action["display_name"] = {
            "quotes": self.env._("Pending Quotes of %(customer)s", customer=self.name),
            "overdue": self.env._(
                "Invoices Overdue of %(customer)s", customer=self.name
            ),
            "awaiting": self.env._(
                "Awaiting Payment from %(customer)s", customer=self.name
            ),
        }[kind]
        return action

    def action_fleet_open_pending_quotes(self):
        return self._fleet_money_action("quotes")

    def action_fleet_open_overdue_invoices(self):
        return self._fleet_money_action("overdue")

    def action_fleet_open_awaiting_invoices(self):
        return self._fleet_money_action("awaiting")

    def _compute_fleet_work_order_count(self):
        # Tasks are counted by the project app (task_count, with children).
        work_orders = self._fleet_count_by("maintenance.request", "fleet_customer_id")
        for partner in self:
            partner.fleet_work_order_count = work_orders.get(partner._origin, 0)

    def _compute_fleet_asset_count(self):
        counts = self._fleet_count_by(
            "fleet.asset.assignment", "partner_id", [("date_end", "=", False)]
        )
        for partner in self:
            partner.fleet_asset_count = counts.get(partner._origin, 0)

    def _fleet_count_by(self, model, fname, domain=()):
        """{partner: number of ``model`` records whose ``fname`` is that
        partner}, for all partners of self in one grouped query."""
        groups = self.env[model]._read_group(
            [(fname, "in", self.ids), *domain], [fname], ["__count"]
        )
        return dict(groups)

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
        self._fleet_create_search_indexes()
        # Telematics: the ingestion finds the geofences holding a reading
        # through this index (see GEOFENCE_BOX_EXPRESSION).
        create_index(
            self.env.cr,
            "res_partner_fleet_geofence_box_index",
            self._table,
            [GEOFENCE_BOX_EXPRESSION],
            method="gist",
            where="fleet_geofence_type IS NOT NULL",
        )
        return res

    def _fleet_create_search_indexes(self):
        """Trigram indexes for the Customers app's searches: name fragments,
        cities and customer numbers are searched with ILIKE '%...%', which no
        B-tree serves (see bench/RESULTS.md, "Scale"). Partial on fleet
        customers, which every search of the app filters on. pg_trgm is a
        trusted extension: a database owner may create it; where it cannot,
        the searches still work, by scanning."""
        # The app lists customers in Odoo's partner order; among 300,000
        # partners (customers, contacts, addresses) a partial index walks the
        # customers only, in that order, when a search matches many.
        create_index(
            self.env.cr,
            "res_partner_fleet_customer_order_index",
            self._table,
            ["complete_name", "id DESC"],
            where="is_fleet_customer",
        )
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except psycopg2.Error:
            _logger.warning(
                "pg_trgm is not available: customer searches by fragment will scan the table."
            )
            return
        for column in ("name", "ref", "city"):
            create_index(
                self.env.cr,
                f"res_partner_fleet_{column}_trgm_index",
                self._table,
                [f"{column} gin_trgm_ops"],
                method="gin",
                where="is_fleet_customer",
            )

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
            country = (
                partner.country_id
                or partner.parent_id.country_id
                or self.env.company.country_id
            )
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
        fleet_parents = self.browse(parent_ids).filtered(
            "commercial_partner_id.is_fleet_customer"
        )
        for vals in vals_list:
            if vals.get("type") == "fleet_site" and vals.get("parent_id"):
                customer = self.browse(vals["parent_id"])
                customer._fleet_check_active_customer(self.env._("a site"))
                # A new site starts with the customer's contact details.
                for fname in ("phone", "mobile", "email"):
                    if not vals.get(fname) and customer[fname]:
                        vals[fname] = customer[fname]
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
                        vals["company_id"]
                        if "company_id" in vals
                        else partner.company_id.id,
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

    def _fleet_check_active_customer(self, what):
        """Refuse new records for deactivated (archived) fleet customers."""
        archived = self.filtered(lambda p: p.is_fleet_customer and not p.active)
        if archived:
            raise ValidationError(
                self.env._(
                    "%(customer)s is deactivated: you cannot create %(what)s for it. "
                    "Reactivate the customer first (Action > Reactivate Customer).",
                    customer=archived[0].display_name,
                    what=what,
                )
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

    def action_fleet_deactivate(self):
        return self.env["fleet.customer.deactivate.wizard"].action_open(self)

    def action_fleet_reactivate(self):
        self._fleet_reactivate()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s customer(s) reactivated.", count=len(self)
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

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
        domain = expression.AND(
            [
                [("is_fleet_customer", "=", True)],
                expression.OR([[("ref", "=ilike", ref)] for ref in by_number]),
            ]
        )
        holders = (
            self.sudo()  # uniqueness spans records the user may not read
            .with_context(active_test=False)
            .search(domain)
        )
        for holder in holders:
            for partner, company_id, __ in by_number.get(holder.ref.lower(), ()):
                if holder != partner and _companies_clash(
                    company_id, holder.company_id.id
                ):
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
        changed = self.filtered(
            lambda p: p.is_fleet_customer and p.ref and p.ref != new_ref
        )
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

    # ------------------------------------------------------------------
    # Deactivate / reactivate cascade
    # ------------------------------------------------------------------

    def _fleet_check_service_manager(self):
        if not (self.env.su or self.env.user.has_group(SERVICE_MANAGER_GROUP)):
            raise AccessError(
                self.env._(
                    "Only Service Managers may deactivate or reactivate fleet customers. "
                    "Ask a Service Manager, or your administrator for the role."
                )
            )

    def _fleet_deactivation_scope(self):
        """What deactivating ``self`` touches, in four searches.

        sudo: the scope must be complete whatever the Service Manager's
        rights in the Maintenance or Project apps or its companies; a partial
        cascade would leave open work on a deactivated customer. Only ids
        and counts leave this method's callers.
        """
        ids = self.ids
        env = self.sudo().env
        cancel_stages = env["maintenance.stage"].search(
            [("fleet_is_cancel", "=", True)]
        )
        return {
            "sites": env["res.partner"].search(
                [
                    ("parent_id", "in", ids),
                    ("type", "=", "fleet_site"),
                    ("active", "=", True),
                ]
            ),
            "contracts": env["fleet.customer.contract"].search(
                [("partner_id", "in", ids), ("state", "in", ("draft", "active"))]
            ),
            "work_orders": env["maintenance.request"].search(
                [
                    ("fleet_customer_id", "in", ids),
                    ("stage_id.done", "=", False),
                    ("stage_id", "not in", cancel_stages.ids),
                ]
            ),
            "tasks": env["project.task"].search(
                [
                    ("partner_id", "child_of", ids),
                    ("state", "not in", ("1_done", "1_canceled")),
                ]
            ),
        }

    def _fleet_deactivate(self, reason, comment=False):
        """Archive the customers and their sites, cancel what hangs on them.

        All or nothing: one savepoint around the whole cascade. The linked
        records change in four set-based statements, so a customer with
        5,000 tasks costs what one with 5 does; Odoo's per-record tracking is
        replaced by one summary in each customer's chatter.
        """
        self._fleet_check_service_manager()
        self.check_access("write")
        if not self:
            raise UserError(self.env._("Select the customers to deactivate."))
        not_fleet = self.filtered(lambda p: not p.is_fleet_customer)
        if not_fleet:
            raise UserError(
                self.env._(
                    "%(partner)s is not a fleet customer: only fleet customers can be deactivated.",
                    partner=not_fleet[0].display_name,
                )
            )
        inactive = self.filtered(lambda p: not p.active)
        if inactive:
            raise UserError(
                self.env._(
                    "%(customer)s is already deactivated.",
                    customer=inactive[0].display_name,
                )
            )
        if not reason:
            raise UserError(self.env._("Choose why the customers are deactivated."))
        cancel_stage = self.env["maintenance.stage"].search(
            [("fleet_is_cancel", "=", True)], limit=1
        )
        if not cancel_stage:
            raise UserError(
                self.env._(
                    "No Cancelled stage for work orders: mark one maintenance stage as "
                    "Cancelled Stage in Maintenance > Configuration > Stages."
                )
            )
        scope = self._fleet_deactivation_scope()
        counts = self._fleet_count_by_customer(scope)
        now = fields.Datetime.now()
        with self.env.cr.savepoint():
            self.env.flush_all()
            # The Service Manager role gates this operation; it may cancel
            # tasks and work orders of the customer even without rights in
            # the Project or Maintenance apps, as a business rule.
            # Sites before customers: Odoo's partner write() on the customers
            # then finds no active site to rewrite (commercial field sync).
            # Only non-stored fields (users', followers' flags) depend on a
            # partner's active flag: no recomputation needed.
            self._fleet_sql_update(
                "res_partner",
                scope["sites"],
                {"active": False, "fleet_archived_by_deactivation": True},
                now,
                recompute=False,
            )
            self._fleet_sql_update(
                "fleet_customer_contract",
                scope["contracts"],
                {"state": "cancelled"},
                now,
                recompute=False,
            )
            self._fleet_sql_update(
                "maintenance_request",
                scope["work_orders"],
                {
                    "stage_id": cancel_stage.id,
                    "kanban_state": "normal",
                    "close_date": None,
                },
                now,
            )
            self._fleet_sql_update(
                "project_task",
                scope["tasks"],
                {"state": "1_canceled", "date_last_stage_update": now},
                now,
            )
            self.write(
                {
                    "active": False,
                    "fleet_deactivated_on": now,
                    "fleet_deactivated_by_id": self.env.uid,
                    "fleet_deactivation_reason_id": reason.id,
                    "fleet_deactivation_comment": comment or False,
                }
            )
            for customer in self:
                customer._fleet_post_deactivation(counts[customer], reason, comment)
            self.env.flush_all()
        return scope

    def _fleet_reactivate(self):
        """Reactivate the customers and exactly the sites their deactivation
        archived. Cancelled contracts, work orders and tasks stay cancelled."""
        self._fleet_check_service_manager()
        customers = self.with_context(active_test=False)
        customers.check_access("write")
        wrong = customers.filtered(lambda p: not p.is_fleet_customer or p.active)
        if wrong or not customers:
            raise UserError(
                self.env._(
                    "%(partner)s is not a deactivated fleet customer: only deactivated "
                    "customers can be reactivated.",
                    partner=wrong[:1].display_name or "",
                )
            )
        sites = customers.search(
            [
                ("parent_id", "in", customers.ids),
                ("type", "=", "fleet_site"),
                ("active", "=", False),
                ("fleet_archived_by_deactivation", "=", True),
            ]
        )
        site_counts = dict(
            sites.with_context(active_test=False)._read_group(
                [("id", "in", sites.ids)], ["parent_id"], ["__count"]
            )
        )
        with self.env.cr.savepoint():
            # Customers first, sites after: Odoo's partner write() rewrites
            # every active child of a company (commercial field sync), which
            # would cost a query per 100 sites.
            customers.write(
                {
                    "active": True,
                    "fleet_deactivated_on": False,
                    "fleet_deactivated_by_id": False,
                    "fleet_deactivation_reason_id": False,
                    "fleet_deactivation_comment": False,
                }
            )
            self.env.flush_all()
            self._fleet_sql_update(
                "res_partner",
                sites,
                {"active": True, "fleet_archived_by_deactivation": False},
                fields.Datetime.now(),
                recompute=False,
            )
            for customer in customers:
                customer.message_post(
                    body=self.env._(
                        "Customer reactivated by %(user)s; %(sites)s site(s) archived by the "
                        "deactivation are active again. Contracts, work orders and tasks "
                        "cancelled by the deactivation stay cancelled.",
                        user=self.env.user.name,
                        sites=site_counts.get(customer, 0),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
            self.env.flush_all()
        return sites

    @api.model
    def _fleet_sql_update(self, table, records, values, now, recompute=True):
        """One UPDATE for all ``records`` (the ORM writes 100 rows per
        query), then tell the ORM: drop its cache and, with ``recompute``,
        recompute the stored fields that depend on the changed columns."""
        if not records:
            return
        if recompute:
            # modified() follows many2one fields to the dependent records:
            # read them for the whole batch at once, not 1,000 at a time.
            records.fetch(
                [
                    name
                    for name, field in records._fields.items()
                    if field.type == "many2one" and field.store
                ]
            )
        assignments = [
            SQL("%s = %s", SQL.identifier(column), value)
            for column, value in values.items()
        ]
        assignments += [
            SQL("write_uid = %s", self.env.uid),
            SQL("write_date = %s", now),
        ]
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s WHERE id = ANY(%s)",
                SQL.identifier(table),
                SQL(", ").join(assignments),
                records.ids,
            )
        )
        records.invalidate_recordset(list(values) + ["write_uid", "write_date"])
        if recompute:
            records.modified(list(values))
        else:
            # Only non-stored fields depend on these columns: forgetting
            # every cached value is enough, and costs no query.
            self.env.invalidate_all(flush=False)

    def _fleet_count_by_customer(self, scope):
        """{customer: {kind: count}}: one grouped query per kind."""
        counts = {customer: defaultdict(int) for customer in self}
        groupings = [
            ("sites", scope["sites"], "parent_id"),
            ("contracts", scope["contracts"], "partner_id"),
            ("work_orders", scope["work_orders"], "fleet_customer_id"),
            ("tasks", scope["tasks"], "partner_id"),
        ]
        for kind, records, fname in groupings:
            for partner, count in records._read_group(
                [("id", "in", records.ids)], [fname], ["__count"]
            ):
                # Tasks may name a contact of the customer.
                counts[partner.commercial_partner_id][kind] += count
        return counts

    def _fleet_post_deactivation(self, counts, reason, comment):
        self.ensure_one()
        body = Markup("<p>%s</p>") % self.env._(
            "Customer deactivated by %(user)s. Reason: %(reason)s. Archived: %(sites)s site(s). "
            "Cancelled: %(contracts)s contract(s), %(work_orders)s work order(s), %(tasks)s task(s).",
            user=self.env.user.name,
            reason=reason.name,
            sites=counts["sites"],
            contracts=counts["contracts"],
            work_orders=counts["work_orders"],
            tasks=counts["tasks"],
        )
        if comment:
            body += Markup("<p>%s</p>") % comment
        self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _fleet_post_asset_message(self, template, values, author=None):
        """Post ``template`` rendered with ``values`` in the customer's
        chatter, emailed to its contacts who asked for asset emails (no Odoo
        login needed): one message per customer and operation."""
        self.ensure_one()
        # sudo: renders our own data template (admins edit it, users do
        # not), which the restricted mode for users would refuse.
        template = template.sudo()
        lang = template._render_lang(self.ids)[self.id]
        template = template.with_context(lang=lang)
        body = template._render_field("body_html", self.ids, add_context=values)[
            self.id
        ]
        subject = template._render_field("subject", self.ids, add_context=values)[
            self.id
        ]
        recipients = self.child_ids.filtered(
            lambda c: c.fleet_notify_asset_events and c.email and c.active
        )
        self.message_post(
            body=body,
            subject=subject,
            author_id=author.id if author else None,
            partner_ids=recipients.ids,
            message_type="comment" if recipients else "notification",
            subtype_xmlid="mail.mt_comment" if recipients else "mail.mt_note",
            email_layout_xmlid="mail.mail_notification_light",
        )

    # ------------------------------------------------------------------
    # Telematics: site geofences
    # ------------------------------------------------------------------

    @api.depends("fleet_geofence")
    def _compute_fleet_geofence_box(self):
        for partner in self:
            try:
                fence = geo.normalize(partner.fleet_geofence)
            except geo.GeofenceError:
                fence = None  # refused by the constraint below
            box = geo.bounding_box(fence) if fence else (0.0, 0.0, 0.0, 0.0)
            partner.fleet_geofence_type = fence["type"] if fence else False
            (
                partner.fleet_geofence_min_lat,
                partner.fleet_geofence_max_lat,
                partner.fleet_geofence_min_lng,
                partner.fleet_geofence_max_lng,
            ) = box

    def _compute_fleet_asset_event_count(self):
        counts = self._fleet_count_by("fleet.asset.event", "customer_id")
        for partner in self:
            partner.fleet_asset_event_count = counts.get(partner._origin, 0)

    @api.constrains("fleet_geofence", "type")
    def _check_fleet_geofence(self):
        messages = {
            "format": self.env._(
                "The geofence must be a circle (centre and radius) or a polygon "
                "(a list of latitude/longitude points). Draw it again on the map."
            ),
            "coordinates": self.env._(
                "A geofence point has an impossible position: latitudes go from -90 "
                "to 90 and longitudes from -180 to 180."
            ),
            "radius": self.env._(
                "The geofence radius must be more than 0 and at most %(max)s metres.",
                max=geo.MAX_RADIUS_M,
            ),
            "too_few_points": self.env._(
                "A polygon geofence needs at least 3 distinct points."
            ),
            "too_many_points": self.env._(
                "A polygon geofence may have at most %(max)s points: simplify it.",
                max=geo.MAX_POLYGON_POINTS,
            ),
            "antimeridian": self.env._("A geofence may not cross the 180th meridian."),
            "self_intersecting": self.env._(
                "The polygon crosses itself. Move its points so that its edges only "
                "meet at their ends."
            ),
            "flat": self.env._("The polygon has no area: its points are on one line."),
        }
        for partner in self.filtered("fleet_geofence"):
            if partner.type != "fleet_site":
                raise ValidationError(
                    self.env._(
                        "Only sites carry a geofence; %(name)s is not a site.",
                        name=partner.display_name,
                    )
                )
            try:
                geo.normalize(partner.fleet_geofence)
            except geo.GeofenceError as error:
                raise ValidationError(
                    self.env._(
                        "Geofence of %(site)s: %(problem)s",
                        site=partner.display_name,
                        problem=messages[error.code],
                    )
                ) from None

    @api.model
    def fleet_geofence_map_settings(self):
        """What the map widget needs: the tile server (empty: no tiles, for
        offline or privacy-minded setups) and its attribution."""
        params = self.env[
            "ir.config_parameter"
        ].sudo()  # two display settings, no secret
        return {
            "tile_url": params.get_param("fleet_customers.map_tile_url", ""),
            "attribution": params.get_param("fleet_customers.map_tile_attribution", ""),
        }

    def action_open_fleet_asset_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fleet_customers.fleet_asset_event_action"
        )
        action["domain"] = [("customer_id", "=", self.id)]
        action["context"] = {"default_customer_id": self.id}
        return action
