from werkzeug.exceptions import abort

from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _pre_dispatch(cls, rule, args):
        super()._pre_dispatch(rule, args)
        # A deactivated fleet customer's contacts see why on every page of
        # their portal (/my/...), whichever app serves it, and nothing else:
        # the one place that answers it, for every route.
        if not request.httprequest.path.startswith("/my"):
            return
        user = request.env.user
        if not user or user._is_public():
            return
        customer = user._fleet_customer()
        if customer and not customer.active:
            response = request.render(
                "fleet_customers.portal_fleet_inactive",
                {"page_name": "fleet_inactive"},
                status=403,
            )
            response.flatten()
            abort(response)
