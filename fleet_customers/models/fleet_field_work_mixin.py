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

    # Path from the record to its fleet customer, set by each model.
    _fleet_customer_path = None

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
