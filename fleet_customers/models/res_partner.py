"""Fleet customers as partners: identity, customer number, and the rules
every write path obeys (forms, RPC, imports, other apps).

The other concerns of res.partner live beside this file: contacts
(res_partner_contact.py), sites and geofences (res_partner_site.py), money
(res_partner_money.py), assets, contracts and field work
(res_partner_field_work.py), deactivation (res_partner_deactivation.py).
"""

import logging
from collections import defaultdict

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, create_index, index_exists
from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)

# The dropdown texts (res_partner_name_search.py): the values of Odoo 18's
# partner name search (res.partner._rec_names_search), lowercased by
# PostgreSQL and joined in this order, in generated columns: one on fleet
# customers only (NULL elsewhere: its statistics are the customers'), one
# on every partner.
DROPDOWN_TEXT_COLUMN = "fleet_dropdown_text"
PARTNER_TEXT_COLUMN = "fleet_partner_text"
DROPDOWN_TEXT_SOURCES = ("complete_name", "email", "ref", "vat", "company_registry")
DROPDOWN_TEXT_SEPARATOR = "\x01"
# The customer-rank order of quotations, invoices and tasks (account's
# res_partner_search_mode), which Odoo's complete_name index cannot give.
RANK_ORDER_INDEX = "res_partner_fleet_customer_rank_order_index"


def dropdown_text_expressions():
    """{generated column: its SQL}."""
    lowered = f" || chr({ord(DROPDOWN_TEXT_SEPARATOR)}) || ".join(
        f"lower(coalesce({column}, ''))" for column in DROPDOWN_TEXT_SOURCES
    )
    return {
        DROPDOWN_TEXT_COLUMN: f"CASE WHEN is_fleet_customer THEN {lowered} END",
        PARTNER_TEXT_COLUMN: lowered,
    }


FLEET_ADMIN_GROUP = "fleet_customers.group_fleet_customers_admin"
SERVICE_MANAGER_GROUP = "fleet_customers.group_fleet_customers_service_manager"
FLEET_MANAGER_GROUP = "fleet_customers.group_fleet_customers_manager"

# The GiST index on geofence boxes: the ingestion query tests
# "<this box> @> box(<reading>, <reading>)" on the same expression, so that
# PostgreSQL finds the candidate sites of a reading through the index.
GEOFENCE_BOX_EXPRESSION = (
    "box(point(fleet_geofence_min_lng, fleet_geofence_min_lat), "
    "point(fleet_geofence_max_lng, fleet_geofence_max_lat))"
)

# Written by the deactivation and reactivation only (see
# res_partner_deactivation.py): a trail nobody may forge or erase.
DEACTIVATION_FIELDS = frozenset({"fleet_deactivation_ids"})

# The Customers app's searches by fragment, each with a trigram index.
APP_SEARCH_COLUMNS = ("name", "ref", "city")


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

    # The "All" and "State" searches of the Customers app. As state_id.name
    # (or Odoo's state_id ILIKE), PostgreSQL got a sub-select it cannot
    # combine with the trigram indexes, and walked the whole customer list
    # or scanned res_partner (82 ms at 100,000 customers); this field gives
    # it the matching state ids instead, which an index on state_id serves
    # (bench/RESULTS.md, "Scale"). Names and codes match, as in Odoo's state
    # search; a state picked in the search's autocompletion comes as its id.
    fleet_state_name = fields.Char(
        string="State Name",
        compute="_compute_fleet_state_name",
        search="_search_fleet_state_name",
    )

    @api.depends("state_id")
    def _compute_fleet_state_name(self):
        for partner in self:
            partner.fleet_state_name = partner.state_id.name

    def _search_fleet_state_name(self, operator, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return [("state_id", "=", value)]
        if operator not in ("ilike", "=ilike", "like", "=like", "="):
            return [("state_id.name", operator, value)]
        states = self.env["res.country.state"].search(
            [("display_name", operator, value)]
        )
        return [("state_id", "in", states.ids)]

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
        # customers only, in that order, when a search matches many. It also
        # carries the columns of the partners' read rule (archived, shared
        # partners of other companies): the pager's count then reads this
        # index alone, not one partner row in three.
        # It carries the customers' dropdown text too: a customer dropdown
        # walks the same order and tests that text on the index alone
        # (res_partner_name_search.py).
        self.env.cr.execute(
            SQL("DROP INDEX IF EXISTS res_partner_fleet_customer_order_index")
        )
        self._fleet_create_dropdown_text()
        self._fleet_create_covering_index(
            "res_partner_fleet_customer_list_index",
            "complete_name, id DESC",
            include=[DROPDOWN_TEXT_COLUMN],
        )
        # Quotations, invoices and tasks walk every partner in customer-rank
        # order, testing the partners' dropdown text on this index alone.
        self._fleet_create_covering_index(
            RANK_ORDER_INDEX,
            "customer_rank DESC, complete_name, id DESC",
            include=[PARTNER_TEXT_COLUMN],
            where="",
        )
        # The app's side panel counts the customers of each segment at every
        # opening: from this index alone, not from every customer's row
        # (96 -> 42 ms at 100,000 customers).
        self._fleet_create_covering_index(
            "res_partner_fleet_segment_count_index", "fleet_segment_id"
        )
        # The State search (and the All search's state branch) looks the
        # matching states up first and asks for their customers: counting
        # them reads this index alone, not their rows (a letter matches
        # 1,300 states: 14 to 27 -> 5 to 7 ms for 10,001 at 100,000
        # customers).
        self._fleet_create_covering_index("res_partner_fleet_state_index", "state_id")
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except psycopg2.Error:
            _logger.warning(
                "pg_trgm is not available: "
                "customer searches by fragment will scan the table."
            )
            return
        for column in APP_SEARCH_COLUMNS:
            create_index(
                self.env.cr,
                f"res_partner_fleet_{column}_trgm_index",
                self._table,
                [f"{column} gin_trgm_ops"],
                method="gin",
                where="is_fleet_customer",
            )
        self._fleet_create_dropdown_indexes()
        self._fleet_disable_gin_pending_lists(
            [f"res_partner_fleet_{column}_trgm_index" for column in APP_SEARCH_COLUMNS]
            + [
                name
                for name, (__, method) in self._fleet_dropdown_indexes().items()
                if method == "gin"
            ]
        )

    def _fleet_create_dropdown_text(self):
        """The generated columns of the partners' joined values. Adding
        stored generated columns rewrites the partners' table once (both in
        one statement), at install: 19 s for 300,000 partners
        (bench/RESULTS.md)."""
        missing = [
            SQL(
                "ADD COLUMN %s text GENERATED ALWAYS AS (%s) STORED",
                SQL.identifier(column),
                SQL(expression),
            )
            for column, expression in dropdown_text_expressions().items()
            if not column_exists(self.env.cr, self._table, column)
        ]
        if missing:
            self.env.cr.execute(
                SQL("ALTER TABLE res_partner %s", SQL(", ").join(missing))
            )

    def _fleet_create_covering_index(
        self, name, keys, include=(), where="is_fleet_customer"
    ):
        """A B-tree index over fleet customers (every partner where
        ``where`` is empty) that also carries the columns of the partners'
        read rule (archived, shared partners of other companies) and
        ``include``, so that a search or count over ``keys`` reads the index
        alone. ``keys`` and ``where`` are constant SQL of this module. An
        index of an earlier version that carries other columns is built
        again."""
        names = [*include, "active", "partner_share", "company_id"]
        columns = SQL(", ").join(SQL.identifier(column) for column in names)
        cr = self.env.cr
        if index_exists(cr, name):
            cr.execute(SQL("SELECT pg_get_indexdef(%s::regclass)", name))
            if f"INCLUDE ({', '.join(names)})" in cr.fetchone()[0]:
                return
            cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
        cr.execute(
            SQL(
                "CREATE INDEX %s ON res_partner (%s) INCLUDE (%s)%s",
                SQL.identifier(name),
                SQL(keys),
                columns,
                SQL(" WHERE %s", SQL(where)) if where else SQL(),
            )
        )

    def _fleet_disable_gin_pending_lists(self, names):
        """Write partners straight into these trigram indexes.

        By default a GIN index queues new entries in a pending list, which
        every search then reads whole until a vacuum merges it: after 25,000
        partner writes (an import, a large deactivation), each of these
        indexes took 2 ms to scan even when it held no match, and a customer
        dropdown reads five of them (bench/RESULTS.md, "Scale"). Partners
        change seldom and are searched at every keystroke: the searches win.
        Entries already pending are merged now."""
        self.env.cr.execute(
            SQL(
                """
                SELECT relname FROM pg_class
                 WHERE relkind = 'i' AND relname IN %s
                   AND NOT coalesce(reloptions, '{}') @> ARRAY['fastupdate=off']
                """,
                tuple(names),
            )
        )
        for (name,) in self.env.cr.fetchall():
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        SQL(
                            "ALTER INDEX %s SET (fastupdate = off)",
                            SQL.identifier(name),
                        )
                    )
                    self.env.cr.execute(
                        SQL("SELECT gin_clean_pending_list(%s::regclass)", name)
                    )
            except psycopg2.Error:
                # Only the index's owner may; searches work either way.
                _logger.warning(
                    "Could not turn off the pending list of index %s: "
                    "searches may slow down between vacuums.",
                    name,
                )

    def _fleet_create_dropdown_indexes(self):
        """Indexes for Odoo's partner name search (every customer dropdown:
        quotations, invoices, work orders, the assign dialog), over all
        partners since it searches all of them.

        The search is an OR of ILIKE '%...%' on every field of
        _rec_names_search: one column without a trigram index, and
        PostgreSQL scans the whole table (300,000 rows at 100,000
        customers: 0.3 to 2 s a keystroke). With one on each, a rare term is
        a BitmapOr of the five. A common term is found by walking the
        partners in dropdown order until 8 match: quotations and invoices
        sort by customer rank first (account's res_partner_search_mode),
        which Odoo's own complete_name index cannot give in order."""
        created = False
        for name, (expressions, method) in self._fleet_dropdown_indexes().items():
            if not index_exists(self.env.cr, name):
                create_index(self.env.cr, name, self._table, expressions, method=method)
                created = True
        if created:
            # Statistics of the new expressions, which the customer dropdowns'
            # estimates read; autovacuum may take its time to gather them.
            self.env.cr.execute(SQL("ANALYZE res_partner"))

    @api.model
    def _fleet_dropdown_indexes(self):
        """Name -> (expressions, method) of the dropdown indexes: one trigram
        index per stored text column Odoo's partner name search reads (the
        customer-rank order carries the partners' dropdown text: it is
        built with it). The uninstall hook drops them by name."""
        indexes = {
            f"res_partner_fleet_search_{column}_trgm_index": (
                [f"{column} gin_trgm_ops"],
                "gin",
            )
            for column in self._fleet_customer_search_columns()
        }
        indexes.update(self._fleet_customer_dropdown_indexes())
        return indexes

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

    # ------------------------------------------------------------------
    # CRUD: every path (forms, RPC, imports, other apps) comes through here
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._fleet_check_system_fields(vals)
                if vals.get("is_fleet_customer") and not vals.get("active", True):
                    raise AccessError(
                        self.env._(
                            "A fleet customer cannot be created archived: create "
                            "it, then deactivate it (Service Manager), which "
                            "records why."
                        )
                    )
        parent_ids = {vals["parent_id"] for vals in vals_list if vals.get("parent_id")}
        # sudo: reads one flag of the parents, to decide which check applies.
        fleet_parent_ids = set(
            self.browse(parent_ids)
            .sudo()
            .filtered("commercial_partner_id.is_fleet_customer")
            .ids
        )
        for vals in vals_list:
            if vals.get("type") == "fleet_site" and vals.get("parent_id"):
                customer = self.browse(vals["parent_id"])
                customer._fleet_check_active_customer(self.env._("a site"))
                # A new site starts with the customer's contact details.
                for fname in ("phone", "mobile", "email"):
                    if not vals.get(fname) and customer[fname]:
                        vals[fname] = customer[fname]
            if vals.get("is_fleet_customer"):
                self._fleet_normalize_ref(vals)
                # Customer numbers come from a company's own dealer management
                # system: a fleet customer belongs to a company unless told.
                vals.setdefault("company_id", self.env.company.id)
                if not vals.get("fleet_segment_id"):
                    vals["fleet_segment_id"] = self._fleet_default_segment().id
        if any(
            vals.get("is_fleet_customer") or vals.get("parent_id") in fleet_parent_ids
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
        self._fleet_check_system_fields(vals)
        self._fleet_check_membership_change(vals)
        if "is_fleet_customer" in vals and not vals["is_fleet_customer"]:
            self.filtered("is_fleet_customer")._fleet_check_no_sites()
        if "active" in vals:
            self._fleet_check_archiving(vals["active"])
        if "ref" in vals:
            self._fleet_normalize_ref(vals)
            self._fleet_check_ref_change(vals)
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
        if not self.env.su and not self.env.user.has_group(FLEET_MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only Fleet Customers administrators may delete customers. "
                    "Deactivate the customer instead, or ask an administrator."
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
                # Ending today, or at its start for an assignment made today
                # by someone whose day is already tomorrow (their timezone).
                today = fields.Date.context_today(self)
                for date_end, current in (
                    assignments.filtered("is_current")
                    .grouped(lambda a: max(a.date_start, today))
                    .items()
                ):
                    current._fleet_unassign(date_end)
                assignments.unlink()
                units.unlink()
                dependents.unlink()
                result = super().unlink()
        except psycopg2.errors.ForeignKeyViolation as error:
            raise UserError(
                self.env._(
                    "%(customers)s cannot be deleted: other records, such as "
                    "invoices or orders, still refer to it. Deactivate the "
                    "customer instead, which keeps its history.",
                    customers=", ".join(customers.mapped("display_name")),
                )
            ) from error
        return result

    # ------------------------------------------------------------------
    # The rules of write(), one method each
    # ------------------------------------------------------------------

    @api.model
    def _fleet_check_system_fields(self, vals):
        """The deactivation trail is written by the deactivation itself (as
        the superuser, after its own checks), never by a user."""
        forged = DEACTIVATION_FIELDS & vals.keys()
        if forged and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s are recorded by Deactivate and Reactivate only: "
                    "use those actions (Service Manager).",
                    fields=", ".join(
                        self._fields[fname].get_description(self.env)["string"]
                        for fname in sorted(forged)
                    ),
                )
            )

    def _fleet_check_membership_change(self, vals):
        """Who belongs to a fleet customer is the Fleet roles' business,
        whatever field moves a partner in or out (parent, company flag,
        the fleet flag itself)."""
        if self.env.su:
            return
        joining = False
        if vals.get("parent_id"):
            # sudo: reads one flag of the new parent, to decide the check.
            parent = self.browse(vals["parent_id"]).sudo()
            joining = parent.commercial_partner_id.is_fleet_customer
        involved = self.filtered("commercial_partner_id.is_fleet_customer")
        if involved or joining or vals.get("is_fleet_customer"):
            self._fleet_check_admin(self.env._("modify"))
        if (
            "is_fleet_customer" in vals
            and not vals["is_fleet_customer"]
            and self.filtered("is_fleet_customer")
            and not self.env.user.has_group(FLEET_MANAGER_GROUP)
        ):
            raise AccessError(
                self.env._(
                    "Only Fleet Customers administrators may turn a fleet customer "
                    "into an ordinary contact. Deactivate the customer instead, "
                    "or ask an administrator."
                )
            )

    def _fleet_check_archiving(self, active):
        """A fleet customer is archived by Deactivate and comes back by
        Reactivate, which cascade and keep the trail; a plain archive or
        unarchive (write, import, the Archive menu) would do neither."""
        if self.env.su:
            return
        moving = self.filtered(
            lambda p: p.is_fleet_customer and p.active != bool(active)
        )
        if moving:
            raise AccessError(
                self.env._(
                    "%(customer)s is a fleet customer: use Deactivate or Reactivate "
                    "(Service Manager) instead of archiving or unarchiving it. They "
                    "also take care of its sites, contracts and open work.",
                    customer=moving[0].display_name,
                )
            )

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
                    self._fleet_raise_duplicate_ref(ref)
            by_number[ref.lower()].append((partner, company_id, ref))
        if not by_number:
            return
        # One query for the whole batch, on the unique index of numbers (an
        # OR of 10,000 =ilike terms, as an import sends, took seconds).
        self.flush_model(["ref", "is_fleet_customer", "company_id"])
        company_ids = {
            company_id or 0
            for candidates in by_number.values()
            for __, company_id, __ in candidates
        }
        company_clause = (
            SQL("TRUE")  # a customer of no company clashes with all
            if 0 in company_ids
            else SQL("COALESCE(company_id, 0) = ANY(%s)", [0, *company_ids])
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM res_partner
                 WHERE is_fleet_customer AND ref IS NOT NULL
                   AND %s AND lower(ref) = ANY(%s)
                """,
                company_clause,
                list(by_number),
            )
        )
        # sudo: uniqueness spans records the user may not read.
        holders = self.sudo().browse([row[0] for row in rows])
        for holder in holders:
            for partner, company_id, __ in by_number.get(holder.ref.lower(), ()):
                if holder != partner and _companies_clash(
                    company_id, holder.company_id.id
                ):
                    self._fleet_raise_duplicate_ref(holder.ref, holder)

    @api.model
    def _fleet_raise_duplicate_ref(self, ref, holder=None):
        # The holder is named only to those who may read it: otherwise the
        # message would tell anyone which customer of another company has
        # a given number.
        visible = holder and holder.with_env(self.env).has_access("read")
        raise ValidationError(
            self.env._(
                "Customer number %(number)s is already used by %(holder)s. Customer "
                "numbers must be unique within a company (upper and lower case count "
                "as the same): check the number in your dealer management system.",
                number=ref,
                holder=holder.display_name
                if visible
                else self.env._("another customer"),
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

    def _fleet_check_ref_change(self, vals):
        """A number once set is changed by a Service Manager only. Judged
        against the stored number, for every partner that is or becomes a
        fleet customer in this write, whatever else the write changes."""
        if self.env.su or self.env.user.has_group(SERVICE_MANAGER_GROUP):
            return
        becomes_customer = vals.get("is_fleet_customer")
        changed = self.filtered(
            lambda p: (p.is_fleet_customer or becomes_customer)
            and p.ref
            and p.ref != vals["ref"]
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

    def _fleet_count_by(self, model, fname, domain=()):
        """{partner: number of ``model`` records whose ``fname`` is that
        partner}, for all partners of self in one grouped query."""
        groups = self.env[model]._read_group(
            [(fname, "in", self.ids), *domain], [fname], ["__count"]
        )
        return dict(groups)

    def _fleet_set_computed(self, fname, values, default):
        """From a compute method of the non-stored field ``fname``: give
        each partner of self its value in ``values`` ({partner id: value in
        the field's cache format}), ``default`` where it has none; a new
        record (a form's onchange) takes the value of the partner it edits.

        One cache update for the whole recordset, where assigning through
        the field costs a call per partner, and for a Monetary field a
        currency read and a rounding each (Monetary.convert_to_cache): the
        list's money and asset columns spent 4 ms of a 30 ms page of 80
        customers at 100,000 that way (bench/RESULTS.md)."""
        keys = [id_ or id_.origin for id_ in self._ids]
        self.env.cache.update(
            self, self._fields[fname], [values.get(key, default) for key in keys]
        )
