from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

# Written by the system only: the holder by the assignments (see
# _fleet_sync_holder), the position by the telematics ingestion.
SYSTEM_FIELDS = frozenset(
    {
        "fleet_customer_id",
        "fleet_business_unit_id",
        "fleet_site_id",
        "fleet_assigned_since",
        "fleet_last_position_time",
        "fleet_last_latitude",
        "fleet_last_longitude",
    }
)


class MaintenanceEquipment(models.Model):
    _name = "maintenance.equipment"
    _inherit = ["maintenance.equipment", "fleet.portal.mixin"]
    # The holder's contacts write in the asset's chatter from the portal.
    _mail_post_access = "read"
    # What the holder's portal users see of an asset they hold (not its
    # cost, vendor, technician or internal note).
    _fleet_portal_fields = frozenset(
        {
            "id",
            "display_name",
            "name",
            "active",
            "serial_no",
            "model",
            "category_id",
            "company_id",
            "warranty_date",
            "fleet_customer_id",
            "fleet_site_id",
            "fleet_assigned_since",
            "fleet_warranty_months_left",
            "fleet_warranty_expired",
            "fleet_last_position_time",
            "fleet_last_latitude",
            "fleet_last_longitude",
        }
    )

    fleet_assignment_ids = fields.One2many(
        "fleet.asset.assignment",
        "equipment_id",
        string="Customer History",
        groups="fleet_customers.group_fleet_customers_user",
    )
    fleet_customer_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The fleet customer that holds the equipment now.",
    )
    fleet_business_unit_id = fields.Many2one(
        "fleet.business.unit",
        string="Customer Business Unit",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    fleet_site_id = fields.Many2one(
        "res.partner",
        string="Customer Site",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    fleet_assigned_since = fields.Date(
        string="Held Since",
        readonly=True,
        copy=False,
    )
    fleet_warranty_months_left = fields.Integer(
        string="Warranty Months Left",
        compute="_compute_fleet_warranty",
        help="Whole months until the warranty expiration date; "
        "negative once it is past.",
    )
    fleet_warranty_expired = fields.Boolean(
        string="Warranty Expired",
        compute="_compute_fleet_warranty",
    )

    fleet_last_position_time = fields.Datetime(
        string="Last Position Time",
        readonly=True,
        copy=False,
        help="When the telematics unit reported the last known position.",
    )
    fleet_last_latitude = fields.Float(
        string="Last Latitude", digits=(10, 7), readonly=True, copy=False
    )
    fleet_last_longitude = fields.Float(
        string="Last Longitude", digits=(10, 7), readonly=True, copy=False
    )
    fleet_document_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        string="Documents",
        domain=[("res_model", "=", "maintenance.equipment")],
        groups="fleet_customers.group_fleet_customers_user",
        help="The asset's attachments; flag those its holder's contacts may "
        "download from the customer portal.",
    )
    fleet_asset_event_ids = fields.One2many(
        "fleet.asset.event",
        "equipment_id",
        string="Site Events",
        groups="fleet_customers.group_fleet_customers_user",
    )

    @api.depends("warranty_date")
    @api.depends_context("tz")
    def _compute_fleet_warranty(self):
        today = fields.Date.context_today(self)
        for equipment in self:
            if not equipment.warranty_date:
                equipment.fleet_warranty_months_left = 0
                equipment.fleet_warranty_expired = False
                continue
            delta = relativedelta(equipment.warranty_date, today)
            equipment.fleet_warranty_months_left = delta.years * 12 + delta.months
            equipment.fleet_warranty_expired = equipment.warranty_date < today

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._fleet_check_system_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._fleet_check_system_fields(vals)
        return super().write(vals)

    @api.model
    def _fleet_check_system_fields(self, vals):
        forged = SYSTEM_FIELDS & vals.keys()
        if forged and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s of an equipment are set by the system: assign or "
                    "unassign the asset to change its customer; positions come "
                    "from the telematics integration.",
                    fields=", ".join(
                        self._fields[fname].get_description(self.env)["string"]
                        for fname in sorted(forged)
                    ),
                )
            )

    @api.model
    def _fleet_sync_holder(self, equipment):
        """Set the stored holder fields of ``equipment`` from its open
        assignment in one statement (see fleet.asset.assignment._fleet_assign
        for why the bulk path writes in SQL)."""
        if not equipment:
            return
        self.env["fleet.asset.assignment"].flush_model(
            ["equipment_id", "partner_id", "business_unit_id", "site_id"]
            + ["date_start", "date_end"]
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE maintenance_equipment equipment
                   SET fleet_customer_id = assignment.partner_id,
                       fleet_business_unit_id = assignment.business_unit_id,
                       fleet_site_id = assignment.site_id,
                       fleet_assigned_since = assignment.date_start
                  FROM maintenance_equipment target
             LEFT JOIN fleet_asset_assignment assignment
                    ON assignment.equipment_id = target.id
                   AND assignment.date_end IS NULL
                 WHERE equipment.id = target.id AND target.id = ANY(%(ids)s)
                """,
                ids=equipment.ids,
            )
        )
        equipment.invalidate_recordset(
            [
                "fleet_customer_id",
                "fleet_business_unit_id",
                "fleet_site_id",
                "fleet_assigned_since",
                "fleet_assignment_ids",
            ]
        )

    def action_fleet_assign(self):
        return self.env["fleet.asset.assign.wizard"].action_open(equipment=self)

    def action_fleet_unassign(self):
        assignments = self.env["fleet.asset.assignment"].search(
            [("equipment_id", "in", self.ids), ("date_end", "=", False)]
        )
        return self.env["fleet.asset.unassign.wizard"].action_open(assignments)
