"""Service requests from the customer portal: a customer's contact asks for
work on an asset their customer holds, and a work order is opened for it.

Every rule of a request lives here; the portal's controller only gathers
the form (controllers/portal_request.py).
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, plaintext2html
from odoo.tools.mail import html_to_inner_content

DESCRIPTION_MIN_LENGTH = 10
DESCRIPTION_MAX_LENGTH = 2000
# The same contact, asset and description within this window: a repeat.
DUPLICATE_WINDOW = timedelta(hours=24)
REQUESTS_PER_HOUR_PARAM = "fleet_customers.portal_requests_per_hour"
REQUESTS_PER_HOUR_DEFAULT = 5


def _fleet_request_key(html):
    """A description as compared for repeats: its text, blanks and case
    ignored."""
    return " ".join(html_to_inner_content(html or "").split()).casefold()


class MaintenanceRequest(models.Model):
    _inherit = "maintenance.request"

    @api.model
    def _fleet_portal_request_service(self, equipment, description):
        """Open a work order on ``equipment`` for the current user's fleet
        customer, described by ``description`` (plain text, as typed on the
        portal), and tell the Fleet team. Return the work order.

        Runs as the requesting user (a customer's contact with portal
        access, or an internal user of that customer): every check below is
        about them; only the work order is then written as the superuser.
        """
        equipment.ensure_one()
        user = self.env.user
        contact = user.partner_id
        self._fleet_portal_check_requester(equipment)
        description = self._fleet_portal_check_description(description)
        # One request per contact at a time, whatever the worker: touching
        # the user's row makes a second request of the same contact wait
        # for this one to commit, then fail to serialize, and Odoo runs it
        # again in a new transaction, whose counts below include this work
        # order. (A lock alone would not do: the second request reads the
        # snapshot taken when it started.)
        self.env.cr.execute(
            SQL("UPDATE res_users SET write_date = write_date WHERE id = %s", user.id)
        )
        self._fleet_portal_check_repeat(equipment, description)
        self._fleet_portal_check_rate(user)

        # sudo: portal users may not create work orders (nor read what the
        # work order takes from the asset: its team, its technician). The
        # checks above stand for the access rights: an active customer's
        # contact, an asset that customer holds now, a checked description,
        # within the limits. Only the values below are written, none of them
        # chosen by the user but the description, which is escaped.
        asset = equipment.sudo()
        company = asset.company_id or self.env.company
        values = {
            "name": self.env._("Service request: %(asset)s", asset=asset.name),
            "company_id": company.id,
            "equipment_id": asset.id,
            "fleet_customer_id": asset.fleet_customer_id.id,
            "fleet_site_id": asset.fleet_site_id.id,
            "stage_id": self._fleet_portal_first_stage().id,
            "request_date": fields.Date.context_today(self),
            "maintenance_type": "corrective",
            "description": plaintext2html(description),
        }
        if asset.maintenance_team_id:
            values["maintenance_team_id"] = asset.maintenance_team_id.id
        if asset.technician_user_id:
            values["user_id"] = asset.technician_user_id.id
        work_order = self.sudo().with_company(company).create(values)

        # The contact follows the work order: the messages the Fleet team
        # writes to them show on the portal and reach them by email. Their
        # request opens the conversation, in their name, where they see it.
        work_order.message_subscribe(partner_ids=contact.ids)
        work_order.message_post(
            body=plaintext2html(description),
            author_id=contact.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        work_order._fleet_portal_notify_team(contact, description)
        return work_order.with_env(self.env)

    # ------------------------------------------------------------------
    # The checks, in the order they run
    # ------------------------------------------------------------------

    @api.model
    def _fleet_portal_check_requester(self, equipment):
        """The current user belongs to an active fleet customer that holds
        ``equipment`` now."""
        user = self.env.user
        customer = user._fleet_customer()
        if not (user._is_portal() or user._is_internal()) or not customer:
            raise AccessError(
                self.env._(
                    "Only the contacts of our customers can request service "
                    "from the customer portal. Please contact us to get access."
                )
            )
        if not customer.active:
            raise AccessError(
                self.env._(
                    "Your company's customer account is deactivated: you cannot "
                    "request service. Please contact us to reactivate it."
                )
            )
        # sudo: the asset's holder and active flag, read to refuse, never shown.
        asset = equipment.sudo()
        if not asset.active or asset.fleet_customer_id != customer:
            raise AccessError(
                self.env._(
                    "You can only request service on an asset your company holds "
                    "now. Open it from your list of assets and try again, or "
                    "contact us."
                )
            )

    @api.model
    def _fleet_portal_check_description(self, description):
        """Return the description, stripped, if it is long enough to act on
        and short enough to read."""
        # Browsers send a textarea's line breaks as \r\n but count them as
        # one character in maxlength: count them as one too.
        text = (description or "").replace("\r\n", "\n").strip()
        if not text:
            raise UserError(
                self.env._(
                    "Please describe what the asset needs: what happens, since "
                    "when, and where it is."
                )
            )
        if len(text) < DESCRIPTION_MIN_LENGTH:
            raise UserError(
                self.env._(
                    "Please describe what the asset needs in at least %(min)s "
                    "characters: what happens, since when, and where it is.",
                    min=DESCRIPTION_MIN_LENGTH,
                )
            )
        if len(text) > DESCRIPTION_MAX_LENGTH:
            # Formatted outside _(): the translation extractor evaluates its
            # arguments and stops at an f-string.
            max_length, length = DESCRIPTION_MAX_LENGTH, len(text)
            raise UserError(
                self.env._(
                    "Please shorten the description to %(max)s characters (it "
                    "has %(length)s). You can add details in a message on the "
                    "work order once it is open.",
                    max=max_length,
                    length=length,
                )
            )
        return text

    @api.model
    def _fleet_portal_check_repeat(self, equipment, description):
        """Refuse a request the same contact already sent on the same asset
        in the last 24 hours, while its work order is still open."""
        # Compared as stored: the text of its HTML.
        key = _fleet_request_key(plaintext2html(description))
        # sudo: the work orders this very user opened on this asset, which
        # they may read anyway; only the name of a repeat is shown.
        recent = self.sudo().search(
            [
                ("create_uid", "=", self.env.uid),
                ("equipment_id", "=", equipment.id),
                ("create_date", ">=", self.env.cr.now() - DUPLICATE_WINDOW),
                ("archive", "=", False),
                ("stage_id.done", "=", False),
                ("stage_id.fleet_is_cancel", "=", False),
            ],
            order="id desc",
        )
        for work_order in recent:
            if _fleet_request_key(work_order.description) == key:
                raise UserError(
                    self.env._(
                        "You already requested this service on %(asset)s: work "
                        'order "%(work_order)s" is open. Follow it under Work '
                        "Orders, and write there to add details.",
                        asset=work_order.equipment_id.name,
                        work_order=work_order.name,
                    )
                )

    @api.model
    def _fleet_portal_check_rate(self, user):
        """At most fleet_customers.portal_requests_per_hour work orders per
        contact and hour, counted in the database (so across workers)."""
        limit = self._fleet_portal_requests_per_hour()
        if not limit:
            raise UserError(
                self.env._(
                    "Service requests from the customer portal are turned off. "
                    "Please call or email us to request service."
                )
            )
        # sudo: a count of the work orders this very user opened.
        count = (
            self.sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("create_uid", "=", user.id),
                    ("create_date", ">=", self.env.cr.now() - timedelta(hours=1)),
                ]
            )
        )
        if count >= limit:
            raise UserError(
                self.env._(
                    "You have sent %(count)s service requests in the last hour, "
                    "the most we accept. Please try again later, or call us if "
                    "it is urgent.",
                    count=count,
                )
            )

    @api.model
    def _fleet_portal_requests_per_hour(self):
        # sudo: a setting, read by whoever requests.
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(REQUESTS_PER_HOUR_PARAM, REQUESTS_PER_HOUR_DEFAULT)
        )
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):
            return REQUESTS_PER_HOUR_DEFAULT

    # ------------------------------------------------------------------
    # The work order
    # ------------------------------------------------------------------

    @api.model
    def _fleet_portal_first_stage(self):
        """The first stage of the work flow: the lowest sequence, neither
        done nor the cancelled stage."""
        Stage = self.env["maintenance.stage"].sudo()
        return Stage.search(
            [("done", "=", False), ("fleet_is_cancel", "=", False)],
            order="sequence, id",
            limit=1,
        ) or Stage.search([], order="sequence, id", limit=1)

    def _fleet_portal_notify_team(self, contact, description):
        """An internal note on the work order for the Service Managers of
        its company and its technician (portal users never see notes)."""
        self.ensure_one()
        group = self.env.ref("fleet_customers.group_fleet_customers_service_manager")
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", group.id),
                    ("share", "=", False),
                    ("company_ids", "in", self.company_id.id),
                ]
            )
        )
        technician = self.sudo().user_id
        if technician.active and not technician.share:
            users |= technician
        body = self.env._(
            "%(contact)s (%(customer)s) requested service on %(asset)s from the "
            "customer portal:",
            contact=contact.name,
            customer=self.fleet_customer_id.display_name,
            asset=self.equipment_id.display_name,
        )
        # Written by the system: the contact's own words are in their comment.
        self.message_post(
            body=plaintext2html(f"{body}\n\n{description}"),
            author_id=self.env.ref("base.partner_root").id,
            subtype_xmlid="mail.mt_note",
            message_type="comment",
            partner_ids=users.partner_id.ids,
        )
