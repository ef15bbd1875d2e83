"""The customer portal: each customer's contacts see their customer's
assets, sites, contracts and work orders, and nothing of another customer,
through the pages and through JSON-RPC alike."""

from datetime import date

from lxml import html

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged

from .common import FleetCustomersCase


class PortalData:
    """Two customers, each with a portal contact, an asset it holds, a site
    with an internal note and a note for the customer, a contract and a
    work order; plus an asset customer A held before B took it over."""

    @classmethod
    def setup_portal_data(cls, env):
        Partner = env["res.partner"].with_context(tracking_disable=True)
        Equipment = env["maintenance.equipment"]
        Assignment = env["fleet.asset.assignment"]
        cls.data = {}
        for key in ("a", "b"):
            customer = Partner.create(
                {
                    "name": f"Portal Customer {key.upper()}",
                    "ref": f"PORTAL-{key.upper()}",
                    "is_fleet_customer": True,
                    "is_company": True,
                }
            )
            contact = Partner.create(
                {
                    "name": f"Portal Contact {key.upper()}",
                    "parent_id": customer.id,
                    "type": "contact",
                    "email": f"contact.{key}@portal.example.com",
                }
            )
            user = new_test_user(
                env,
                login=f"fc_portal_{key}",
                password=f"fc_portal_{key}_password",
                groups="base.group_portal",
                partner_id=contact.id,
            )
            site = Partner.create(
                {
                    "name": f"Portal Yard {key.upper()}",
                    "parent_id": customer.id,
                    "type": "fleet_site",
                    "city": f"City{key.upper()}",
                    "fleet_site_note": f"INTERNAL gate code {key.upper()}-4242",
                    "fleet_portal_note": f"Deliveries at gate {key.upper()}",
                    "fleet_geofence": {
                        "type": "circle",
                        "lat": 45.0,
                        "lng": 4.0,
                        "radius": 100,
                    },
                }
            )
            asset = Equipment.create(
                {
                    "name": f"Portal Excavator {key.upper()}",
                    "serial_no": f"SN-PORTAL-{key.upper()}",
                    "cost": 123456.0 if key == "a" else 654321.0,
                    "note": f"<p>INTERNAL equipment note {key.upper()}</p>",
                }
            )
            Assignment._fleet_assign(asset, customer, site=site)
            contract = env["fleet.customer.contract"].create(
                {"partner_id": customer.id, "note": f"<p>INTERNAL contract {key}</p>"}
            )
            work_order = env["maintenance.request"].create(
                {
                    "name": f"Portal Service {key.upper()}",
                    "equipment_id": asset.id,
                    "description": f"<p>INTERNAL work order {key.upper()}</p>",
                }
            )
            document = env["ir.attachment"].create(
                {
                    "name": f"Manual {key.upper()}.pdf",
                    "raw": b"%PDF manual",
                    "res_model": "maintenance.equipment",
                    "res_id": asset.id,
                    "fleet_show_on_portal": True,
                }
            )
            cls.data[key] = {
                "customer": customer,
                "contact": contact,
                "user": user,
                "site": site,
                "asset": asset,
                "contract": contract,
                "work_order": work_order,
                "document": document,
            }
        # An asset customer A held until 2025, customer B holds now.
        cls.moved = Equipment.create(
            {"name": "Portal Loader Moved", "serial_no": "SN-PORTAL-MOVED"}
        )
        first = Assignment._fleet_assign(
            cls.moved, cls.data["a"]["customer"], date_start=date(2024, 1, 1)
        )
        first._fleet_unassign(date(2025, 1, 1))
        Assignment._fleet_assign(
            cls.moved,
            cls.data["b"]["customer"],
            site=cls.data["b"]["site"],
            date_start=date(2025, 1, 2),
        )


@tagged("post_install", "-at_install")
class TestPortalAccess(FleetCustomersCase, PortalData):
    """What a portal contact may read through the ORM (JSON-RPC uses it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_portal_data(cls.env)

    def test_reads_own_records_only(self):
        a, b = self.data["a"], self.data["b"]
        env = self.env(user=a["user"])
        for model, field, key in (
            ("maintenance.equipment", "fleet_customer_id", "asset"),
            ("fleet.customer.contract", "partner_id", "contract"),
            ("maintenance.request", "fleet_customer_id", "work_order"),
        ):
            found = env[model].search([])
            self.assertIn(a[key], found, model)
            self.assertNotIn(b[key], found, model)
            self.assertEqual(found[field], a["customer"], model)
            with self.assertRaises(AccessError, msg=model):
                env[model].browse(b[key].id).read(["display_name"])
        history = env["fleet.asset.assignment"].search([])
        self.assertEqual(history.partner_id, a["customer"])
        # The asset it held before: its period, not the asset itself.
        self.assertIn(self.moved, history.equipment_id)
        self.assertEqual(
            set(history.filtered(lambda p: not p.is_current).mapped("equipment_name")),
            {"Portal Loader Moved"},
        )
        self.assertNotIn(self.moved, env["maintenance.equipment"].search([]))

    def test_hidden_fields_stay_hidden(self):
        """Costs, internal notes and the like are refused, read or
        searched, even on the customer's own records."""
        a = self.data["a"]
        env = self.env(user=a["user"])
        for model, record, fname in (
            ("maintenance.equipment", a["asset"], "cost"),
            ("maintenance.equipment", a["asset"], "note"),
            ("maintenance.equipment", a["asset"], "technician_user_id"),
            ("maintenance.request", a["work_order"], "description"),
            ("fleet.customer.contract", a["contract"], "note"),
            ("fleet.customer.contract", a["contract"], "user_id"),
        ):
            with self.assertRaises(AccessError, msg=(model, fname)):
                env[model].browse(record.id).read([fname])
            with self.assertRaises(AccessError, msg=(model, fname)):
                env[model].search([(fname, "!=", False)])
        with self.assertRaises(AccessError):
            env["res.partner"].browse(a["site"].id).read(["fleet_site_note"])
        # read() without field names returns the allowed ones only.
        values = env["maintenance.equipment"].browse(a["asset"].id).read()[0]
        self.assertNotIn("cost", values)
        self.assertEqual(values["serial_no"], "SN-PORTAL-A")

    def test_access_matrix(self):
        """A portal contact against read/create/write/unlink on each model
        the portal shows, for its customer's record and the other's."""
        a, b = self.data["a"], self.data["b"]
        env = self.env(user=a["user"])
        for model, key in (
            ("maintenance.equipment", "asset"),
            ("fleet.customer.contract", "contract"),
            ("maintenance.request", "work_order"),
            ("fleet.asset.assignment", None),
            ("fleet.asset.event", None),
            ("fleet.business.unit", None),
            ("fleet.customer.note", None),
            ("fleet.customer.deactivation", None),
        ):
            Model = env[model]
            own = a[key] if key else None
            other = b[key] if key else None
            if own:
                self.assertTrue(Model.browse(own.id).has_access("read"), model)
                self.assertFalse(Model.browse(other.id).has_access("read"), model)
                for operation in ("write", "unlink"):
                    self.assertFalse(
                        Model.browse(own.id).has_access(operation), (model, operation)
                    )
            self.assertFalse(Model.has_access("create"), model)
            if model in (
                "fleet.business.unit",
                "fleet.customer.note",
                "fleet.customer.deactivation",
            ):
                self.assertFalse(Model.has_access("read"), model)

    def test_portal_user_cannot_write(self):
        a = self.data["a"]
        env = self.env(user=a["user"])
        with self.assertRaises(AccessError):
            env["maintenance.equipment"].browse(a["asset"].id).write({"name": "Mine"})
        with self.assertRaises(AccessError):
            env["maintenance.request"].create({"name": "Direct"})


class PortalHttpCase(HttpCase, PortalData):
    """The portal data, for tests that browse as its contacts."""

    # These tests live outside the addon (top-level tests/), where Odoo cannot
    # derive the module from the Python package name.
    test_module = "fleet_customers"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env.company.fleet_customer_ref_required = True
        cls.setup_portal_data(cls.env)


@tagged("post_install", "-at_install")
class TestPortalPages(PortalHttpCase):
    """Every route, as each customer's contact, for its own ids and the
    other's: its own data shows, the other's never (404), and no internal
    note or amount appears anywhere."""

    def routes(self, key):
        d = self.data[key]
        return {
            "list": ["/my/assets", "/my/sites", "/my/contracts", "/my/work-orders"],
            "detail": [
                f"/my/assets/{d['asset'].id}",
                f"/my/sites/{d['site'].id}",
                f"/my/contracts/{d['contract'].id}",
                f"/my/work-orders/{d['work_order'].id}",
            ],
        }

    FORBIDDEN = (
        "INTERNAL",
        "123456",
        "654321",
        "123,456",
        "654,321",
    )

    def assert_no_leak(self, body, other):
        for text in self.FORBIDDEN:
            self.assertNotIn(text, body)
        o = self.data[other]
        for record in ("customer", "contact", "site", "asset", "work_order"):
            self.assertNotIn(o[record].name, body, (record, o[record].name))
        self.assertNotIn(o["asset"].serial_no, body)

    def test_each_contact_sees_its_own_and_nothing_of_the_other(self):
        for me, other in (("a", "b"), ("b", "a")):
            self.authenticate(f"fc_portal_{me}", f"fc_portal_{me}_password")
            mine = self.data[me]
            pages = self.routes(me)
            for url in pages["list"] + pages["detail"]:
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200, url)
                self.assert_no_leak(response.text, other)
            assets = self.url_open("/my/assets").text
            self.assertIn(mine["asset"].name, assets)
            self.assertIn(mine["asset"].serial_no, assets)
            site = self.url_open(f"/my/sites/{mine['site'].id}").text
            self.assertIn(f"Deliveries at gate {me.upper()}", site)
            asset = self.url_open(f"/my/assets/{mine['asset'].id}").text
            self.assertIn(mine["document"].name, asset)
            self.assertIn(mine["work_order"].name, asset)
            for url in self.routes(other)["detail"] + [f"/my/assets/{self.moved.id}"]:
                if me == "b" and url == f"/my/assets/{self.moved.id}":
                    continue  # B holds it now
                response = self.url_open(url)
                self.assertEqual(response.status_code, 404, url)
                self.assert_no_leak(response.text, other)

    def test_previous_assets_listed_without_their_page(self):
        self.authenticate("fc_portal_a", "fc_portal_a_password")
        assets = self.url_open("/my/assets").text
        # Every row has its six cells, empty ones included (no site).
        rows = html.fromstring(assets).xpath(
            "//tr[contains(@class, 'o_fleet_portal_asset_row')]"
        )
        self.assertEqual(len(rows), 2)
        for row in rows:
            self.assertEqual(len(row.xpath("./td")), 6)
        self.assertIn("Portal Loader Moved", assets)
        self.assertNotIn(f'href="/my/assets/{self.moved.id}"', assets)
        # Where B uses it now is B's business.
        self.assertNotIn(self.data["b"]["site"].name, assets)

    def test_shared_documents_download(self):
        """The asset's page links its shared documents with Odoo's access
        token; the other customer's contact cannot fetch them."""
        a = self.data["a"]
        self.authenticate("fc_portal_a", "fc_portal_a_password")
        page = html.fromstring(self.url_open(f"/my/assets/{a['asset'].id}").text)
        (link,) = page.xpath(
            "//ul[contains(@class, 'o_fleet_portal_documents')]//a/@href"
        )
        response = self.url_open(link)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF manual")
        self.authenticate("fc_portal_b", "fc_portal_b_password")
        response = self.url_open(f"/web/content/{a['document'].id}?download=true")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotEqual(response.content, b"%PDF manual")

    def test_search_sort_group(self):
        self.authenticate("fc_portal_a", "fc_portal_a_password")
        found = self.url_open("/my/assets?search_in=serial&search=MOVED").text
        self.assertIn("Portal Loader Moved", found)
        self.assertNotIn("Portal Excavator A", found)
        grouped = self.url_open("/my/assets?groupby=site&sortby=name").text
        self.assertIn("Portal Yard A", grouped)
        self.assertIn("No site", grouped)
        orders = self.url_open("/my/work-orders?groupby=stage").text
        self.assertIn("Portal Service A", orders)

    def test_portal_chatter(self):
        """A contact writes in the chatter of its customer's asset and work
        order, and reads the messages meant for it, not the internal notes;
        the other customer's threads are out of reach."""
        a, b = self.data["a"], self.data["b"]
        a["asset"].message_post(
            body="Internal: margin on this one", subtype_xmlid="mail.mt_note"
        )
        a["work_order"].message_post(
            body="Technician comes on Monday",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.authenticate("fc_portal_a", "fc_portal_a_password")
        for record in (a["asset"], a["work_order"]):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": record._name,
                    "thread_id": record.id,
                    "post_data": {
                        "body": "Question from the site",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                    },
                },
            )
            self.assertIn(
                "Question from the site", record.message_ids.mapped("body")[0]
            )
            messages = self.make_jsonrpc_request(
                "/mail/chatter_fetch",
                {"thread_model": record._name, "thread_id": record.id},
            )
            bodies = " ".join(m["body"] for m in messages["data"]["mail.message"])
            self.assertIn("Question from the site", bodies)
            self.assertNotIn("margin", bodies)
        self.assertIn(
            "Technician comes on Monday",
            " ".join(
                m["body"]
                for m in self.make_jsonrpc_request(
                    "/mail/chatter_fetch",
                    {
                        "thread_model": "maintenance.request",
                        "thread_id": a["work_order"].id,
                    },
                )["data"]["mail.message"]
            ),
        )
        for record in (b["asset"], b["work_order"]):
            with self.assertRaisesRegex(JsonRpcException, "NotFound"):
                self.make_jsonrpc_request(
                    "/mail/message/post",
                    {
                        "thread_model": record._name,
                        "thread_id": record.id,
                        "post_data": {"body": "Sneaky", "message_type": "comment"},
                    },
                )
            self.assertNotIn("Sneaky", " ".join(record.message_ids.mapped("body")))

    def test_home_counters(self):
        self.authenticate("fc_portal_a", "fc_portal_a_password")
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {
                "counters": [
                    "fleet_asset_count",
                    "fleet_site_count",
                    "fleet_contract_count",
                    "fleet_work_order_count",
                ]
            },
        )
        self.assertEqual(
            counters,
            {
                "fleet_asset_count": 1,
                "fleet_site_count": 1,
                "fleet_contract_count": 1,
                "fleet_work_order_count": 1,
            },
        )
        home = self.url_open("/my/home")
        self.assertEqual(home.status_code, 200)
        self.assertIn('href="/my/assets"', home.text)

    def test_deactivated_customer_sees_inactive_page_only(self):
        a = self.data["a"]
        a["customer"]._fleet_deactivate(
            self.env.ref("fleet_customers.fleet_deactivation_reason_other")
        )
        self.authenticate("fc_portal_a", "fc_portal_a_password")
        # Every portal page, the other apps' too (sale's orders, the account).
        urls = ["/my", "/my/home", "/my/orders", "/my/invoices", "/my/account"]
        for url in urls + sum(self.routes("a").values(), []):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 403, url)
            self.assertIn("Your account is inactive", response.text, url)
            self.assertNotIn(a["asset"].name, response.text, url)
        # The other customer's contacts are not affected.
        self.authenticate("fc_portal_b", "fc_portal_b_password")
        self.assertEqual(self.url_open("/my/assets").status_code, 200)
