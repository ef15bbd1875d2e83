from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import create_index

from .fleet_asset_assignment import EMAIL_MAX_LINES

EVENT_TYPES = [("enter", "Entered"), ("exit", "Left")]


class FleetAssetEvent(models.Model):
    """An asset crossing the geofence of a site, decided from its telematics
    readings. An "enter" event stays ongoing while the asset is on the site:
    that is the state the next readings are compared with."""

    _name = "fleet.asset.event"
    _inherit = ["fleet.portal.mixin"]
    _description = "Asset Site Event"
    _fleet_portal_fields = frozenset(
        {
            "id",
            "display_name",
            "equipment_id",
            "site_id",
            "customer_id",
            "event_type",
            "event_time",
            "ongoing",
            "company_id",
        }
    )
    _order = "event_time desc, id desc"
    _rec_name = "equipment_id"

    equipment_id = fields.Many2one(
        "maintenance.equipment",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    site_id = fields.Many2one(
        "res.partner",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
    )
    customer_id = fields.Many2one(
        "res.partner",
        required=True,
        readonly=True,
        ondelete="cascade",
        index=True,
        help="The customer whose site it is.",
    )
    event_type = fields.Selection(
        EVENT_TYPES, string="Event", required=True, readonly=True
    )
    event_time = fields.Datetime(string="Time", required=True, readonly=True)
    latitude = fields.Float(digits=(10, 7), readonly=True)
    longitude = fields.Float(digits=(10, 7), readonly=True)
    ongoing = fields.Boolean(
        string="On Site Now",
        readonly=True,
        help="Set on an arrival while the asset has not left the site.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )

    def init(self):
        # The ingestion looks up who is on which site for a batch of assets.
        create_index(
            self.env.cr,
            "fleet_asset_event_ongoing_index",
            self._table,
            ["equipment_id", "site_id"],
            where="ongoing",
        )

    @api.depends("equipment_id", "site_id", "event_type")
    def _compute_display_name(self):
        labels = dict(self._fields["event_type"]._description_selection(self.env))
        for event in self:
            event.display_name = (
                f"{event.equipment_id.display_name} · "
                f"{labels.get(event.event_type, '')} · "
                f"{event.site_id.name or ''}"
            )

    def _fleet_notify_later(self):
        """Queue the messages of a batch of events as one background job
        (OCA queue_job), committed with the events or not at all.

        Rendering and emailing a message per customer takes about 13 ms
        each: inside the provider's request that held the assets' row locks
        for seconds and capped the ingestion near 500 readings/s. A job runs
        on whichever worker or server the queue has, retried on failure."""
        if self:
            self.with_delay(
                description=self.env._(
                    "Notify the customers of %(count)s site events", count=len(self)
                ),
            )._fleet_notify()

    def _fleet_notify(self):
        """One message per customer for a batch of events, in its chatter and
        emailed to its contacts who asked for asset emails."""
        # The job runs later: events of equipment deleted since are gone, and
        # a customer deactivated since is not told of its old sites.
        events = self.exists().filtered(lambda e: e.customer_id.active)
        if not events:
            return
        template = self.env.ref("fleet_customers.mail_template_asset_site_events")
        events.fetch(
            ["equipment_id", "site_id", "customer_id", "event_type", "event_time"]
        )
        events.equipment_id.fetch(["name", "serial_no"])
        events.site_id.fetch(["name"])
        labels = dict(self._fields["event_type"]._description_selection(self.env))
        by_customer = defaultdict(list)
        for event in events:
            by_customer[event.customer_id].append(event)
        # Sent by the system, not by whoever's request carried the readings,
        # from the address of the company whose assets moved.
        author = self.env.ref("base.partner_root")
        for customer, customer_events in by_customer.items():
            customer_events.sort(
                key=lambda e: (e.event_time, e.equipment_id.name or "")
            )
            lines = [
                {
                    "name": event.equipment_id.name,
                    "serial_no": event.equipment_id.serial_no or "",
                    "site": event.site_id.name,
                    "event": event.event_type,
                    "event_label": labels[event.event_type],
                    "time": event.event_time,
                }
                for event in customer_events[:EMAIL_MAX_LINES]
            ]
            customer.with_company(
                customer_events[0].company_id
            )._fleet_post_asset_message(
                template,
                {"lines": lines, "more_count": len(customer_events) - len(lines)},
                author=author,
            )
