"""The printable QR label of an asset (report/fleet_asset_label_report.xml).

Each label shows the asset's name and serial number and a QR code of its
customer-portal page, <base url>/my/assets/<id>: no token in it, the page is
protected by login and record rules. Only fleet roles see it in the Print
menu of the equipment list and form.
"""

import io
import shutil
from urllib.parse import parse_qs, quote_plus, urlsplit

from lxml import html as lxml_html

from odoo.tests import HttpCase, tagged
from odoo.tools.pdf import PdfFileReader

from .common import FleetCustomersCase

REPORT = "fleet_customers.action_report_fleet_asset_label"
LABELS_PER_SHEET = 14


def labels_of(html):
    """{asset id: label element} of a rendered label sheet."""
    root = lxml_html.fromstring(html)
    return {
        int(label.get("data-asset-id")): label
        for label in root.xpath(
            "//div[contains(concat(' ', normalize-space(@class), ' '),"
            " ' fc_asset_label ')]"
        )
    }


def qr_query(label):
    """The query of the label's QR image (/report/barcode/?...), as a dict."""
    (img,) = label.xpath(".//img[contains(@class, 'fc_asset_label_qr_img')]")
    src = img.get("src")
    url = urlsplit(src)
    return src, url.path, {k: v[0] for k, v in parse_qs(url.query).items()}


@tagged("post_install", "-at_install")
class TestAssetLabel(FleetCustomersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A base URL of its own: the QR code must be built from it.
        cls.env["ir.config_parameter"].sudo().set_param(
            "web.base.url", "https://fleet.example.com"
        )
        cls.Equipment = cls.env["maintenance.equipment"]
        cls.excavator, cls.lift = cls.Equipment.create(
            [
                {"name": "Label Excavator EX-77", "serial_no": "LBL-EX-0077"},
                {"name": "Label Scissor Lift SL-9", "serial_no": "LBL-SL-0009"},
            ]
        )
        cls.report = cls.env.ref(REPORT)

    def render(self, assets):
        html, report_type = self.env["ir.actions.report"]._render_qweb_html(
            REPORT, assets.ids
        )
        self.assertEqual(report_type, "html")
        return html

    def test_each_label_has_name_serial_and_portal_qr(self):
        assets = self.excavator | self.lift
        labels = labels_of(self.render(assets))
        self.assertEqual(set(labels), set(assets.ids), "one label per asset")

        ActionsReport = self.env["ir.actions.report"]
        for asset in assets:
            with self.subTest(asset=asset.name):
                label = labels[asset.id]
                text = " ".join(label.text_content().split())
                self.assertIn(asset.name, text)
                self.assertIn(asset.serial_no, text)

                portal_url = f"https://fleet.example.com/my/assets/{asset.id}"
                self.assertEqual(asset.get_base_url(), "https://fleet.example.com")
                src, path, query = qr_query(label)
                self.assertEqual(path, "/report/barcode/")
                self.assertEqual(query["barcode_type"], "QR")
                # url-encoded in the src, the portal page's URL once decoded;
                # no token nor anything else in it.
                self.assertIn(f"value={quote_plus(portal_url)}&", src)
                self.assertEqual(query["value"], portal_url)
                # The barcode route can draw it (it passes these arguments to
                # the same method).
                options = {
                    k: v for k, v in query.items() if k not in ("barcode_type", "value")
                }
                png = ActionsReport.barcode("QR", query["value"], **options)
                self.assertTrue(png.startswith(b"\x89PNG"))

    def test_labels_fill_sheets_of_fourteen(self):
        many = self.Equipment.create(
            [
                {"name": f"Label Sheet Asset {i}", "serial_no": f"LBL-SHEET-{i:02d}"}
                for i in range(LABELS_PER_SHEET + 1)
            ]
        )
        root = lxml_html.fromstring(self.render(many))
        sheets = root.xpath("//div[contains(@class, 'fc_asset_label_sheet')]")
        self.assertEqual(len(sheets), 2)
        self.assertEqual(len(sheets[0].xpath(".//img")), LABELS_PER_SHEET)
        self.assertEqual(len(sheets[1].xpath(".//img")), 1)
        # A page break after every sheet but the last: no blank last page.
        self.assertIn("fc_page_break", sheets[0].get("class"))
        self.assertNotIn("fc_page_break", sheets[1].get("class"))
        # In the order of the selection.
        self.assertEqual(list(labels_of(self.render(many))), many.ids)

    def test_report_in_equipment_print_menu_for_fleet_users_only(self):
        report = self.report
        self.assertEqual(report.model, "maintenance.equipment")
        self.assertEqual(report.report_type, "qweb-pdf")
        self.assertEqual(report.binding_model_id.model, "maintenance.equipment")
        self.assertEqual(report.binding_type, "report")
        self.assertEqual(
            report.groups_id,
            self.env.ref("fleet_customers.group_fleet_customers_user"),
        )
        paperformat = report.paperformat_id
        self.assertEqual(
            paperformat,
            self.env.ref("fleet_customers.paperformat_fleet_asset_label_sheet"),
        )
        self.assertEqual(paperformat.format, "A4")

        Actions = self.env["ir.actions.actions"]

        def print_menu(user):
            bindings = Actions.with_user(user).get_bindings("maintenance.equipment")
            return {action["id"] for action in bindings.get("report", ())}

        # Every fleet role, through the implied groups.
        for user in (
            self.fleet_user,
            self.fleet_admin,
            self.service_manager,
            self.fleet_manager,
        ):
            with self.subTest(user=user.login):
                self.assertIn(report.id, print_menu(user))
        self.assertNotIn(report.id, print_menu(self.internal_user))

    def test_fleet_user_renders_the_labels(self):
        labels = labels_of(
            self.env["ir.actions.report"]
            .with_user(self.fleet_user)
            ._render_qweb_html(REPORT, self.excavator.ids)[0]
        )
        self.assertEqual(list(labels), self.excavator.ids)


@tagged("post_install", "-at_install")
class TestAssetLabelPdf(HttpCase):
    """The real PDF, through wkhtmltopdf: it fetches the QR images from this
    test's HTTP server (web.base.url, set by HttpCase)."""

    test_module = "fleet_customers"

    def test_pdf_has_the_labels_and_their_qr_codes(self):
        # Never skipped: scripts/test.sh installs wkhtmltopdf (ensure_wkhtmltopdf).
        self.assertTrue(
            shutil.which("wkhtmltopdf"),
            "wkhtmltopdf is missing: the label PDF cannot be tested "
            "(scripts/test.sh installs it, `apt-get install wkhtmltopdf`)",
        )
        ActionsReport = self.env["ir.actions.report"]
        self.assertEqual(ActionsReport.get_wkhtmltopdf_state(), "ok")
        # The images come from this server, whatever the database says.
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())

        assets = self.env["maintenance.equipment"].create(
            [
                {"name": "Pdf Label Crane MC-1", "serial_no": "PDF-MC-0001"},
                {"name": "Pdf Label Forklift FL-2", "serial_no": "PDF-FL-0002"},
            ]
        )
        pdf, report_type = ActionsReport.with_context(
            force_report_rendering=True
        )._render_qweb_pdf(REPORT, assets.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

        reader = PdfFileReader(io.BytesIO(pdf))
        self.assertEqual(len(reader.pages), 1, "two labels, one sheet")
        page = reader.pages[0]
        text = " ".join(page.extract_text().split())
        for asset in assets:
            self.assertIn(asset.name, text)
            self.assertIn(asset.serial_no, text)

        # One 300 x 300 px image per label: the QR codes were fetched (a
        # missing image would be left out or drawn as a small icon).
        xobjects = page["/Resources"].get("/XObject") or {}
        sizes = [
            (xobject["/Width"], xobject["/Height"])
            for xobject in (ref.get_object() for ref in xobjects.values())
            if xobject.get("/Subtype") == "/Image"
        ]
        self.assertEqual(sizes, [(300, 300)] * 2)
