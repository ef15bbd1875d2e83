from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _fleet_customer(self):
        """The fleet customer this user belongs to (their commercial
        partner), archived (deactivated) or not; empty for anyone else.

        sudo: two flags of the user's own commercial partner, which the
        portal's base rule lets them read anyway; callers decide with it,
        they show nothing of it."""
        self.ensure_one()
        customer = self.commercial_partner_id.sudo()
        return customer if customer.is_fleet_customer else customer.browse()
