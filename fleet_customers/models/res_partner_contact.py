"""The people of a fleet customer: contacts, their details, who hears
about the customer's assets, and the customer's profile at a glance."""

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize

from odoo.addons.phone_validation.tools import phone_validation


class ResPartner(models.Model):
    # One concern per file (see res_partner.py), on purpose.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

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
    # At a glance: where invoices go and whom to call.
    fleet_billing_address_id = fields.Many2one(
        "res.partner",
        string="Billing Address",
        compute="_compute_fleet_glance",
        help="The customer's invoice address, or the customer itself when it "
        "has none.",
    )
    fleet_main_contact_id = fields.Many2one(
        "res.partner",
        string="Main Contact",
        compute="_compute_fleet_glance",
        help="The first contact of the Contacts tab.",
    )

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
                            "The phone number of %(partner)s is not valid: "
                            "%(reason)s "
                            "Enter it with its country prefix, for example "
                            "+33 1 23 45 67 89.",
                            partner=partner.display_name,
                            reason=str(error.args[0]),
                        )
                    ) from error

    def _fleet_post_asset_message(self, template, values, author=None):
        """Post ``template`` rendered with ``values`` in the customer's
        chatter, emailed to its contacts who asked for asset emails (no Odoo
        login needed): one message per customer and operation.

        The template runs with the rights of the user who acts, never more:
        its code is whatever a template editor wrote. When the system acts
        (telematics, no user), it runs with the rights of its last editor.
        The actor needs no email address: the mail goes out from the
        company's address, or the message is only logged."""
        self.ensure_one()
        if self.env.su:
            template = template.with_user(template.sudo().write_uid or SUPERUSER_ID)
        template = template.with_context(lang=template._render_lang(self.ids)[self.id])
        body = template._render_field("body_html", self.ids, add_context=values)
        subject = template._render_field("subject", self.ids, add_context=values)
        recipients = self.child_ids.filtered(
            lambda c: c.fleet_notify_asset_events and c.email and c.active
        )
        author = author or self.env.user.partner_id
        email_from = author.email_formatted or self.env.company.email_formatted
        if not (recipients and email_from):
            self._message_log(
                body=body[self.id], subject=subject[self.id], author_id=author.id
            )
            return
        self.message_post(
            body=body[self.id],
            subject=subject[self.id],
            author_id=author.id,
            email_from=email_from,
            partner_ids=recipients.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )
