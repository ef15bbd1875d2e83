import hashlib
import secrets

from odoo import SUPERUSER_ID, api, fields, models

KEY_PREFIX = "fleet_"


def hash_key(key):
    # Keys are 256 random bits: a plain SHA-256 is as strong as a slow hash
    # against guessing, and lets the lookup use a unique index.
    return hashlib.sha256(key.encode()).hexdigest()


class FleetTelematicsIntegration(models.Model):
    """A telematics provider that sends asset positions, with its API key.
    Only the key's hash is stored: the key is shown once, when generated."""

    _name = "fleet.telematics.integration"
    _description = "Telematics Integration"
    _order = "name"

    name = fields.Char(
        required=True, help="Who sends the positions, e.g. the telematics provider."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        help="Positions are accepted for the equipment of this company "
        "(and equipment of no company).",
    )
    key_hash = fields.Char(copy=False, readonly=True, groups="base.group_system")
    key_hint = fields.Char(
        string="Key",
        copy=False,
        readonly=True,
        help="The first characters of the key, to tell keys apart.",
    )
    key_date = fields.Datetime(string="Key Generated On", copy=False, readonly=True)
    last_batch_time = fields.Datetime(
        string="Last Batch Received", copy=False, readonly=True
    )
    position_count = fields.Integer(
        string="Readings", compute="_compute_position_count"
    )

    _sql_constraints = [
        (
            "key_hash_unique",
            "unique(key_hash)",
            "An API key may belong to one integration only.",
        ),
    ]

    def _compute_position_count(self):
        counts = dict(
            self.env["fleet.asset.position"]._read_group(
                [("integration_id", "in", self.ids)], ["integration_id"], ["__count"]
            )
        )
        for integration in self:
            integration.position_count = counts.get(integration._origin, 0)

    def action_generate_key(self):
        """Give the integration a new key (the old one stops working) and
        show it once."""
        self.ensure_one()
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        # sudo: key_hash is hidden from every group but Settings, and the
        # administrators of integrations (checked by the write ACL right
        # below) must still be able to store it.
        self.check_access("write")
        self.sudo().write(
            {
                "key_hash": hash_key(key),
                "key_hint": key[: len(KEY_PREFIX) + 4] + "…",
                "key_date": fields.Datetime.now(),
            }
        )
        # Like Odoo's own API keys: the clear key travels in the action's
        # context to a form of an abstract model, and is stored nowhere.
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New API Key"),
            "res_model": "fleet.telematics.key.show",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_key": key, "default_integration_id": self.id},
        }

    @api.model
    def _fleet_authenticate(self, key):
        """The active integration owning ``key``, or an empty recordset."""
        if not key or not isinstance(key, str) or not key.startswith(KEY_PREFIX):
            return self.browse()
        return self.search([("key_hash", "=", hash_key(key))], limit=1)

    def _fleet_receive(self, readings):
        """Ingest a batch of readings sent by this integration (see
        fleet.asset.position._fleet_ingest for the summary returned)."""
        self.ensure_one()
        # As the superuser (OdooBot, who then authors the records and the
        # messages): the integration was authenticated by its key, and the
        # ingestion reads and writes only equipment of the integration's
        # company (or of no company) and the readings and events of those.
        Position = self.env["fleet.asset.position"].with_user(SUPERUSER_ID)
        return Position.with_company(self.company_id)._fleet_ingest(
            self.with_user(SUPERUSER_ID), readings
        )

    def _fleet_mark_batch(self):
        # At most one write a minute: concurrent batches of one integration
        # should not queue behind each other on this row.
        self.env.cr.execute(
            """
            UPDATE fleet_telematics_integration
               SET last_batch_time = now() AT TIME ZONE 'UTC'
             WHERE id = %s
               AND (last_batch_time IS NULL
                    OR last_batch_time < now() AT TIME ZONE 'UTC' - interval '1 minute')
            """,
            [self.id],
        )
        self.invalidate_recordset(["last_batch_time"])
