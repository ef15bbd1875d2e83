import json
import logging

from odoo import http
from odoo.http import request

_logger = logging.getLogger(__name__)

# A batch larger than this is refused whole: the provider splits it.
MAX_READINGS_PER_BATCH = 10000
MAX_BODY_BYTES = 5 * 1024 * 1024


class FleetTelematicsController(http.Controller):
    """Positions in: telematics providers POST batches of readings,
    authenticated by the API key of their integration (not by a user)."""

    @http.route(
        "/fleet_customers/telematics/positions",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def fleet_telematics_positions(self):
        env = request.env
        integration = (
            env["fleet.telematics.integration"]
            .sudo()  # the caller is not a user: it proves who it is by its key
            ._fleet_authenticate(self._fleet_api_key())
        )
        if not integration:
            return self._fleet_error(
                401,
                env._(
                    "Missing or unknown API key: send "
                    "'Authorization: Bearer <API key>'."
                ),
            )
        too_large = (request.httprequest.content_length or 0) > MAX_BODY_BYTES
        body = b"" if too_large else request.httprequest.get_data(cache=False)
        if too_large or len(body) > MAX_BODY_BYTES:
            return self._fleet_error(
                413, env._("The batch is too large: send at most 5 MB per request.")
            )
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return self._fleet_error(400, env._("The body must be JSON."))
        except RecursionError:
            # Python's parser recurses once per nesting level: a body of
            # "[[[[...]]]]" must not become a server error.
            return self._fleet_error(
                400,
                env._(
                    "The body is nested too deeply: send "
                    '{"readings": [...]}, a list of flat readings.'
                ),
            )
        readings = payload.get("readings") if isinstance(payload, dict) else payload
        if not isinstance(readings, list):
            return self._fleet_error(
                400, env._('Send {"readings": [...]}: a list of readings.')
            )
        if len(readings) > MAX_READINGS_PER_BATCH:
            return self._fleet_error(
                413,
                env._(
                    "The batch has %(count)s readings; "
                    "send at most %(max)s per request.",
                    count=len(readings),
                    max=MAX_READINGS_PER_BATCH,
                ),
            )
        result = integration._fleet_receive(readings)
        _logger.info(
            "Telematics batch from %s: %s accepted, %s duplicates, %s stale, "
            "%s rejected, %s events",
            integration.name,
            result["accepted"],
            result["duplicates"],
            result["stale"],
            len(result["rejected"]),
            result["events"],
        )
        return request.make_json_response(result)

    def _fleet_api_key(self):
        header = request.httprequest.headers.get("Authorization", "")
        scheme, __, key = header.partition(" ")
        if scheme.lower() == "bearer":
            return key.strip()
        return request.httprequest.headers.get("X-Api-Key", "").strip()

    def _fleet_error(self, status, message):
        return request.make_json_response({"error": message}, status=status)
