"""Two Service Managers deactivate, or reactivate, the same customer at once.

Each click runs in a transaction of its own: the data is committed in setUp
(two real Service Managers, a customer with a site, an active contract, an
open work order and an open task) and removed again by a cleanup that runs
even when an assertion fails. The first transaction does its work and stays
open until the second has tried; the second must be refused with a clear
error, and the customer must end up with one deactivation and one set of
lines, each record changed once and one note in the chatter.
"""

import secrets
import threading

import odoo
from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

SERVICE_MANAGER = "fleet_customers.group_fleet_customers_service_manager"
REFUSAL = "Another user is deactivating or reactivating"
# (model, key in self.data): the records the deactivation changes
CHANGED = [
    ("res.partner", "site"),
    ("fleet.customer.contract", "contract"),
    ("maintenance.request", "work_order"),
    ("project.task", "task"),
]
CUSTOMER = ("res.partner", "customer")
PROJECT = ("project.project", "project")
# How long a transaction waits for the other one before giving up.
TIMEOUT = 30


@tagged("post_install", "-at_install")
class TestDeactivationConcurrency(TransactionCase):
    test_module = "fleet_customers"

    def setUp(self):
        super().setUp()
        self.registry = odoo.modules.registry.Registry(self.env.cr.dbname)
        # Unique names: a run killed before its cleanup cannot break the next.
        token = secrets.token_hex(3)
        self.data = {}
        # The cleanup is registered first: whatever the setup committed before
        # failing is removed too.
        self.addCleanup(self._cleanup)
        with self.registry.cursor() as cr:
            env = api.Environment(
                cr, SUPERUSER_ID, {"tracking_disable": True, "no_reset_password": True}
            )
            company = env.ref("base.main_company")
            users = env["res.users"]
            for login in ("a", "b"):
                users |= new_test_user(
                    env,
                    login=f"fc_race_{login}_{token}",
                    groups=f"base.group_user,{SERVICE_MANAGER}",
                    company_id=company.id,
                    company_ids=[company.id],
                )
            self.data["users"] = users.ids
            self.data["user_partners"] = users.partner_id.ids
            Partner = env["res.partner"]
            customer = Partner.create(
                {
                    "name": f"Race Rental {token}",
                    "ref": f"RACE-D-{token}",
                    "is_fleet_customer": True,
                    "is_company": True,
                    "company_id": company.id,
                }
            )
            self.data["customer"] = customer.id
            self.data["site"] = Partner.create(
                {
                    "name": f"Race yard {token}",
                    "parent_id": customer.id,
                    "type": "fleet_site",
                }
            ).id
            contract = env["fleet.customer.contract"].create(
                {"partner_id": customer.id, "company_id": company.id}
            )
            contract.action_activate()
            self.data["contract"] = contract.id
            self.data["work_order"] = (
                env["maintenance.request"]
                .create({"name": f"Race WO {token}", "fleet_customer_id": customer.id})
                .id
            )
            project = env["project.project"].create({"name": f"Race project {token}"})
            self.data["project"] = project.id
            task = env["project.task"].create(
                {
                    "name": f"Race task {token}",
                    "project_id": project.id,
                    "partner_id": customer.id,
                }
            )
            self.data["task"] = task.id
            self.task_state = task.state
            self.work_order_stage = (
                env["maintenance.request"].browse(self.data["work_order"]).stage_id.id
            )
            self.cancel_stage = env.ref(
                "fleet_customers.maintenance_stage_cancelled"
            ).id
            self.reason = env.ref("fleet_customers.fleet_deactivation_reason_closed").id

    def _cleanup(self):
        data = self.data
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            if "customer" in data:
                # The lines go with their deactivation (ondelete cascade).
                env["fleet.customer.deactivation"].search(
                    [("partner_ids", "in", [data["customer"]])]
                ).unlink()
            for model, key in [CUSTOMER, *CHANGED, PROJECT]:
                if key not in data:
                    continue
                domain = [("res_id", "=", data[key])]
                env["mail.activity"].search(
                    [("res_model", "=", model), *domain]
                ).unlink()
                env["mail.message"].search([("model", "=", model), *domain]).unlink()
            for model, key in [
                ("project.task", "task"),
                ("project.project", "project"),
                ("maintenance.request", "work_order"),
                ("fleet.customer.contract", "contract"),
                ("res.partner", "site"),
                ("res.partner", "customer"),
            ]:
                if key in data:
                    env[model].browse(data[key]).exists().unlink()
            users = env["res.users"].browse(data.get("users", [])).exists()
            # Messages the Service Managers wrote anywhere else (there should
            # be none) would keep their partners.
            env["mail.message"].search(
                [("author_id", "in", data.get("user_partners", []))]
            ).unlink()
            users.unlink()
            env["res.partner"].browse(data.get("user_partners", [])).exists().unlink()

    # ------------------------------------------------------------------
    # The race
    # ------------------------------------------------------------------

    def _race(self, action):
        """``action(env)`` as the first Service Manager, then, while the
        first transaction is still open, as the second one.

        :return: {"first": (outcome, detail), "second": (outcome, detail)}
            with outcome "committed" (detail: what action returned),
            "refused" (detail: the UserError's message) or "error"
        """
        first_done = threading.Event()
        second_tried = threading.Event()
        outcome = {}

        def click(name, uid, wait_for, then_signal, hold):
            try:
                if wait_for and not wait_for.wait(TIMEOUT):
                    outcome[name] = ("error", "the other transaction never got there")
                    return
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, uid, {})
                    try:
                        result = action(env)
                    except UserError as error:
                        cr.rollback()
                        outcome[name] = ("refused", str(error))
                        return
                    if then_signal:
                        then_signal.set()
                    # Hold the transaction (and its locks) open while the other
                    # Service Manager tries.
                    if hold:
                        hold.wait(TIMEOUT)
                    cr.commit()
                    outcome[name] = ("committed", result)
            except Exception as error:  # any other failure: reported by the test
                outcome[name] = ("error", repr(error))
            finally:
                # Never leave the other thread waiting for a signal that will
                # not come.
                if then_signal:
                    then_signal.set()

        first_uid, second_uid = self.data["users"]
        threads = [
            threading.Thread(
                target=click,
                args=("first", first_uid, None, first_done, second_tried),
            ),
            threading.Thread(
                target=click,
                args=("second", second_uid, first_done, second_tried, None),
            ),
        ]
        # The refused lock is logged by the cursor as a bad query.
        with mute_logger("odoo.sql_db"):
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(2 * TIMEOUT + 10)
        self.assertFalse(
            [thread.name for thread in threads if thread.is_alive()],
            "a transaction is still running",
        )
        return outcome

    def _assert_one_wins(self, outcome):
        self.assertEqual(outcome["first"][0], "committed", outcome)
        self.assertEqual(outcome["second"][0], "refused", outcome)
        self.assertIn(REFUSAL, outcome["second"][1])

    def _deactivate(self, env):
        customer = env["res.partner"].browse(self.data["customer"])
        reason = env["fleet.deactivation.reason"].browse(self.reason)
        return customer._fleet_deactivate(reason, "Closing, said both").id

    def _reactivate(self, env):
        customer = env["res.partner"].browse(self.data["customer"])
        result = customer._fleet_reactivate(restore_work=True)
        return {key: sorted(lines.ids) for key, lines in result.items()}

    # ------------------------------------------------------------------
    # What the database holds afterwards, read in a new transaction
    # ------------------------------------------------------------------

    def _notes(self, env, model, key, text):
        return env["mail.message"].search_count(
            [
                ("model", "=", model),
                ("res_id", "=", self.data[key]),
                ("message_type", "=", "notification"),
                ("body", "ilike", text),
            ]
        )

    def _lines(self, env):
        return {
            (line.kind, line.res_model, line.res_id): line
            for line in env["fleet.customer.deactivation.line"].search(
                [("customer_id", "=", self.data["customer"])]
            )
        }

    def _expected_line_keys(self):
        return {
            ("site", "res.partner", self.data["site"]),
            ("contract", "fleet.customer.contract", self.data["contract"]),
            ("work_order", "maintenance.request", self.data["work_order"]),
            ("task", "project.task", self.data["task"]),
        }

    def test_two_deactivations_at_once(self):
        outcome = self._race(self._deactivate)
        self._assert_one_wins(outcome)

        first_uid = self.data["users"][0]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            deactivations = env["fleet.customer.deactivation"].search(
                [("partner_ids", "in", [self.data["customer"]])]
            )
            self.assertEqual(deactivations.ids, [outcome["first"][1]])
            self.assertRecordValues(
                deactivations,
                [
                    {
                        "user_id": first_uid,
                        "reason_id": self.reason,
                        "comment": "Closing, said both",
                        "state": "done",
                    }
                ],
            )
            # One set of lines: each changed record once, all of them of the
            # winning deactivation.
            lines = env["fleet.customer.deactivation.line"].search(
                [("customer_id", "=", self.data["customer"])]
            )
            self.assertEqual(lines.deactivation_id, deactivations)
            self.assertEqual(len(lines), 4, lines.mapped("kind"))
            self.assertEqual(set(self._lines(env)), self._expected_line_keys())
            for model, key in CHANGED:
                self.assertEqual(
                    env["fleet.customer.deactivation.line"].search_count(
                        [("res_model", "=", model), ("res_id", "=", self.data[key])]
                    ),
                    1,
                    f"{key} has more than one line",
                )

            customer = env["res.partner"].browse(self.data["customer"])
            self.assertFalse(customer.active)
            self.assertFalse(env["res.partner"].browse(self.data["site"]).active)
            self.assertEqual(
                env["fleet.customer.contract"].browse(self.data["contract"]).state,
                "cancelled",
            )
            self.assertEqual(
                env["maintenance.request"].browse(self.data["work_order"]).stage_id.id,
                self.cancel_stage,
            )
            self.assertEqual(
                env["project.task"].browse(self.data["task"]).state, "1_canceled"
            )
            # Each record was changed once: one note each, and one on the
            # customer.
            self.assertEqual(
                self._notes(env, "res.partner", "customer", "Customer deactivated"), 1
            )
            for model, key in CHANGED:
                self.assertEqual(
                    self._notes(env, model, key, "Changed by the deactivation"),
                    1,
                    f"{key} changed more than once",
                )

    def test_two_reactivations_at_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.data["users"][0], {})
            deactivation_id = self._deactivate(env)

        outcome = self._race(self._reactivate)
        self._assert_one_wins(outcome)
        self.assertEqual(outcome["first"][1]["changed"], [])

        first_uid = self.data["users"][0]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            deactivations = env["fleet.customer.deactivation"].search(
                [("partner_ids", "in", [self.data["customer"]])]
            )
            self.assertEqual(deactivations.ids, [deactivation_id])
            self.assertRecordValues(
                deactivations,
                [
                    {
                        "state": "reactivated",
                        "reactivated_by_id": first_uid,
                        "work_restored": True,
                    }
                ],
            )
            lines = self._lines(env)
            self.assertEqual(set(lines), self._expected_line_keys())
            self.assertEqual(
                sorted(line.id for line in lines.values()),
                outcome["first"][1]["restored"],
            )
            self.assertEqual(
                {line.outcome for line in lines.values()}, {"restored"}, lines
            )

            self.assertTrue(env["res.partner"].browse(self.data["customer"]).active)
            self.assertTrue(env["res.partner"].browse(self.data["site"]).active)
            self.assertEqual(
                env["fleet.customer.contract"].browse(self.data["contract"]).state,
                "active",
            )
            self.assertEqual(
                env["maintenance.request"].browse(self.data["work_order"]).stage_id.id,
                self.work_order_stage,
            )
            self.assertEqual(
                env["project.task"].browse(self.data["task"]).state, self.task_state
            )
            self.assertEqual(
                self._notes(env, "res.partner", "customer", "Customer reactivated"), 1
            )
            for model, key in CHANGED:
                self.assertEqual(
                    self._notes(env, model, key, "Put back as it was"),
                    1,
                    f"{key} put back more than once",
                )
