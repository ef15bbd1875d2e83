"""Request service from an asset's portal page: a customer's contact opens a
work order on an asset their customer holds, the Fleet team is told, and
bad, repeated or too many requests are refused with a clear message."""

import threading
from datetime import timedelta

import psycopg2

import odoo
from odoo import SUPERUSER_ID, api, fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import FLEET_GROUPS, FleetCustomersCase
from .test_portal import PortalData, PortalHttpCase

RATE_PARAM = "fleet_customers.portal_requests_per_hour"
TEXT = "The boom cylinder leaks oil since Monday morning."
LINKED = f"{TEXT} Photos: https://example.com/leak"


@tagged("post_install", "-at_install")
class TestPortalRequestService(FleetCustomersCase, PortalData):
    """The rules, in the model, as the customer's contact."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_portal_data(cls.env)
        cls.first_stage = cls.env["maintenance.stage"].search(
            [], order="sequence, id", limit=1
        )

    def portal_env(self, key="a"):
        # As on the portal: with tracking and notifications.
        return self.env(user=self.data[key]["user"], context={})

    def request_service(self, text=TEXT, key="a", asset=None):
        env = self.portal_env(key)
        asset = asset or self.data[key]["asset"]
        return env["maintenance.request"]._fleet_portal_request_service(
            env["maintenance.equipment"].browse(asset.id), text
        )

    def requested_by(self, key="a"):
        return (
            self.env["maintenance.request"]
            .with_context(active_test=False)
            .search([("create_uid", "=", self.data[key]["user"].id)])
        )

    def age(self, work_orders, hours):
        """Pretend ``work_orders`` were created ``hours`` ago."""
        work_orders.flush_recordset()
        self.env.cr.execute(
            "UPDATE maintenance_request SET create_date = create_date - %s "
            "WHERE id = ANY(%s)",
            [timedelta(hours=hours), work_orders.ids],
        )
        work_orders.invalidate_recordset(["create_date"])

    def test_creates_work_order(self):
        a = self.data["a"]
        work_order = self.request_service(
            f"  {TEXT}\r\nIt <b>drips</b> at https://example.com/x  \n"
        )
        self.assertEqual(work_order.env.user, a["user"])
        work_order = work_order.sudo()
        self.assertEqual(work_order.stage_id, self.first_stage)
        self.assertEqual(work_order.fleet_customer_id, a["customer"])
        self.assertEqual(work_order.equipment_id, a["asset"])
        self.assertEqual(work_order.fleet_site_id, a["site"])
        self.assertEqual(work_order.name, "Service request: Portal Excavator A")
        self.assertEqual(
            work_order.request_date,
            fields.Date.context_today(self.portal_env()["maintenance.request"]),
        )
        self.assertEqual(work_order.create_uid, a["user"])
        # The text, escaped: never markup of the user's.
        self.assertIn(TEXT, work_order.description)
        self.assertIn("&lt;b&gt;drips&lt;/b&gt;", work_order.description)
        self.assertNotIn("<b>", work_order.description)
        # The contact follows it, and its request opens the conversation, in
        # its name, where the portal shows it (a comment, not a note).
        self.assertIn(a["contact"], work_order.message_partner_ids)
        opening = work_order.message_ids.filtered(
            lambda m: m.author_id == a["contact"]
            and m.subtype_id == self.env.ref("mail.mt_comment")
        )
        self.assertEqual(len(opening), 1)
        self.assertIn("&lt;b&gt;drips&lt;/b&gt;", opening.body)
        self.assertEqual(opening.message_type, "comment")
        self.assertFalse(opening.is_internal)

    def test_team_and_technician_from_the_asset(self):
        a = self.data["a"]
        team = self.env["maintenance.team"].create({"name": "Heavy Equipment"})
        a["asset"].write(
            {"maintenance_team_id": team.id, "technician_user_id": self.fleet_user.id}
        )
        work_order = self.request_service().sudo()
        self.assertEqual(work_order.maintenance_team_id, team)
        self.assertEqual(work_order.user_id, self.fleet_user)

    def test_service_managers_notified(self):
        a = self.data["a"]
        other_company = self.env["res.company"].create({"name": "Other Dealer"})
        elsewhere = new_test_user(
            self.env,
            login="fc_sm_elsewhere",
            groups=f"base.group_user,{FLEET_GROUPS['service_manager']}",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        archived = new_test_user(
            self.env,
            login="fc_sm_archived",
            groups=f"base.group_user,{FLEET_GROUPS['service_manager']}",
        )
        archived.active = False
        technician = new_test_user(
            self.env, login="fc_technician", groups="base.group_user"
        )
        a["asset"].technician_user_id = technician
        work_order = self.request_service().sudo()
        note = work_order.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note") and m.partner_ids
        )
        self.assertEqual(len(note), 1)
        self.assertTrue(note.subtype_id.internal)  # never shown on the portal
        self.assertIn(TEXT, note.body)
        notified = note.partner_ids
        self.assertEqual(note.notified_partner_ids, notified)
        # Service Managers (and Administrators, who are Service Managers too)
        # of the asset's company, and the asset's technician.
        for user in (self.service_manager, self.fleet_manager, technician):
            self.assertIn(user.partner_id, notified, user.login)
        for user in (self.fleet_user, self.fleet_admin, elsewhere, archived):
            self.assertNotIn(user.partner_id, notified, user.login)
        self.assertNotIn(a["contact"], notified)

    def test_description_checked(self):
        for text, message in (
            (None, "Please describe what the asset needs: what happens"),
            ("   \r\n  ", "Please describe what the asset needs: what happens"),
            ("  Broken!  ", "at least 10 characters"),
            ("x" * 2001, r"to 2000 characters \(it has 2001\)"),
        ):
            with self.assertRaisesRegex(UserError, message, msg=repr(text)):
                self.request_service(text)
        self.assertFalse(self.requested_by())
        # The limits themselves are accepted; a browser's \r\n is one
        # character, as it counts it in maxlength.
        self.request_service("  Broken 10!  ")
        self.request_service("x\r\n" * 999 + "xx")
        self.assertEqual(len(self.requested_by()), 2)

    def test_repeat_refused(self):
        first = self.request_service(LINKED)
        with self.assertRaisesRegex(
            UserError,
            "You already requested this service on Portal Excavator A: work "
            'order "Service request: Portal Excavator A" is open',
        ):
            self.request_service("  " + LINKED.upper().replace(" ", " \n  ") + "  ")
        self.assertEqual(self.requested_by(), first)
        # Another description, or the same from another contact, is no repeat.
        second = self.request_service("The horn does not work anymore.")
        colleague = new_test_user(
            self.env,
            login="fc_portal_a2",
            groups="base.group_portal",
            partner_id=self.Partner.create(
                {"name": "Colleague A", "parent_id": self.data["a"]["customer"].id}
            ).id,
        )
        env = self.env(user=colleague, context={})
        env["maintenance.request"]._fleet_portal_request_service(
            env["maintenance.equipment"].browse(self.data["a"]["asset"].id), LINKED
        )
        # Nor once the work order is done, nor a day later.
        first.sudo().stage_id = self.env["maintenance.stage"].search(
            [("done", "=", True)], limit=1
        )
        third = self.request_service(LINKED)
        self.age(third, 25)
        self.request_service(LINKED)
        self.assertEqual(len(self.requested_by()), 4, second)

    def test_rate_limit(self):
        for n in range(5):
            self.request_service(f"{TEXT} Number {n}.")
        with self.assertRaisesRegex(
            UserError, "You have sent 5 service requests in the last hour"
        ):
            self.request_service(f"{TEXT} Number 5.")
        self.assertEqual(len(self.requested_by()), 5)
        # Other contacts have their own count.
        self.request_service(key="b")
        # The setting changes the limit.
        self.env["ir.config_parameter"].set_param(RATE_PARAM, "6")
        self.request_service(f"{TEXT} Number 5.")
        with self.assertRaisesRegex(UserError, "You have sent 6 service requests"):
            self.request_service(f"{TEXT} Number 6.")
        self.env["ir.config_parameter"].set_param(RATE_PARAM, "0")
        with self.assertRaisesRegex(UserError, "turned off"):
            self.request_service(f"{TEXT} Again.", key="b")
        # An hour later, the count starts again.
        self.env["ir.config_parameter"].set_param(RATE_PARAM, "5")
        self.age(self.requested_by(), 1.1)
        self.request_service(f"{TEXT} Number 6.")

    def test_only_the_holders_asset(self):
        b = self.data["b"]
        for asset in (b["asset"], self.moved):
            with self.assertRaisesRegex(AccessError, "an asset your company holds"):
                self.request_service(asset=asset)
        # An archived asset of its own neither.
        self.data["a"]["asset"].active = False
        with self.assertRaisesRegex(AccessError, "an asset your company holds"):
            self.request_service()
        self.assertFalse(self.requested_by())
        self.assertEqual(
            self.env["maintenance.request"].search_count(
                [("equipment_id", "in", (b["asset"] | self.moved).ids)]
            ),
            1,  # B's own, from the set-up
        )

    def test_deactivated_customer_refused(self):
        self.data["a"]["customer"]._fleet_deactivate(
            self.env.ref("fleet_customers.fleet_deactivation_reason_other")
        )
        with self.assertRaisesRegex(AccessError, "account is deactivated"):
            self.request_service()
        self.assertFalse(self.requested_by())

    def test_not_a_customers_contact_refused(self):
        env = self.env(user=self.fleet_user)
        with self.assertRaisesRegex(AccessError, "Only the contacts of our customers"):
            env["maintenance.request"]._fleet_portal_request_service(
                env["maintenance.equipment"].browse(self.data["a"]["asset"].id), TEXT
            )

    def test_portal_user_cannot_create_directly(self):
        a = self.data["a"]
        # Refused by the access rights themselves, not by what create reads.
        with self.assertRaisesRegex(AccessError, "not allowed to create"):
            self.portal_env()["maintenance.request"].create(
                {
                    "name": "Direct",
                    "equipment_id": a["asset"].id,
                    "fleet_customer_id": a["customer"].id,
                }
            )
        # And the request's work order is theirs to read, not to write.
        work_order = self.request_service()
        with self.assertRaisesRegex(AccessError, "not allowed to modify"):
            work_order.write({"name": "Mine"})


@tagged("post_install", "-at_install")
class TestPortalRequestPages(PortalHttpCase):
    """The form on the asset's page, posted as the customer's contact."""

    def setUp(self):
        super().setUp()
        self.authenticate("fc_portal_a", "fc_portal_a_password")

    def post(self, asset, data):
        return self.url_open(f"/my/assets/{asset.id}/request", data=data)

    def requested(self):
        return self.env["maintenance.request"].search(
            [("create_uid", "=", self.data["a"]["user"].id)]
        )

    def test_form_on_asset_page(self):
        asset = self.data["a"]["asset"]
        page = self.url_open(f"/my/assets/{asset.id}").text
        self.assertIn(f'action="/my/assets/{asset.id}/request"', page)
        self.assertIn('name="csrf_token"', page)
        self.assertIn('maxlength="2000"', page)
        self.assertNotIn("o_fleet_portal_request_error", page)

    def test_post_opens_work_order(self):
        asset = self.data["a"]["asset"]
        response = self.post(
            asset, {"csrf_token": http.Request.csrf_token(self), "description": TEXT}
        )
        work_order = self.requested()
        self.assertEqual(len(work_order), 1)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            response.url.endswith(f"/my/work-orders/{work_order.id}"), response.url
        )
        self.assertIn("Service request: Portal Excavator A", response.text)
        self.assertIn("o_fleet_portal_request_sent", response.text)
        self.assertIn("Your service request was sent", response.text)
        self.assertEqual(work_order.equipment_id, asset)
        # Once only: the next visit shows no such alert.
        page = self.url_open(f"/my/work-orders/{work_order.id}").text
        self.assertNotIn("o_fleet_portal_request_sent", page)

    def test_refusal_shown_on_asset_page(self):
        asset = self.data["a"]["asset"]
        response = self.post(
            asset,
            {"csrf_token": http.Request.csrf_token(self), "description": "Broken"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(f"/my/assets/{asset.id}"), response.url)
        self.assertIn("o_fleet_portal_request_error", response.text)
        self.assertIn("at least 10 characters", response.text)
        # What was typed is given back, to correct it.
        self.assertIn(">Broken</textarea>", response.text)
        self.assertFalse(self.requested())
        # Once only; and no link can put words on the page.
        page = self.url_open(
            f"/my/assets/{asset.id}?request_error=Call+0800+SCAM&request_sent=1"
        ).text
        self.assertNotIn("o_fleet_portal_request_error", page)
        self.assertNotIn("SCAM", page)

    @mute_logger("odoo.http")
    def test_other_customers_asset_not_found(self):
        b = self.data["b"]
        before = self.env["maintenance.request"].search_count([])
        for asset in (b["asset"], self.moved):
            response = self.post(
                asset,
                {"csrf_token": http.Request.csrf_token(self), "description": TEXT},
            )
            self.assertEqual(response.status_code, 404)
            self.assertNotIn(b["asset"].name, response.text)
        self.assertEqual(self.env["maintenance.request"].search_count([]), before)

    @mute_logger("odoo.http")
    def test_post_without_csrf_token_refused(self):
        asset = self.data["a"]["asset"]
        for data in ({"description": TEXT}, {"description": TEXT, "csrf_token": "x"}):
            response = self.post(asset, data)
            self.assertIn(response.status_code, (400, 403))
        self.assertFalse(self.requested())

    def test_get_not_allowed(self):
        asset = self.data["a"]["asset"]
        response = self.url_open(f"/my/assets/{asset.id}/request")
        self.assertEqual(response.status_code, 405)

    def test_deactivated_customer_gets_inactive_page(self):
        self.data["a"]["customer"]._fleet_deactivate(
            self.env.ref("fleet_customers.fleet_deactivation_reason_other")
        )
        response = self.post(
            self.data["a"]["asset"],
            {"csrf_token": http.Request.csrf_token(self), "description": TEXT},
        )
        self.assertEqual(response.status_code, 403)
        self.assertIn("Your account is inactive", response.text)
        self.assertFalse(self.requested())


@tagged("post_install", "-at_install")
class TestPortalRequestConcurrently(TransactionCase):
    """The same contact sends the same request twice at once (a double
    click, two workers): neither transaction sees the other's work order
    when it checks, so only the database can stop the second one. This
    needs real, separate transactions: the data is committed and removed
    again at the end."""

    test_module = "fleet_customers"

    def setUp(self):
        super().setUp()
        self.registry = odoo.modules.registry.Registry(self.env.cr.dbname)
        with self.registry.cursor() as cr:
            env = api.Environment(
                cr, SUPERUSER_ID, {"tracking_disable": True, "no_reset_password": True}
            )
            customer = env["res.partner"].create(
                {
                    "name": "Race Request Customer",
                    "ref": "RACE-REQUEST",
                    "is_fleet_customer": True,
                    "is_company": True,
                }
            )
            contact = env["res.partner"].create(
                {"name": "Race Request Contact", "parent_id": customer.id}
            )
            user = new_test_user(
                env,
                login="fc_race_request",
                groups="base.group_portal",
                partner_id=contact.id,
            )
            asset = env["maintenance.equipment"].create({"name": "Race Dumper"})
            env["fleet.asset.assignment"]._fleet_assign(asset, customer)
            self.partner_ids = [contact.id, customer.id]
            self.user_id = user.id
            self.asset_id = asset.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            env["maintenance.request"].search(
                [("equipment_id", "=", self.asset_id)]
            ).unlink()
            env["fleet.asset.assignment"].search(
                [("equipment_id", "=", self.asset_id)]
            ).unlink()
            env["maintenance.equipment"].browse(self.asset_id).unlink()
            env["res.users"].browse(self.user_id).unlink()
            env["res.partner"].browse(self.partner_ids).unlink()

    def request_service(self, cr):
        env = api.Environment(cr, self.user_id, {})
        return env["maintenance.request"]._fleet_portal_request_service(
            env["maintenance.equipment"].browse(self.asset_id), TEXT
        )

    def test_same_request_twice_at_once(self):
        first_checked = threading.Event()
        outcome = {}

        def send(name, wait_for=None, then_signal=None):
            with mute_logger("odoo.sql_db"), self.registry.cursor() as cr:
                try:
                    if wait_for:
                        # Starts after the other one passed its checks, and
                        # before it commits.
                        wait_for.wait(10)
                    self.request_service(cr)
                    if then_signal:
                        then_signal.set()
                        # Hold the transaction open while the other one checks.
                        threading.Event().wait(1.5)
                    cr.commit()
                    outcome[name] = "committed"
                except psycopg2.errors.SerializationFailure:
                    # What Odoo retries, in a new transaction.
                    cr.rollback()
                    outcome[name] = "retry"

        first = threading.Thread(target=send, args=("first", None, first_checked))
        second = threading.Thread(target=send, args=("second", first_checked))
        first.start()
        second.start()
        first.join(30)
        second.join(30)

        self.assertEqual(outcome, {"first": "committed", "second": "retry"})
        # Retried, the second request sees the first one's work order.
        with self.registry.cursor() as cr:
            with self.assertRaisesRegex(UserError, "You already requested"):
                self.request_service(cr)
            cr.rollback()
            cr.execute(
                "SELECT count(*) FROM maintenance_request WHERE equipment_id = %s",
                [self.asset_id],
            )
            self.assertEqual(cr.fetchone()[0], 1)
