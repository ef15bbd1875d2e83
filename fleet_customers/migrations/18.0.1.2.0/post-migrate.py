"""18.0.1.2.0: a deactivation is a record of its own.

Up to 18.0.1.1.0 the last deactivation of a customer lived in four columns
of res_partner (who, when, why, comment) and the sites it archived carried a
flag. Each deactivated customer now gets a fleet.customer.deactivation with
those values and one line per site its deactivation archived, so that a
reactivation still brings back exactly those sites. Contracts, work orders
and tasks were not remembered by the old version: they get no line and stay
as they are on reactivation, as they did before.

Runs after the new tables exist and before Odoo drops the old columns.
"""

from odoo import SUPERUSER_ID, api, fields
from odoo.tools import SQL
from odoo.tools.sql import column_exists


def migrate(cr, version):
    if not version or not column_exists(cr, "res_partner", "fleet_deactivated_on"):
        return
    env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
    cr.execute(
        SQL(
            """
            SELECT customer.id, customer.fleet_deactivated_on,
                   customer.fleet_deactivated_by_id,
                   customer.fleet_deactivation_reason_id,
                   customer.fleet_deactivation_comment, customer.company_id,
                   ARRAY(
                       SELECT site.id FROM res_partner site
                        WHERE site.parent_id = customer.id
                          AND site.type = 'fleet_site'
                          AND NOT site.active
                          AND site.fleet_archived_by_deactivation
                        ORDER BY site.id
                   )
              FROM res_partner customer
             WHERE customer.is_fleet_customer
               AND NOT customer.active
               AND customer.fleet_deactivated_on IS NOT NULL
             ORDER BY customer.id
            """
        )
    )
    rows = cr.fetchall()
    if not rows:
        return
    fallback_reason = env.ref(
        "fleet_customers.fleet_deactivation_reason_other", raise_if_not_found=False
    )
    main_company = env.ref("base.main_company")
    users = env["res.users"].browse({row[2] for row in rows if row[2]}).exists()
    Deactivation = env["fleet.customer.deactivation"]
    for customer_id, on, by_id, reason_id, comment, company_id, site_ids in rows:
        deactivation = Deactivation.create(
            {
                "partner_ids": [fields.Command.set([customer_id])],
                "reason_id": reason_id or fallback_reason.id,
                "comment": comment or False,
                "user_id": by_id if by_id in users.ids else SUPERUSER_ID,
                "date": on,
                "company_id": company_id or main_company.id,
                "open_work_policy": "cancel",
            }
        )
        env["fleet.customer.deactivation.line"].create(
            [
                {
                    "deactivation_id": deactivation.id,
                    "customer_id": customer_id,
                    "kind": "site",
                    "res_model": "res.partner",
                    "res_id": site_id,
                    "previous_value": "1",
                    "new_value": "0",
                }
                for site_id in site_ids
            ]
        )
