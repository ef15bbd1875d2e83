from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

EMAIL_MAX_LINES = 200
FLEET_MANAGER_GROUP = "fleet_customers.group_fleet_customers_manager"

RELATIONS = [
    ("owned", "Owned by the customer"),
    ("rented", "Rented"),
    ("serviced", "Serviced"),
    ("other", "Other"),
]


class FleetAssetAssignment(models.Model):
    """Who held which piece of equipment, and when.

    A row is history: unassigning closes it (date_end), nothing is deleted.
    The period is half-open, [date_start, date_end): the customer held the
    asset from date_start until the day before date_end, so a transfer on day
    D closes the old row and opens the new one on the same D.
    """

    _name = "fleet.asset.assignment"
    _inherit = ["fleet.portal.mixin"]
    _description = "Assignment of an Asset to a Fleet Customer"
    # The customer's portal users see their own periods of holding assets.
    _fleet_portal_fields = frozenset(
        {
            "id",
            "display_name",
            "equipment_id",
            "partner_id",
            "site_id",
            "relation",
            "date_start",
            "date_end",
            "is_current",
            "equipment_name",
            "serial_no",
            "model",
            "company_id",
        }
    )
    _order = "date_start desc, id desc"
    _check_company_auto = True

    equipment_id = fields.Many2one(
        "maintenance.equipment",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("is_fleet_customer", "=", True)],
        check_company=True,
    )
    business_unit_id = fields.Many2one(
        "fleet.business.unit",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('partner_id', '=', partner_id)]",
        check_company=True,
    )
    site_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        ondelete="restrict",
        domain="[('parent_id', '=', partner_id), ('type', '=', 'fleet_site')]",
        help="Where the asset stands: one of the customer's sites.",
        check_company=True,
    )
    relation = fields.Selection(
        RELATIONS,
        required=True,
        default="owned",
        help="Why the customer holds the asset.",
    )
    date_start = fields.Date(
        string="Since",
        required=True,
        default=fields.Date.context_today,
    )
    date_end = fields.Date(
        string="Until",
        help="The day the asset was unassigned. Empty while the customer holds it.",
    )
    is_current = fields.Boolean(
        string="Current",
        compute="_compute_is_current",
        store=True,
        index=True,
    )
    note = fields.Text()
    company_id = fields.Many2one(
        related="equipment_id.company_id",
        store=True,
        index=True,
    )
    # Stored copies for the ownership overview: grouped in SQL, not Python.
    segment_id = fields.Many2one(
        related="partner_id.fleet_segment_id",
        string="Segment",
        store=True,
    )
    category_id = fields.Many2one(
        related="equipment_id.category_id",
        string="Equipment Category",
        store=True,
    )
    # The asset's name and serial number on the customer's own periods:
    # shown in the portal even once another customer holds the asset.
    equipment_name = fields.Char(string="Asset Name", related="equipment_id.name")
    serial_no = fields.Char(related="equipment_id.serial_no")
    warranty_months_left = fields.Integer(
        related="equipment_id.fleet_warranty_months_left"
    )
    warranty_expired = fields.Boolean(related="equipment_id.fleet_warranty_expired")
    model = fields.Char(related="equipment_id.model")
    held_on = fields.Date(
        compute="_compute_held_on",
        search="_search_held_on",
        help="Search for the assignments that were running on a given day.",
    )

    _sql_constraints = [
        (
            "date_order",
            "CHECK (date_end IS NULL OR date_end >= date_start)",
            "An assignment cannot end before it starts.",
        ),
        (
            # One open assignment per equipment, whoever saves first.
            "one_open_per_equipment",
            "EXCLUDE (equipment_id WITH =) WHERE (date_end IS NULL)",
            "This equipment is already assigned to a customer: unassign or "
            "transfer it first.",
        ),
        (
            # No two periods of the same equipment overlap. The equipment id
            # is wrapped in a one-value range so that a plain GiST index
            # serves both columns without the btree_gist extension.
            "no_overlap",
            "EXCLUDE USING gist (int4range(equipment_id, equipment_id, '[]') WITH &&, "
            "daterange(date_start, date_end, '[)') WITH &&)",
            "This equipment was held by another customer during part of this "
            "period: assignment periods of an equipment cannot overlap.",
        ),
    ]

    @api.depends("date_end")
    def _compute_is_current(self):
        for assignment in self:
            assignment.is_current = not assignment.date_end

    @api.depends("equipment_id", "partner_id")
    def _compute_display_name(self):
        for assignment in self:
            assignment.display_name = self.env._(
                "%(equipment)s at %(customer)s",
                equipment=assignment.equipment_id.display_name,
                customer=assignment.partner_id.display_name,
            )

    def _compute_held_on(self):
        self.held_on = False

    def _search_held_on(self, operator, value):
        if operator != "=" or not value:
            raise UserError(self.env._("Search 'Held On' with one date."))
        return [
            ("date_start", "<=", value),
            "|",
            ("date_end", "=", False),
            ("date_end", ">", value),
        ]

    @api.constrains(
        "partner_id", "business_unit_id", "site_id", "date_start", "date_end"
    )
    def _check_assignment(self):
        for assignment in self:
            assignment._fleet_check_values(
                assignment.partner_id,
                assignment.business_unit_id,
                assignment.date_start,
                assignment.date_end,
                site=assignment.site_id,
            )

    # ------------------------------------------------------------------
    # CRUD: the same rules as the Assign and Unassign actions, for every
    # path (RPC, imports, other apps)
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Equipment = self.env["maintenance.equipment"]
        Partner = self.env["res.partner"]
        BusinessUnit = self.env["fleet.business.unit"]
        for vals in vals_list:
            if vals.get("date_end"):
                self._fleet_check_history_editor()
            else:
                self._fleet_check_assignable(
                    Equipment.browse(vals.get("equipment_id")),
                    Partner.browse(vals.get("partner_id")),
                    BusinessUnit.browse(vals.get("business_unit_id")),
                    Partner.browse(vals.get("site_id")),
                    fields.Date.to_date(vals.get("date_start"))
                    or fields.Date.context_today(self),
                )
        assignments = super().create(vals_list)
        Equipment._fleet_sync_holder(assignments.equipment_id)
        assignments._fleet_log_history_change(self.env._("created"))
        for date_start, group in (
            assignments.filtered("is_current").grouped("date_start").items()
        ):
            group._fleet_notify("assigned", date_start)
        return assignments

    def write(self, vals):
        if vals.keys() & {"equipment_id", "partner_id"} and not self.env.su:
            raise UserError(
                self.env._(
                    "An assignment keeps its equipment and customer: unassign the "
                    "asset and assign it again, or transfer it."
                )
            )
        history = self.filtered("date_end")
        if history:
            history._fleet_check_history_editor()
        closing = (
            self.filtered(lambda a: not a.date_end)
            if vals.get("date_end")
            else self.browse()
        )
        reopening = (
            history if "date_end" in vals and not vals["date_end"] else self.browse()
        )
        res = super().write(vals)
        # The other rules of an assignment are constraints (_check_assignment).
        self.filtered("is_current").partner_id._fleet_check_active_customer(
            self.env._("an assignment")
        )
        if vals.keys() & {"date_end", "business_unit_id", "site_id", "date_start"}:
            self.env["maintenance.equipment"]._fleet_sync_holder(self.equipment_id)
        history._fleet_log_history_change(self.env._("corrected"))
        for date_end, group in closing.grouped("date_end").items():
            group._fleet_notify("unassigned", date_end)
        for date_start, group in reopening.grouped("date_start").items():
            group._fleet_notify("assigned", date_start)
        return res

    def unlink(self):
        equipment = self.equipment_id
        self._fleet_log_history_change(self.env._("deleted"))
        res = super().unlink()
        self.env["maintenance.equipment"]._fleet_sync_holder(equipment.exists())
        return res

    def _fleet_check_history_editor(self):
        """Ended periods are history: only an Administrator corrects them."""
        if self.env.su or self.env.user.has_group(FLEET_MANAGER_GROUP):
            return
        raise AccessError(
            self.env._(
                "This assignment has ended: it is part of the asset's history, "
                "which only a Fleet Customers administrator may correct."
            )
        )

    def _fleet_log_history_change(self, what):
        """A note on each equipment whose ended assignment was created,
        corrected or deleted by hand (logged: no email, no sender needed)."""
        notes = defaultdict(list)
        for assignment in self.filtered("date_end"):
            notes[assignment.equipment_id.id].append(
                self.env._(
                    "Customer history %(what)s by %(user)s: %(customer)s from "
                    "%(start)s until %(end)s.",
                    what=what,
                    user=self.env.user.name,
                    customer=assignment.partner_id.display_name,
                    start=format_date(self.env, assignment.date_start),
                    end=format_date(self.env, assignment.date_end),
                )
            )
        if notes:
            self.env["maintenance.equipment"].browse(notes)._message_log_batch(
                {equipment_id: " ".join(lines) for equipment_id, lines in notes.items()}
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _fleet_check_values(
        self, customer, business_unit, date_start, date_end=None, site=None
    ):
        if not customer.is_fleet_customer:
            raise ValidationError(
                self.env._(
                    "%(partner)s is not a fleet customer: assets can only be assigned "
                    "to customers of the Customers app.",
                    partner=customer.display_name,
                )
            )
        if business_unit and business_unit.partner_id != customer:
            raise ValidationError(
                self.env._(
                    "Business unit %(unit)s belongs to %(owner)s, not to %(customer)s: "
                    "choose one of %(customer)s's business units.",
                    unit=business_unit.display_name,
                    owner=business_unit.partner_id.display_name,
                    customer=customer.display_name,
                )
            )
        if site and (site.parent_id != customer or site.type != "fleet_site"):
            raise ValidationError(
                self.env._(
                    "%(site)s is not a site of %(customer)s: choose one of its sites.",
                    site=site.display_name,
                    customer=customer.display_name,
                )
            )
        if not date_start:
            raise ValidationError(self.env._("Enter the date the assignment starts."))
        if date_end and date_end < date_start:
            raise ValidationError(
                self.env._(
                    "The assignment cannot end on %(end)s, "
                    "before it starts on %(start)s.",
                    end=format_date(self.env, date_end),
                    start=format_date(self.env, date_start),
                )
            )

    @api.model
    def _fleet_assign(
        self,
        equipment,
        customer,
        *,
        business_unit=None,
        site=None,
        date_start=None,
        relation="owned",
        note=False,
        transfer=False,
    ):
        """Assign every equipment of ``equipment`` to ``customer`` at once.

        Equipment already held elsewhere is refused, naming the holder,
        unless ``transfer`` is set: then its open assignment is closed on
        ``date_start`` and the new one opens the same day, in the same
        transaction. Checks read in batch; the rows are written with two
        set-based statements, so the query count does not grow with the
        number of assets (the ORM writes 100 rows per query).

        :return: the new assignments
        """
        business_unit = business_unit or self.env["fleet.business.unit"]
        site = site or self.env["res.partner"]
        date_start = date_start or fields.Date.context_today(self)
        if not equipment:
            raise UserError(self.env._("Select the equipment to assign."))
        # Rights are checked up front: the rows are written in SQL below.
        self.check_access("create")
        equipment.check_access("read")
        # One query for the whole batch (lazy loading reads 1,000 at a time).
        equipment.fetch(["company_id", "name", "serial_no"])
        customer.check_access("write")
        held = self._fleet_check_assignable(
            equipment, customer, business_unit, site, date_start, transfer=transfer
        )
        if held:
            held._fleet_unassign(date_start)

        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO fleet_asset_assignment (
                    equipment_id, partner_id, business_unit_id, site_id, relation,
                    date_start, note, is_current, company_id, segment_id, category_id,
                    create_uid, write_uid, create_date, write_date
                )
                SELECT equipment.id, %(customer)s, %(unit)s, %(site)s, %(relation)s,
                       %(date_start)s, %(note)s, TRUE, equipment.company_id,
                       %(segment)s, equipment.category_id,
                       %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM maintenance_equipment equipment
                 WHERE equipment.id = ANY(%(equipment_ids)s)
                 ORDER BY equipment.id
                RETURNING id
                """,
                customer=customer.id,
                unit=business_unit.id or None,
                site=site.id or None,
                relation=relation,
                date_start=date_start,
                note=note or None,
                segment=customer.fleet_segment_id.id or None,
                uid=self.env.uid,
                now=self.env.cr.now(),
                equipment_ids=equipment.ids,
            )
        )
        assignments = self.browse([row[0] for row in self.env.cr.fetchall()])
        self.env["maintenance.equipment"]._fleet_sync_holder(equipment)
        self._fleet_invalidate_after_sql()
        assignments._fleet_notify("assigned", date_start)
        return assignments

    @api.model
    def _fleet_check_assignable(
        self, equipment, customer, business_unit, site, date_start, transfer=False
    ):
        """Every rule of a new assignment, for the bulk path and for
        create(): the customer is a fleet customer and active, the business
        unit and site are its own, the companies match, and the equipment is
        not held by someone else (unless it is transferred).

        :return: the open assignments that a transfer ends
        """
        self._fleet_check_values(customer, business_unit, date_start, site=site)
        customer._fleet_check_active_customer(self.env._("an assignment"))
        if customer.company_id:
            foreign = equipment.filtered(lambda e: e.company_id != customer.company_id)
            if foreign:
                raise ValidationError(
                    self.env._(
                        "%(equipment)s belongs to %(company)s, customer %(customer)s "
                        "to %(customer_company)s: assets can only be assigned within "
                        "one company.",
                        equipment=foreign[0].display_name,
                        company=foreign[0].company_id.name or self.env._("no company"),
                        customer=customer.display_name,
                        customer_company=customer.company_id.name,
                    )
                )
        held = self.search(
            [("equipment_id", "in", equipment.ids), ("date_end", "=", False)]
        )
        if held and not transfer:
            first = held[0]
            raise UserError(
                self.env._(
                    "%(equipment)s is already assigned to %(holder)s since "
                    "%(date)s%(more)s. Unassign it first, or choose Transfer to "
                    "move it to %(customer)s.",
                    equipment=first.equipment_id.display_name,
                    holder=first.partner_id.display_name,
                    date=format_date(self.env, first.date_start),
                    more=self.env._(
                        " (and %(count)s more assets are held)", count=len(held) - 1
                    )
                    if len(held) > 1
                    else "",
                    customer=customer.display_name,
                )
            )
        return held

    def _fleet_unassign(self, date_end=None):
        """Close the open assignments of ``self`` on ``date_end`` (default
        today). Two set-based statements, whatever the number of rows."""
        date_end = date_end or fields.Date.context_today(self)
        if not self:
            return self
        self.check_access("write")
        self.fetch(["date_start", "date_end", "equipment_id", "partner_id"])
        closed = self.filtered("date_end")
        if closed:
            raise UserError(
                self.env._(
                    "%(assignment)s already ended on %(date)s: "
                    "only current assignments can be unassigned.",
                    assignment=closed[0].display_name,
                    date=format_date(self.env, closed[0].date_end),
                )
            )
        too_early = self.filtered(lambda a: a.date_start > date_end)
        if too_early:
            raise ValidationError(
                self.env._(
                    "%(assignment)s started on %(start)s: it cannot end on %(end)s. "
                    "Choose a date on or after the start.",
                    assignment=too_early[0].display_name,
                    start=format_date(self.env, too_early[0].date_start),
                    end=format_date(self.env, date_end),
                )
            )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE fleet_asset_assignment
                   SET date_end = %(date_end)s, is_current = FALSE,
                       write_uid = %(uid)s, write_date = %(now)s
                 WHERE id = ANY(%(ids)s) AND date_end IS NULL
             RETURNING id
                """,
                date_end=date_end,
                uid=self.env.uid,
                now=self.env.cr.now(),
                ids=self.ids,
            )
        )
        # Someone else ended one of them since it was read: refuse, so that
        # each assignment is ended once, by one operation (load test).
        if self.env.cr.rowcount != len(self):
            raise UserError(
                self.env._(
                    "Another user has just unassigned some of these assets: "
                    "reload and try again."
                )
            )
        self.env["maintenance.equipment"]._fleet_sync_holder(self.equipment_id)
        self._fleet_invalidate_after_sql()
        self._fleet_notify("unassigned", date_end)
        return self

    @api.model
    def _fleet_invalidate_after_sql(self):
        # The rows were written in SQL: drop what the ORM cached about them.
        self.invalidate_model()
        self.env["res.partner"].invalidate_model(
            [
                "fleet_assignment_ids",
                "fleet_current_assignment_ids",
                "fleet_asset_count",
            ]
        )

    def _fleet_notify(self, event, event_date):
        """Tell each customer's people about the assets of one operation:
        one chatter message per customer, emailed to the contacts who asked
        for asset emails (no Odoo login needed)."""
        template = self.env.ref(f"fleet_customers.mail_template_asset_{event}")
        # Explicit fetches: one query each, whatever the number of assets.
        self.fetch(["equipment_id", "partner_id", "business_unit_id"])
        self.equipment_id.fetch(["name", "serial_no", "model"])
        self.business_unit_id.fetch(["name"])
        by_customer = defaultdict(list)
        for assignment in self:
            by_customer[assignment.partner_id].append(assignment)
        for customer, assignments in by_customer.items():
            assignments.sort(key=lambda a: a.equipment_id.name or "")
            lines = [
                {
                    "name": a.equipment_id.name,
                    "serial_no": a.equipment_id.serial_no or "",
                    "model": a.equipment_id.model or "",
                    "business_unit": a.business_unit_id.name or "",
                }
                # An email lists a readable number of assets; the rest is
                # counted, and every one is on the customer's Assets tab.
                for a in assignments[:EMAIL_MAX_LINES]
            ]
            customer._fleet_post_asset_message(
                template,
                {
                    "lines": lines,
                    "more_count": len(assignments) - len(lines),
                    "event_date": event_date,
                },
            )

    def action_open_unassign(self):
        return self.env["fleet.asset.unassign.wizard"].action_open(self)
