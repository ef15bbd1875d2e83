"""What a customer's contacts with portal access may read of a model.

Portal users reach models through the portal pages, but also through
JSON-RPC (/web/dataset/call_kw) on any model they have an access right on.
The record rules of security/fleet_customers_portal_rules.xml say which
records (those of their commercial partner); this mixin says which fields:
only those listed in ``_fleet_portal_fields``, as Odoo's project does for
portal users on tasks. The rest (costs, internal notes, technicians, the
equipment's vendor...) is never read for them, whatever the path.
"""

from odoo import api, models
from odoo.exceptions import AccessError


class FleetPortalMixin(models.AbstractModel):
    _name = "fleet.portal.mixin"
    _description = "Fields a Customer's Portal Users May Read"

    # The fields portal users may read; the models list theirs.
    _fleet_portal_fields = frozenset({"id", "display_name"})

    def _fleet_is_portal(self):
        return not self.env.su and self.env.user._is_portal()

    @api.model
    def check_field_access_rights(self, operation, field_names):
        # Writes are refused to portal users by the access rights.
        if operation != "read" or not self._fleet_is_portal():
            return super().check_field_access_rights(operation, field_names)
        allowed = self._fleet_portal_fields
        if not field_names:
            return [
                fname
                for fname in super().check_field_access_rights(operation, field_names)
                if fname in allowed
            ]
        refused = sorted(
            fname
            for fname in field_names
            if fname in self._fields and fname not in allowed
        )
        if refused:
            raise AccessError(
                self.env._(
                    "You cannot read %(fields)s of %(model)s from the customer "
                    "portal.",
                    fields=", ".join(refused),
                    model=self._description,
                )
            )
        return super().check_field_access_rights(operation, field_names)

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        # Prefetching reads many fields at once: never those hidden from
        # portal users.
        if self._fleet_is_portal():
            field_names = [
                fname for fname in field_names if fname in self._fleet_portal_fields
            ]
        return super()._determine_fields_to_fetch(field_names, ignore_when_in_cache)
