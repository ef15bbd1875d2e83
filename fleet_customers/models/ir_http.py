from werkzeug.exceptions import abort

from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        super()._pre_dispatch(rule, args)
        # A deactivated fleet customer's contacts see why on every page of
        # their portal (/my/...), whichever app serves it, and nothing else.
        if not request.httprequest.path.startswith("/my"):
            return
        user = request.env.user
        if not user or not user._is_portal():
            return
        # sudo: two flags of the user's own commercial partner.
        customer = user.commercial_partner_id.sudo()
        if customer.is_fleet_customer and not customer.active:
            response = request.render(
                "fleet_customers.portal_fleet_inactive",
                {"page_name": "fleet_inactive"},
                status=403,
            )
            response.flatten()
            abort(response)
