from odoo import api, fields, models, tools
from odoo.tools import SQL, html2plaintext, plaintext2html


class FleetCustomerNote(models.Model):
    """Every note about a fleet customer in one list: the internal notes of
    its chatter (office only) and the site notes of its sites (shown to field
    staff on work orders and tasks). Read-only: notes are edited where they
    live."""

    _name = "fleet.customer.note"
    _description = "Fleet Customer Note"
    _auto = False
    _order = "date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    kind = fields.Selection(
        [("internal", "Internal note"), ("site", "Site note")],
        readonly=True,
    )
    site_id = fields.Many2one("res.partner", readonly=True)
    author_id = fields.Many2one("res.partner", readonly=True)
    date = fields.Datetime(readonly=True)
    # Notes are text, shown escaped everywhere. A site note is typed as
    # plain text (it may hold "<img onerror=...>": it stays those
    # characters); a chatter note is reduced to its text.
    text = fields.Text(readonly=True)
    body = fields.Html(string="Note", compute="_compute_body")
    company_id = fields.Many2one("res.company", readonly=True)

    @api.depends("text", "kind")
    def _compute_body(self):
        for note in self:
            text = note.text or ""
            if note.kind == "internal":
                text = html2plaintext(text)
            note.body = plaintext2html(text)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # Ids: chatter notes keep their message id doubled, site notes their
        # partner id doubled plus one, so that both stay unique and stable.
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(view)s AS (
                    SELECT message.id * 2 AS id,
                           customer.id AS partner_id,
                           'internal' AS kind,
                           NULL::integer AS site_id,
                           message.author_id AS author_id,
                           message.date AS date,
                           message.body AS text,
                           customer.company_id AS company_id
                      FROM mail_message message
                      JOIN res_partner customer ON customer.id = message.res_id
                      JOIN mail_message_subtype subtype
                        ON subtype.id = message.subtype_id
                     WHERE message.model = 'res.partner'
                       AND message.message_type = 'comment'
                       AND subtype.internal
                       AND customer.is_fleet_customer
                    UNION ALL
                    SELECT site.id * 2 + 1 AS id,
                           site.parent_id AS partner_id,
                           'site' AS kind,
                           site.id AS site_id,
                           NULL::integer AS author_id,
                           site.write_date AS date,
                           site.fleet_site_note AS text,
                           customer.company_id AS company_id
                      FROM res_partner site
                      JOIN res_partner customer ON customer.id = site.parent_id
                     WHERE site.type = 'fleet_site'
                       AND site.active
                       AND site.fleet_site_note IS NOT NULL
                       AND site.fleet_site_note != ''
                       AND customer.is_fleet_customer
                )
                """,
                view=SQL.identifier(self._table),
            )
        )
