"""Deactivate and reactivate fleet customers.

A deactivation is a record of its own (fleet.customer.deactivation): who,
when, why, and one line per record it changed with the value it had before.
The cascade goes through each model's own API in batches (write on
recordsets, the contract's own cancel), so that overrides, tracking and
automation rules run; each changed record gets a note saying whose
deactivation changed it, by whom, when and why. A reactivation brings back
the customers and exactly the sites their deactivation archived and, when
asked, puts contracts, work orders and tasks back as they were, except those
changed since.
"""

from collections import defaultdict

import psycopg2
from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_datetime

from .res_partner import SERVICE_MANAGER_GROUP


class ResPartner(models.Model):
    # One concern per file (see res_partner.py), on purpose.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    fleet_deactivation_ids = fields.Many2many(
        "fleet.customer.deactivation",
        "fleet_customer_deactivation_partner_rel",
        "partner_id",
        "deactivation_id",
        string="Deactivations",
        readonly=True,
        groups="fleet_customers.group_fleet_customers_user",
    )
    fleet_last_deactivation_id = fields.Many2one(
        "fleet.customer.deactivation",
        string="Last Deactivation",
        compute="_compute_fleet_last_deactivation_id",
        groups="fleet_customers.group_fleet_customers_user",
    )

    def _compute_fleet_last_deactivation_id(self):
        last = {}
        for deactivation in self.env["fleet.customer.deactivation"].search(
            [("partner_ids", "in", self.ids)], order="date desc, id desc"
        ):
            for partner in deactivation.partner_ids:
                last.setdefault(partner.id, deactivation)
        for partner in self:
            partner.fleet_last_deactivation_id = last.get(partner._origin.id, False)

    def action_fleet_deactivate(self):
        return self.env["fleet.customer.deactivate.wizard"].action_open(self)

    def action_fleet_reactivate(self):
        return self.env["fleet.customer.reactivate.wizard"].action_open(self)

    def _fleet_check_service_manager(self):
        if not (self.env.su or self.env.user.has_group(SERVICE_MANAGER_GROUP)):
            raise AccessError(
                self.env._(
                    "Only Service Managers may deactivate or reactivate fleet "
                    "customers. Ask a Service Manager, or your administrator for "
                    "the role."
                )
            )

    def _fleet_deactivation_scope(self):
        """What deactivating ``self`` touches, in four searches.

        sudo: the scope must be complete whatever the Service Manager's
        rights in the Maintenance or Project apps or its companies; a partial
        cascade would leave open work on a deactivated customer. The
        companies of the scope are checked against the user's before
        anything is written (_fleet_check_scope_companies).
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

    # ------------------------------------------------------------------
    # Deactivate
    # ------------------------------------------------------------------

    def _fleet_deactivate(self, reason, comment=False):
        """Archive the customers and their sites; cancel their draft and
        active contracts; cancel their open work orders and tasks, or leave
        them open and give their responsible an activity (company setting).

        All or nothing, and one Service Manager at a time per customer.

        :return: the fleet.customer.deactivation record
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
        if not reason:
            raise UserError(self.env._("Choose why the customers are deactivated."))
        self._fleet_lock_customers()
        inactive = self.filtered(lambda p: not p.active)
        if inactive:
            raise UserError(
                self.env._(
                    "%(customer)s is already deactivated.",
                    customer=inactive[0].display_name,
                )
            )
        policy = self.env.company.fleet_open_work_policy or "cancel"
        cancel_stage = self.env["maintenance.stage"].search(
            [("fleet_is_cancel", "=", True)], limit=1
        )
        if policy == "cancel" and not cancel_stage:
            raise UserError(
                self.env._(
                    "No Cancelled stage for work orders: mark one maintenance stage "
                    "as Cancelled Stage in Maintenance > Configuration > Stages."
                )
            )
        scope = self._fleet_deactivation_scope()
        if policy == "activity":
            # Left open: not part of what the deactivation changes.
            open_work = {key: scope[key] for key in ("work_orders", "tasks")}
            scope["work_orders"] = scope["work_orders"].browse()
            scope["tasks"] = scope["tasks"].browse()
            self._fleet_check_scope_companies(open_work)
        self._fleet_check_scope_companies(scope)
        now = fields.Datetime.now()
        with self.env.cr.savepoint():
            # sudo: the trail is written by no user (no group may create or
            # change it); the role, the rights on the customers and the
            # companies of every record were checked above.
            deactivation = (
                self.env["fleet.customer.deactivation"]
                .sudo()
                .create(
                    {
                        "partner_ids": [fields.Command.set(self.ids)],
                        "reason_id": reason.id,
                        "comment": comment or False,
                        "user_id": self.env.uid,
                        "date": now,
                        "company_id": self.env.company.id,
                        "open_work_policy": policy,
                    }
                )
            )
            deactivation._fleet_record_lines(scope, cancel_stage)
            self._fleet_cascade(scope, cancel_stage)
            if policy == "activity":
                self._fleet_notify_open_work(open_work)
            self._fleet_log_deactivation(deactivation)
            self.env.flush_all()
        return deactivation

    def _fleet_cascade(self, scope, cancel_stage):
        """Change the records of ``scope`` through their models' own API,
        one batch per model: overrides, tracking and automation rules run.

        sudo: a Service Manager may lack rights in the Project or
        Maintenance apps; the cascade is a business rule of the role, and
        its scope and companies were checked by the caller.
        """
        # Odoo's tracking is written by _fleet_log_deactivation, in batch
        # (see fleet.customer.deactivation.line._fleet_log).
        untracked = {"tracking_disable": True}
        scope["sites"].sudo().with_context(**untracked).write({"active": False})
        scope["contracts"].sudo().with_context(**untracked).action_cancel()
        scope["work_orders"].sudo().with_context(**untracked).write(
            {"stage_id": cancel_stage.id, "kanban_state": "normal"}
        )
        scope["tasks"].sudo().with_context(**untracked).write({"state": "1_canceled"})
        # Customers after their sites: Odoo's partner write() rewrites every
        # active child of a company (commercial fields), a query per 100.
        # sudo: archiving a fleet customer is refused to users in write();
        # this is the one path that does it, after its own checks.
        self.sudo().write({"active": False})

    def _fleet_notify_open_work(self, open_work):
        """The company leaves open work as it is: its responsible gets an
        activity, in one batch."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        summary = self.env._("Customer deactivated")
        note = self.env._(
            "%(customers)s was deactivated by %(user)s. Decide what becomes of "
            "this work.",
            customers=", ".join(self.mapped("name")),
            user=self.env.user.name,
        )
        values = []
        for model, records, responsible in (
            ("maintenance.request", open_work["work_orders"], "user_id"),
            ("project.task", open_work["tasks"], "user_ids"),
        ):
            model_id = self.env["ir.model"]._get_id(model)
            for record in records:
                values.append(
                    {
                        "res_model_id": model_id,
                        "res_id": record.id,
                        "activity_type_id": todo.id,
                        "summary": summary,
                        "note": note,
                        "user_id": record[responsible][:1].id or self.env.uid,
                    }
                )
        # sudo: activities on work the Service Manager may not otherwise
        # open; their content is the note above.
        self.env["mail.activity"].sudo().create(values)

    def _fleet_log_deactivation(self, deactivation):
        """A note on every changed record and on each customer, logged in
        one batch per model: no email, so the actor needs no address."""
        when = format_datetime(self.env, deactivation.date)
        why = deactivation.reason_id.name
        if deactivation.comment:
            why = f"{why} ({deactivation.comment})"
        customers = ", ".join(self.mapped("name"))
        record_note = Markup("<p>%s</p>") % self.env._(
            "Changed by the deactivation of %(customers)s by %(user)s on %(date)s. "
            "Reason: %(reason)s.",
            customers=customers,
            user=self.env.user.name,
            date=when,
            reason=why,
        )
        deactivation.line_ids._fleet_log(record_note)
        counts = deactivation._fleet_counts_by_customer()
        bodies = {}
        for customer in self:
            count = counts[customer.id]
            bodies[customer.id] = Markup("<p>%s</p>") % self.env._(
                "Customer deactivated by %(user)s. Reason: %(reason)s. Archived: "
                "%(sites)s site(s). Cancelled: %(contracts)s contract(s), "
                "%(work_orders)s work order(s), %(tasks)s task(s).",
                user=self.env.user.name,
                reason=why,
                sites=count["site"],
                contracts=count["contract"],
                work_orders=count["work_order"],
                tasks=count["task"],
            )
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
                    "Deactivating %(customers)s would also change records "
                    "of %(companies)s, where you may not work. Ask a Service "
                    "Manager of those companies too, or your administrator.",
                    customers=", ".join(self.mapped("display_name")),
                    # sudo: the names of the companies the refusal is about,
                    # which the user may not read otherwise; nothing else.
                    companies=", ".join(foreign.sudo().sorted("name").mapped("name")),
                )
            )

    def _fleet_lock_customers(self):
        """Lock the customers' rows until the end of the transaction: a
        second Service Manager acting on the same customers at the same time
        gets a clear error instead of a second cascade."""
        self.flush_recordset(["active"])
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM res_partner WHERE id = ANY(%s) "
                        "ORDER BY id FOR NO KEY UPDATE NOWAIT",
                        self.ids,
                    )
                )
        except psycopg2.errors.LockNotAvailable:
            raise UserError(
                self.env._(
                    "Another user is deactivating or reactivating %(customers)s "
                    "right now. Reload the customer in a moment to see the result.",
                    customers=", ".join(self.mapped("display_name")),
                )
            ) from None
        # What was read before the lock may be stale.
        self.invalidate_recordset(["active"])

    # ------------------------------------------------------------------
    # Reactivate
    # ------------------------------------------------------------------

    def _fleet_reactivate(self, restore_work=False):
        """Reactivate the customers and exactly the sites their deactivation
        archived. With ``restore_work``, also put the contracts, work orders
        and tasks their deactivation cancelled back to their previous state
        or stage, except those changed since (left alone, and listed).

        :return: dict with the lines restored and the lines left alone
        """
        self._fleet_check_service_manager()
        customers = self.with_context(active_test=False)
        customers.check_access("write")
        wrong = customers.filtered(lambda p: not p.is_fleet_customer)
        if wrong or not customers:
            raise UserError(
                self.env._(
                    "%(partner)s is not a fleet customer: only deactivated "
                    "customers can be reactivated.",
                    partner=wrong[:1].display_name or "",
                )
            )
        customers._fleet_lock_customers()
        active = customers.filtered("active")
        if active:
            raise UserError(
                self.env._(
                    "%(partner)s is not deactivated: only deactivated customers can "
                    "be reactivated.",
                    partner=active[0].display_name,
                )
            )
        lines = customers._fleet_pending_lines()
        to_restore = lines.filtered(lambda line: line.kind == "site")
        if restore_work:
            to_restore = lines
        self._fleet_check_scope_companies(to_restore._fleet_records_by_model())
        now = fields.Datetime.now()
        with self.env.cr.savepoint():
            # sudo: as for the deactivation, the one path allowed to
            # unarchive a fleet customer, after the checks above.
            customers.sudo().write({"active": True})
            restored, changed = to_restore._fleet_restore()
            # sudo: the deactivation's own trail (see above).
            restored.sudo().write({"outcome": "restored"})
            changed.sudo().write({"outcome": "changed"})
            (lines - to_restore).sudo().write({"outcome": "kept"})
            deactivations = lines.deactivation_id
            done = deactivations.filtered(lambda d: all(d.partner_ids.mapped("active")))
            done.sudo().write(
                {
                    "state": "reactivated",
                    "reactivated_by_id": self.env.uid,
                    "reactivated_on": now,
                    "work_restored": bool(restore_work),
                }
            )
            customers._fleet_log_reactivation(restored, changed, restore_work)
            self.env.flush_all()
        return {"restored": restored, "changed": changed}

    def _fleet_pending_lines(self):
        """The lines of the customers' deactivations not dealt with yet."""
        return (
            self.env["fleet.customer.deactivation.line"]
            .sudo()
            .search(
                [
                    ("customer_id", "in", self.ids),
                    ("deactivation_id.state", "=", "done"),
                    ("outcome", "=", False),
                ]
            )
        )

    def _fleet_log_reactivation(self, restored, changed, restore_work):
        counts = defaultdict(lambda: defaultdict(int))
        for line in restored:
            counts[line.customer_id.id][line.kind] += 1
        left = defaultdict(list)
        for line, record in changed._fleet_line_records().items():
            left[line.customer_id.id].append(record.display_name)
        bodies = {}
        for customer in self:
            count = counts[customer.id]
            if restore_work:
                body = self.env._(
                    "Customer reactivated by %(user)s: %(sites)s site(s) active "
                    "again; %(contracts)s contract(s), %(work_orders)s work "
                    "order(s) and %(tasks)s task(s) put back as they were.",
                    user=self.env.user.name,
                    sites=count["site"],
                    contracts=count["contract"],
                    work_orders=count["work_order"],
                    tasks=count["task"],
                )
            else:
                body = self.env._(
                    "Customer reactivated by %(user)s: %(sites)s site(s) active "
                    "again. Contracts, work orders and tasks cancelled by the "
                    "deactivation stay cancelled.",
                    user=self.env.user.name,
                    sites=count["site"],
                )
            body = Markup("<p>%s</p>") % body
            if left[customer.id]:
                body += Markup("<p>%s</p>") % self.env._(
                    "Changed since the deactivation, left as they are: %(records)s.",
                    records=", ".join(left[customer.id]),
                )
            bodies[customer.id] = body
        self._message_log_batch(bodies)
        note = Markup("<p>%s</p>") % self.env._(
            "Put back as it was before the deactivation, by %(user)s.",
            user=self.env.user.name,
        )
        restored._fleet_log(note, restore=True)
