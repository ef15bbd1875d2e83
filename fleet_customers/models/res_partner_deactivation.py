"""Deactivate and reactivate fleet customers: the cascade over their sites,
contracts, work orders and tasks, with who, when and why."""

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .res_partner import SERVICE_MANAGER_GROUP


class ResPartner(models.Model):
    # One concern per file (see res_partner.py), on purpose.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # Deactivation: who, when, why; and which sites it archived, so that a
    # reactivation restores exactly those.
    fleet_deactivated_on = fields.Datetime(
        string="Deactivated On", readonly=True, copy=False
    )
    fleet_deactivated_by_id = fields.Many2one(
        "res.users", string="Deactivated By", readonly=True, copy=False
    )
    fleet_deactivation_reason_id = fields.Many2one(
        "fleet.deactivation.reason",
        string="Deactivation Reason",
        readonly=True,
        copy=False,
    )
    fleet_deactivation_comment = fields.Text(
        string="Deactivation Comment", readonly=True, copy=False
    )
    fleet_archived_by_deactivation = fields.Boolean(
        readonly=True,
        copy=False,
        help="Technical: this site was archived by its customer's deactivation.",
    )

    def action_fleet_deactivate(self):
        return self.env["fleet.customer.deactivate.wizard"].action_open(self)

    def action_fleet_reactivate(self):
        self._fleet_reactivate()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s customer(s) reactivated.", count=len(self)
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def _fleet_check_service_manager(self):
        if not (self.env.su or self.env.user.has_group(SERVICE_MANAGER_GROUP)):
            raise AccessError(
                self.env._(
                    "Only Service Managers may deactivate or reactivate "
                    "fleet customers. "
                    "Ask a Service Manager, or your administrator for the role."
                )
            )

    def _fleet_deactivation_scope(self):
        """What deactivating ``self`` touches, in four searches.

        sudo: the scope must be complete whatever the Service Manager's
        rights in the Maintenance or Project apps or its companies; a partial
        cascade would leave open work on a deactivated customer. Only ids
        and counts leave this method's callers.
        """
        ids = self.ids
        env = self.sudo().env
        cancel_stages = env["maintenance.stage"].search(
            [("fleet_is_cancel", "=", True)]
        )
        return {
            "sites": env["res.partner"].search(
                [
                    ("parent_id", "in", ids),
                    ("type", "=", "fleet_site"),
                    ("active", "=", True),
                ]
            ),
            "contracts": env["fleet.customer.contract"].search(
                [("partner_id", "in", ids), ("state", "in", ("draft", "active"))]
            ),
            "work_orders": env["maintenance.request"].search(
                [
                    ("fleet_customer_id", "in", ids),
                    ("stage_id.done", "=", False),
                    ("stage_id", "not in", cancel_stages.ids),
                ]
            ),
            "tasks": env["project.task"].search(
                [
                    ("partner_id", "child_of", ids),
                    ("state", "not in", ("1_done", "1_canceled")),
                ]
            ),
        }

    def _fleet_deactivate(self, reason, comment=False):
        """Archive the customers and their sites, cancel what hangs on them.

        All or nothing: one savepoint around the whole cascade. The linked
        records change in four set-based statements, so a customer with
        5,000 tasks costs what one with 5 does; Odoo's per-record tracking is
        replaced by one summary in each customer's chatter.
        """
        self._fleet_check_service_manager()
        self.check_access("write")
        if not self:
            raise UserError(self.env._("Select the customers to deactivate."))
        not_fleet = self.filtered(lambda p: not p.is_fleet_customer)
        if not_fleet:
            raise UserError(
                self.env._(
                    "%(partner)s is not a fleet customer: "
                    "only fleet customers can be deactivated.",
                    partner=not_fleet[0].display_name,
                )
            )
        inactive = self.filtered(lambda p: not p.active)
        if inactive:
            raise UserError(
                self.env._(
                    "%(customer)s is already deactivated.",
                    customer=inactive[0].display_name,
                )
            )
        if not reason:
            raise UserError(self.env._("Choose why the customers are deactivated."))
        cancel_stage = self.env["maintenance.stage"].search(
            [("fleet_is_cancel", "=", True)], limit=1
        )
        if not cancel_stage:
            raise UserError(
                self.env._(
                    "No Cancelled stage for work orders: mark one maintenance stage as "
                    "Cancelled Stage in Maintenance > Configuration > Stages."
                )
            )
        scope = self._fleet_deactivation_scope()
        self._fleet_check_scope_companies(scope)
        counts = self._fleet_count_by_customer(scope)
        now = fields.Datetime.now()
        with self.env.cr.savepoint():
            self.env.flush_all()
            # The Service Manager role gates this operation; it may cancel
            # tasks and work orders of the customer even without rights in
            # the Project or Maintenance apps, as a business rule.
            # Sites before customers: Odoo's partner write() on the customers
            # then finds no active site to rewrite (commercial field sync).
            # Only non-stored fields (users', followers' flags) depend on a
            # partner's active flag: no recomputation needed.
            self._fleet_sql_update(
                "res_partner",
                scope["sites"],
                {"active": False, "fleet_archived_by_deactivation": True},
                now,
                recompute=False,
            )
            self._fleet_sql_update(
                "fleet_customer_contract",
                scope["contracts"],
                {"state": "cancelled"},
                now,
                recompute=False,
            )
            self._fleet_sql_update(
                "maintenance_request",
                scope["work_orders"],
                {
                    "stage_id": cancel_stage.id,
                    "kanban_state": "normal",
                    "close_date": None,
                },
                now,
            )
            self._fleet_sql_update(
                "project_task",
                scope["tasks"],
                {"state": "1_canceled", "date_last_stage_update": now},
                now,
            )
            # sudo: archiving a fleet customer and its trail are refused to
            # users in write(); the Service Manager's right and the companies
            # were checked above, and this is the one path that does both.
            self.sudo().write(
                {
                    "active": False,
                    "fleet_deactivated_on": now,
                    "fleet_deactivated_by_id": self.env.uid,
                    "fleet_deactivation_reason_id": reason.id,
                    "fleet_deactivation_comment": comment or False,
                }
            )
            self._fleet_log_deactivation(counts, reason, comment)
            self.env.flush_all()
        return scope

    def _fleet_reactivate(self):
        """Reactivate the customers and exactly the sites their deactivation
        archived. Cancelled contracts, work orders and tasks stay cancelled."""
        self._fleet_check_service_manager()
        customers = self.with_context(active_test=False)
        customers.check_access("write")
        wrong = customers.filtered(lambda p: not p.is_fleet_customer or p.active)
        if wrong or not customers:
            raise UserError(
                self.env._(
                    "%(partner)s is not a deactivated fleet customer: only deactivated "
                    "customers can be reactivated.",
                    partner=wrong[:1].display_name or "",
                )
            )
        sites = customers.search(
            [
                ("parent_id", "in", customers.ids),
                ("type", "=", "fleet_site"),
                ("active", "=", False),
                ("fleet_archived_by_deactivation", "=", True),
            ]
        )
        site_counts = dict(
            sites.with_context(active_test=False)._read_group(
                [("id", "in", sites.ids)], ["parent_id"], ["__count"]
            )
        )
        with self.env.cr.savepoint():
            # Customers first, sites after: Odoo's partner write() rewrites
            # every active child of a company (commercial field sync), which
            # would cost a query per 100 sites.
            # sudo: as for the deactivation, the one path allowed to unarchive
            # a fleet customer and clear its trail, after the checks above.
            customers.sudo().write(
                {
                    "active": True,
                    "fleet_deactivated_on": False,
                    "fleet_deactivated_by_id": False,
                    "fleet_deactivation_reason_id": False,
                    "fleet_deactivation_comment": False,
                }
            )
            self.env.flush_all()
            self._fleet_sql_update(
                "res_partner",
                sites,
                {"active": True, "fleet_archived_by_deactivation": False},
                fields.Datetime.now(),
                recompute=False,
            )
            customers._message_log_batch(
                {
                    customer.id: self.env._(
                        "Customer reactivated by %(user)s; %(sites)s site(s) archived "
                        "by the deactivation are active again. Contracts, work orders "
                        "and tasks cancelled by the deactivation stay cancelled.",
                        user=self.env.user.name,
                        sites=site_counts.get(customer, 0),
                    )
                    for customer in customers
                }
            )
            self.env.flush_all()
        return sites

    @api.model
    def _fleet_sql_update(self, table, records, values, now, recompute=True):
        """One UPDATE for all ``records`` (the ORM writes 100 rows per
        query), then tell the ORM: drop its cache and, with ``recompute``,
        recompute the stored fields that depend on the changed columns."""
        if not records:
            return
        if recompute:
            # modified() follows many2one fields to the dependent records:
            # read them for the whole batch at once, not 1,000 at a time.
            records.fetch(
                [
                    name
                    for name, field in records._fields.items()
                    if field.type == "many2one" and field.store
                ]
            )
        assignments = [
            SQL("%s = %s", SQL.identifier(column), value)
            for column, value in values.items()
        ]
        assignments += [
            SQL("write_uid = %s", self.env.uid),
            SQL("write_date = %s", now),
        ]
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s WHERE id = ANY(%s)",
                SQL.identifier(table),
                SQL(", ").join(assignments),
                records.ids,
            )
        )
        records.invalidate_recordset(list(values) + ["write_uid", "write_date"])
        if recompute:
            records.modified(list(values))
        else:
            # Only non-stored fields depend on these columns: forgetting
            # every cached value is enough, and costs no query.
            self.env.invalidate_all(flush=False)

    def _fleet_count_by_customer(self, scope):
        """{customer: {kind: count}}: one grouped query per kind."""
        counts = {customer: defaultdict(int) for customer in self}
        groupings = [
            ("sites", scope["sites"], "parent_id"),
            ("contracts", scope["contracts"], "partner_id"),
            ("work_orders", scope["work_orders"], "fleet_customer_id"),
            ("tasks", scope["tasks"], "partner_id"),
        ]
        for kind, records, fname in groupings:
            for partner, count in records._read_group(
                [("id", "in", records.ids)], [fname], ["__count"]
            ):
                # Tasks may name a contact of the customer.
                counts[partner.commercial_partner_id][kind] += count
        return counts

    def _fleet_log_deactivation(self, counts, reason, comment):
        """One note per customer, logged in one go: no email is sent, so the
        Service Manager needs no email address."""
        bodies = {}
        for customer in self:
            count = counts[customer]
            body = Markup("<p>%s</p>") % self.env._(
                "Customer deactivated by %(user)s. Reason: %(reason)s. Archived: "
                "%(sites)s site(s). Cancelled: %(contracts)s contract(s), "
                "%(work_orders)s work order(s), %(tasks)s task(s).",
                user=self.env.user.name,
                reason=reason.name,
                sites=count["sites"],
                contracts=count["contracts"],
                work_orders=count["work_orders"],
                tasks=count["tasks"],
            )
            if comment:
                body += Markup("<p>%s</p>") % comment
            bodies[customer.id] = body
        self._message_log_batch(bodies)

    def _fleet_check_scope_companies(self, scope):
        """The cascade never touches records of a company the user may not
        work in: a customer shared by several companies is deactivated by
        someone who may work in all of them."""
        companies = self.env["res.company"]
        for records in scope.values():
            companies |= records.company_id
        foreign = companies - self.env.user.company_ids
        if foreign and not self.env.su:
            raise AccessError(
                self.env._(
                    "Deactivating %(customers)s would also cancel or archive records "
                    "of %(companies)s, where you may not work. Ask a Service "
                    "Manager of those companies too, or your administrator.",
                    customers=", ".join(self.mapped("display_name")),
                    # sudo: the names of the companies the refusal is about,
                    # which the user may not read otherwise; nothing else.
                    companies=", ".join(foreign.sudo().sorted("name").mapped("name")),
                )
            )
