"""Sites of a fleet customer: child addresses with a note for field staff
and a geofence for telematics."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import geofence as geo


class ResPartner(models.Model):
    # One concern per file (see res_partner.py), on purpose.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    type = fields.Selection(
        selection_add=[("fleet_site", "Site")],
        ondelete={"fleet_site": "set default"},
    )
    fleet_site_note = fields.Text(
        string="Site Note",
        # Internal: the portal shows the note for the customer only.
        groups="base.group_user",
        help="Shown to field staff on work orders and tasks at this site: "
        "gate codes, parking, safety instructions.",
    )
    fleet_portal_note = fields.Text(
        string="Note for the Customer",
        help="Shown to the customer's contacts on the site's page of the customer "
        "portal. The Site Note stays internal.",
    )
    fleet_site_ids = fields.One2many(
        "res.partner",
        "parent_id",
        string="Sites",
        domain=[("type", "=", "fleet_site")],
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

    def action_fleet_open_notes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "fleet_customers.fleet_customer_note_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["display_name"] = self.env._("Notes on %(customer)s", customer=self.name)
        return action

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

    @api.constrains("type", "parent_id")
    def _check_fleet_site_customer(self):
        """A site always belongs to a fleet customer: site events, emails and
        work orders are about a customer's site, never anybody's address."""
        orphans = self.filtered(
            lambda p: p.type == "fleet_site" and not p.parent_id.is_fleet_customer
        )
        if orphans:
            raise ValidationError(
                self.env._(
                    "%(site)s is a site: it must belong to a fleet customer. "
                    "Create sites from the customer's Sites tab.",
                    site=orphans[0].display_name,
                )
            )

    def _fleet_check_no_sites(self):
        """Called before ``self`` stop being fleet customers: their sites
        would belong to nobody's customer."""
        # sudo: a look over every site, archived ones and other companies'
        # included; only which customer has one leaves.
        with_sites = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("parent_id", "in", self.ids), ("type", "=", "fleet_site")], limit=1
            )
        )
        if with_sites:
            raise ValidationError(
                self.env._(
                    "%(customer)s has sites: it must stay a fleet customer. "
                    "Deactivate it instead.",
                    customer=with_sites.parent_id.display_name,
                )
            )

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
