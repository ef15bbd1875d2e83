from odoo import api, fields, models


class FleetFieldWorkMixin(models.AbstractModel):
    """What field staff see of the customer on work orders and tasks: the
    documents the office flagged on the customer."""

    _name = "fleet.field.work.mixin"
    _description = "Customer documents shown on field work"

    fleet_customer_document_ids = fields.Many2many(
        "ir.attachment",
        string="Customer Documents",
        compute="_compute_fleet_customer_document_ids",
        help="Attachments of the customer flagged 'Show on Work Orders and Tasks'.",
    )

    # Each model says how the site is chosen; the mixin states the rule:
    # a site of the record's company (or shared), and the note below.
    fleet_site_id = fields.Many2one(
        "res.partner",
        string="Site",
        index="btree_not_null",
        check_company=True,
    )
    # Not a related field: a related field reads as the superuser, and a
    # user who may not read the site (another company's) would read its
    # note through any task or work order that names it. Not searched
    # either through the superuser: a search goes through the sites the
    # user may read, so that it cannot probe another company's notes.
    fleet_site_note = fields.Text(
        string="Site Note",
        compute="_compute_fleet_site_note",
        search="_search_fleet_site_note",
        help="The note of the site, for those who may read the site.",
    )

    # Path from the record to its fleet customer, set by each model.
    _fleet_customer_path = None

    @api.depends("fleet_site_id.fleet_site_note")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_fleet_site_note(self):
        readable = self.fleet_site_id._filtered_access("read")
        for record in self:
            site = record.fleet_site_id
            record.fleet_site_note = site.fleet_site_note if site in readable else False

    def _search_fleet_site_note(self, operator, value):
        # The subquery on sites applies the user's record rules.
        return [("fleet_site_id", "any", [("fleet_site_note", operator, value)])]

    @api.depends(lambda self: [self._fleet_customer_path])
    @api.depends_context("uid")
    def _compute_fleet_customer_document_ids(self):
        customers = {
            record: record.mapped(self._fleet_customer_path) for record in self
        }
        partner_ids = list({partner.id for partner in customers.values() if partner})
        documents = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partner_ids),
                ("fleet_show_on_field_work", "=", True),
            ]
        )
        by_partner = {}
        for document in documents:
            by_partner.setdefault(document.res_id, self.env["ir.attachment"])
            by_partner[document.res_id] |= document
        for record in self:
            partner = customers.get(record)
            record.fleet_customer_document_ids = (
                by_partner.get(partner.id) if partner else False
            )
