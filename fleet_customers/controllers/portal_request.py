"""Request service from an asset's portal page.

The route only gathers the form: which asset (one of the customer's, read
as the user) and the description. The rules of a request (who may, what
description, repeats, how many an hour) are maintenance.request's
_fleet_portal_request_service, called as the user.
"""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

from .portal import FleetCustomerPortal


class FleetCustomerPortalRequest(FleetCustomerPortal):
    @http.route(
        "/my/assets/<int:asset_id>/request",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_fleet_asset_request(self, asset_id, description=None, **kw):
        asset = self._fleet_get(
            "maintenance.equipment", asset_id, self._fleet_asset_domain
        )
        try:
            # A refusal undoes whatever the request wrote before it.
            with request.env.cr.savepoint():
                work_order = request.env[
                    "maintenance.request"
                ]._fleet_portal_request_service(asset, description or "")
        except AccessError:
            # The asset changed hands since the page was shown: as for any
            # asset of another customer, it is not found.
            raise NotFound() from None
        except UserError as error:
            # Told on the asset's page, with the text typed, through the
            # session: a message in the URL would let anyone craft a link
            # that shows their words on a customer's page.
            request.session["fleet_request_error"] = {
                "asset_id": asset.id,
                "message": error.args[0],
                "description": (description or "")[:4000],
            }
            return request.redirect(f"/my/assets/{asset.id}")
        request.session["fleet_request_sent"] = work_order.id
        return request.redirect(f"/my/work-orders/{work_order.id}")
