"""Partner lists: the columns of the partners' read rules come with the
search that finds them.

Odoo 18 checks the read rules of records it already holds in Python
(BaseModel._check_access: filtered_domain), as web_read does for the
computed columns of a list page. Base's company rule reads partner_share
and company_id: when the page's search had not fetched them, reading the
first fetched every other column of res_partner (a hundred-odd, converted
one by one) for the page's 80 partners, one query more. The Customers
app's page of 80 took 19.5 ms that way, 17.6 with the rules' columns in
the search (bench/RESULTS.md, 2026-12-06 sixth session). Odoo's own
Contacts list gains the same.
"""

from odoo import api, models
from odoo.osv import expression


class ResPartner(models.Model):
    # One concern per file (see res_partner.py), on purpose.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        # A search for ids alone (search(), no field to fetch) stays one:
        # it may be answered from an index alone, and nothing reads the
        # records after it.
        if field_names:
            field_names = [*field_names, *self._fleet_read_rule_columns()]
        return super().search_fetch(domain, field_names, offset, limit, order)

    @api.model
    def _fleet_read_rule_columns(self):
        """The stored columns the current user's read rules on partners
        test and the user may read (none for the superuser, whom no rule
        applies to): asking search_fetch for another would raise."""
        if self.env.su:
            return []
        domain = self.env["ir.rule"]._compute_domain(self._name, "read") or []
        names = {
            leaf[0].split(".")[0]
            for leaf in domain
            if expression.is_leaf(leaf) and isinstance(leaf[0], str)
        }
        return sorted(
            name
            for name in names
            if (field := self._fields.get(name))
            and field.column_type
            and field.is_accessible(self.env)
        )
