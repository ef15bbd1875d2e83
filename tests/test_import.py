"""Import of fleet customers, contacts and business units from a dealer
management system, through Odoo's own import (base_import): matched on the
customer number, per company, all or nothing, with a Test that says what
would happen."""

import csv
import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.tools import file_open

from .common import FleetCustomersCase

CUSTOMER_FIELDS = {
    "Customer Number": "ref",
    "Name": "name",
    "Segment": "fleet_segment_id",
    "Street": "street",
    "Zip": "zip",
    "City": "city",
    "State": "state_id",
    "Country": "country_id",
    "Phone": "phone",
    "Email": "email",
    "Website": "website",
    "Tags": "category_id",
    "External ID": "id",
}
CONTACT_FIELDS = {
    "Customer Number of the Company": "fleet_parent_number",
    "Name": "name",
    "Job Position": "function",
    "Email": "email",
    "Phone": "phone",
}
UNIT_FIELDS = {
    "Customer Number": "customer_number",
    "Code": "code",
    "Name": "name",
    "Notes": "note",
}


def to_csv(rows):
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


class ImportCase(FleetCustomersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.segment_contractor = cls.env.ref(
            "fleet_customers.fleet_customer_segment_contractor"
        )

    def run_import(self, user, text, model="res.partner", dryrun=False, mapping=None):
        """Import ``text`` (CSV with a header) as base_import does it from
        the Customers list (or the Business Units list)."""
        context = {}
        if model == "res.partner":
            # The Customers action's context, which the import screen passes.
            context = {"default_is_fleet_customer": True, "default_is_company": True}
        mapping = mapping or (
            UNIT_FIELDS if model == "fleet.business.unit" else CUSTOMER_FIELDS
        )
        header = next(csv.reader(io.StringIO(text)))
        wizard = (
            self.env["base_import.import"]
            .with_user(user)
            .with_context(**context)
            .create(
                {
                    "res_model": model,
                    "file": text.encode(),
                    "file_name": "dms.csv",
                    "file_type": "text/csv",
                }
            )
        )
        options = {
            "has_headers": True,
            "separator": ",",
            "quoting": '"',
            "encoding": "utf-8",
            "float_thousand_separator": ",",
            "float_decimal_separator": ".",
            "limit": 2,  # base_import's batches: the file stays one whole
        }
        return wizard.execute_import(
            [mapping[column] for column in header], header, options, dryrun=dryrun
        )

    def customers(self, *numbers):
        return (
            self.Partner.with_context(active_test=False)
            .search([("ref", "in", list(numbers)), ("is_fleet_customer", "=", True)])
            .sorted("ref")
        )

    def errors(self, result):
        return {
            (message.get("record"), message["message"])
            for message in result["messages"]
            if message["type"] == "error"
        }


class TestImportCustomers(ImportCase):
    def test_sample_file_creates_customers(self):
        """The sample shipped with the addon imports as is: segment by
        name, country by name or code, state by code."""
        with file_open("fleet_customers/static/import/fleet_customers.csv") as f:
            text = f.read()
        result = self.run_import(self.fleet_admin, text)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(
            result["fleet_import"],
            {"created": 4, "updated": 0, "unchanged": 0, "skipped": []},
        )
        created = self.customers("D-20001", "D-20002", "D-20003", "D-20004")
        self.assertEqual(len(created), 4)
        self.assertEqual(sorted(result["ids"]), sorted(created.ids))
        alpine, harbor = created[0], created[1]
        self.assertTrue(all(created.mapped("is_fleet_customer")))
        self.assertTrue(all(created.mapped("is_company")))
        self.assertEqual(created.company_id, self.company)
        self.assertEqual(alpine.fleet_segment_id, self.segment_contractor)
        self.assertEqual(alpine.country_id, self.env.ref("base.at"))
        self.assertEqual(harbor.country_id, self.env.ref("base.us"))
        self.assertEqual(harbor.state_id, self.env.ref("base.state_us_5"))

    def test_state_by_code_within_the_row_country(self):
        """ "CA" is a state code in several countries: the row's country
        decides, silently; a state of another country is refused."""
        text = to_csv(
            [
                ["Customer Number", "Name", "State", "Country"],
                ["S-1", "Californian", "CA", "US"],
                ["S-2", "Canadian", "Ontario", "Canada"],
            ]
        )
        result = self.run_import(self.fleet_admin, text)
        self.assertFalse(result["messages"], result["messages"])
        us, canada = self.customers("S-1", "S-2")
        self.assertEqual(us.state_id, self.env.ref("base.state_us_5"))
        self.assertEqual(canada.state_id.country_id, self.env.ref("base.ca"))
        text = to_csv(
            [
                ["Customer Number", "Name", "State", "Country"],
                ["S-3", "Lost", "Ontario", "US"],
            ]
        )
        result = self.run_import(self.fleet_admin, text)
        ((line, message),) = self.errors(result)
        self.assertEqual(line, 2)
        self.assertIn("is not a state of", message)

    def test_sample_headers_map_themselves(self):
        """base_import proposes a field for every column of the samples."""
        for path, model, context in (
            ("fleet_customers.csv", "res.partner", {"default_is_fleet_customer": 1}),
            ("fleet_customer_contacts.csv", "res.partner", {}),
            ("fleet_business_units.csv", "fleet.business.unit", {}),
        ):
            with file_open(f"fleet_customers/static/import/{path}", "rb") as f:
                content = f.read()
            wizard = (
                self.env["base_import.import"]
                .with_user(self.fleet_admin)
                .with_context(**context)
                .create({"res_model": model, "file": content, "file_type": "text/csv"})
            )
            preview = wizard.parse_preview(
                {"has_headers": True, "separator": ",", "quoting": '"'}
            )
            self.assertFalse(preview.get("error"), preview)
            self.assertEqual(
                len(preview["matches"]), len(preview["headers"]), (path, preview)
            )

    def test_tags_by_name(self):
        key_account = self.env["res.partner.category"].create({"name": "Key Account"})
        upsell = self.env["res.partner.category"].create({"name": "Upsell"})
        text = to_csv(
            [
                ["Customer Number", "Name", "Tags"],
                ["G-1", "Tagged", "Key Account,Upsell"],
            ]
        )
        result = self.run_import(self.fleet_admin, text)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(self.customers("G-1").category_id, key_account | upsell)
        # The same tags again: unchanged, whatever their order.
        text = to_csv(
            [
                ["Customer Number", "Name", "Tags"],
                ["G-1", "Tagged", "Upsell,Key Account"],
            ]
        )
        self.assertEqual(
            self.run_import(self.fleet_admin, text)["fleet_import"]["unchanged"], 1
        )

    def test_xlsx_file(self):
        """A spreadsheet saved from the DMS imports like a CSV file."""
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["Customer Number", "Name", "Segment", "City"])
        sheet.append(["X-1", "Spreadsheet Hire", "Rental company", "Lyon"])
        sheet.append(["t-0001", "Atlas Test Rental", "", "Grenoble"])
        content = io.BytesIO()
        workbook.save(content)
        wizard = (
            self.env["base_import.import"]
            .with_user(self.fleet_admin)
            .with_context(default_is_fleet_customer=True, default_is_company=True)
            .create(
                {
                    "res_model": "res.partner",
                    "file": content.getvalue(),
                    "file_name": "dms.xlsx",
                    "file_type": "application/vnd.openxmlformats-officedocument"
                    ".spreadsheetml.sheet",
                }
            )
        )
        result = wizard.execute_import(
            ["ref", "name", "fleet_segment_id", "city"],
            ["Customer Number", "Name", "Segment", "City"],
            {"has_headers": True},
        )
        self.assertFalse(result["messages"], result)
        self.assertIn("fleet_import", result, result)
        self.assertEqual(result["fleet_import"]["created"], 1)
        self.assertEqual(result["fleet_import"]["updated"], 1)
        self.assertEqual(self.customer.city, "Grenoble")
        self.assertEqual(
            self.customers("X-1").fleet_segment_id,
            self.env.ref("fleet_customers.fleet_customer_segment_rental"),
        )

    def test_test_reports_and_writes_nothing(self):
        self.customer.write({"city": "Lyon"})
        text = to_csv(
            [
                ["Customer Number", "Name", "City"],
                ["T-0001", "Atlas Test Rental", "Lyon"],
                ["N-1", "New Customer", "Paris"],
            ]
        )
        result = self.run_import(self.fleet_admin, text, dryrun=True)
        self.assertEqual(
            result["fleet_import"],
            {"created": 1, "updated": 0, "unchanged": 1, "skipped": []},
        )
        infos = [m["message"] for m in result["messages"] if m["type"] == "info"]
        self.assertEqual(
            infos, ["Test: 1 to create, 0 to update, 1 unchanged."], result
        )
        self.assertFalse(self.customers("N-1"))

    def test_known_number_updates_only_mapped_columns(self):
        """Matched whatever the case and blanks of the number; the columns
        the file does not map keep their values; the number stays as it is."""
        self.customer.write({"phone": "+33 4 72 00 00 00", "city": "Lyon"})
        text = to_csv([["Customer Number", "City"], ["  t-0001 ", "Villeurbanne"]])
        result = self.run_import(self.fleet_admin, text)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(result["fleet_import"]["updated"], 1)
        self.assertEqual(result["fleet_import"]["created"], 0)
        self.assertEqual(self.customer.city, "Villeurbanne")
        self.assertEqual(self.customer.phone, "+33 4 72 00 00 00")
        self.assertEqual(self.customer.ref, "T-0001")

    def test_unchanged_reimport_writes_nothing(self):
        with file_open("fleet_customers/static/import/fleet_customers.csv") as f:
            text = f.read()
        self.run_import(self.fleet_admin, text)
        created = self.customers("D-20001", "D-20002", "D-20003", "D-20004")
        self.env.flush_all()
        created.invalidate_recordset()
        before = created.read(["write_date", "write_uid"])
        result = self.run_import(self.service_manager, text)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(
            result["fleet_import"],
            {"created": 0, "updated": 0, "unchanged": 4, "skipped": []},
        )
        created.invalidate_recordset()
        self.assertEqual(created.read(["write_date", "write_uid"]), before)
        self.assertEqual(len(self.customers("D-20001", "D-20002")), 2)

    def test_refused_rows_and_nothing_written(self):
        """Each refused row is reported with its line and reason, and one
        refused row stops the whole file."""
        text = to_csv(
            [
                ["Customer Number", "Name", "Segment", "Email", "Phone"],
                ["R-1", "Good One", "Dealer", "good@one.example", ""],  # line 2
                ["R-2", "Bad Segment", "Astronauts", "", ""],  # line 3
                ["R-3", "Bad Email", "Dealer", "not-an-email", ""],  # line 4
                ["R-4", "First", "Dealer", "", ""],  # line 5
                ["r-4 ", "Twice", "Dealer", "", ""],  # line 6
                ["", "No Number", "Dealer", "", ""],  # line 7
                ["R-5", "Bad Phone", "Dealer", "", "not a phone"],  # line 8
            ]
        )
        for dryrun in (True, False):
            result = self.run_import(self.fleet_admin, text, dryrun=dryrun)
            self.assertIs(result["ids"], False)
            by_line = {}
            for line, message in self.errors(result):
                by_line.setdefault(line, []).append(message)
            self.assertEqual(sorted(by_line), [3, 4, 6, 7, 8], result["messages"])
            self.assertIn("Astronauts", by_line[3][0])
            self.assertIn("not-an-email is not a valid email address", by_line[4][0])
            self.assertIn("also on line 5", by_line[6][0])
            self.assertIn("no customer number", by_line[7][0])
            self.assertIn("phone number of Bad Phone is not valid", by_line[8][0])
            self.assertFalse(self.customers("R-1", "R-4"))

    def test_number_change_needs_service_manager(self):
        """A row that identifies the customer by its External ID (an Odoo
        export re-imported) may change the number: a Service Manager's
        import only."""
        xid = self.customer._get_external_ids()  # none yet
        self.assertFalse(xid[self.customer.id])
        self.env["ir.model.data"].create(
            {
                "module": "dms",
                "name": "atlas",
                "model": "res.partner",
                "res_id": self.customer.id,
            }
        )
        text = to_csv([["External ID", "Customer Number"], ["dms.atlas", "T-0999"]])
        result = self.run_import(self.fleet_admin, text)
        self.assertIs(result["ids"], False)
        ((line, message),) = self.errors(result)
        self.assertEqual(line, 2)
        self.assertIn("only a Service Manager may change a customer number", message)
        self.assertEqual(self.customer.ref, "T-0001")

        result = self.run_import(self.service_manager, text)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(result["fleet_import"]["updated"], 1)
        self.assertEqual(self.customer.ref, "T-0999")

    def test_external_id_of_another_company_is_not_reached(self):
        """A Fleet Admin's file cannot reach another company's customer
        through its External ID, even as a Service Manager."""
        other_company = self.env["res.company"].create({"name": "Other Dealer"})
        other = self.create_customer(
            "Other Company's Customer", "O-1", company_id=other_company.id
        )
        self.env["ir.model.data"].create(
            {
                "module": "dms",
                "name": "other",
                "model": "res.partner",
                "res_id": other.id,
            }
        )
        text = to_csv(
            [
                ["External ID", "Customer Number", "Name"],
                ["dms.other", "O-1", "Hijacked"],
            ]
        )
        result = self.run_import(self.service_manager, text)
        ((line, message),) = self.errors(result)
        self.assertEqual(line, 2)
        self.assertIn("matches no record", message)
        self.assertEqual(other.name, "Other Company's Customer")

    def test_roles_that_may_not_import(self):
        text = to_csv([["Customer Number", "Name"], ["U-1", "Refused"]])
        for user in (self.fleet_user, self.internal_user):
            with self.assertRaisesRegex(AccessError, "Fleet Admin"):
                self.run_import(user, text)
        self.assertFalse(self.customers("U-1"))

    def test_numbers_are_per_company(self):
        """The same number in another company is another customer: it is
        neither matched nor updated, and the import creates one here."""
        other_company = self.env["res.company"].create({"name": "Other Dealer"})
        other = self.create_customer(
            "Other Company's Atlas", "T-0001", company_id=other_company.id
        )
        self.customer.unlink()
        text = to_csv([["Customer Number", "Name"], ["T-0001", "Atlas Here"]])
        result = self.run_import(self.fleet_admin, text)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(result["fleet_import"]["created"], 1)
        self.assertEqual(other.name, "Other Company's Atlas")
        here = self.Partner.browse(result["ids"])
        self.assertEqual(here.company_id, self.company)
        self.assertEqual(here.name, "Atlas Here")

    def test_deactivated_customer_is_reported_not_reactivated(self):
        self.customer.with_user(self.service_manager)._fleet_deactivate(
            self.env.ref("fleet_customers.fleet_deactivation_reason_other"), ""
        )
        text = to_csv([["Customer Number", "City"], ["T-0001", "Paris"]])
        result = self.run_import(self.fleet_admin, text, dryrun=True)
        warnings = [m for m in result["messages"] if m["type"] == "warning"]
        self.assertEqual(len(warnings), 1, result["messages"])
        self.assertEqual(warnings[0]["record"], 2)
        self.assertIn("is deactivated", warnings[0]["message"])
        result = self.run_import(self.fleet_admin, text)
        self.assertEqual(result["fleet_import"]["updated"], 0)
        self.assertEqual(len(result["fleet_import"]["skipped"]), 1)
        self.assertFalse(self.customer.active)
        self.assertNotEqual(self.customer.city, "Paris")


class TestImportContactsAndUnits(ImportCase):
    def test_contacts_under_their_customer_number(self):
        text = to_csv(
            [
                ["Customer Number of the Company", "Name", "Job Position", "Email"],
                ["t-0001", "Claire Test", "Fleet Manager", "CLAIRE@atlas.example"],
                ["T-0001", "Marc New", "Mechanic", ""],
            ]
        )
        result = self.run_import(self.fleet_admin, text, mapping=CONTACT_FIELDS)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(
            result["fleet_import"],
            {"created": 1, "updated": 1, "unchanged": 0, "skipped": []},
        )
        self.assertEqual(self.contact.function, "Fleet Manager")
        marc = self.customer.child_ids.filtered(lambda c: c.name == "Marc New")
        self.assertEqual(marc.type, "contact")
        self.assertFalse(marc.is_fleet_customer)
        self.assertEqual(marc.fleet_parent_number, "T-0001")

        again = self.run_import(self.fleet_admin, text, mapping=CONTACT_FIELDS)
        self.assertEqual(again["fleet_import"]["unchanged"], 2)
        self.assertEqual(len(self.customer.child_ids), 2)

    def test_contact_of_unknown_number_is_refused(self):
        text = to_csv(
            [["Customer Number of the Company", "Name"], ["NOPE-1", "Lost Person"]]
        )
        result = self.run_import(self.fleet_admin, text, mapping=CONTACT_FIELDS)
        ((line, message),) = self.errors(result)
        self.assertEqual(line, 2)
        self.assertIn("NOPE-1", message)
        self.assertFalse(self.Partner.search([("name", "=", "Lost Person")]))

    def test_business_units_under_their_customer_number(self):
        text = to_csv(
            [
                ["Customer Number", "Code", "Name", "Notes"],
                ["T-0001", "lyn", "Lyon Depot", "Main yard"],
                ["T-0001", "GRE", "Grenoble Depot", ""],
            ]
        )
        result = self.run_import(self.fleet_admin, text, model="fleet.business.unit")
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(
            result["fleet_import"],
            {"created": 1, "updated": 1, "unchanged": 0, "skipped": []},
        )
        self.assertEqual(self.unit.name, "Lyon Depot")
        self.assertEqual(self.unit.code, "LYN")
        self.assertEqual(self.unit.note, "Main yard")
        self.assertEqual(
            sorted(self.customer.fleet_business_unit_ids.mapped("code")),
            ["GRE", "LYN"],
        )
        again = self.run_import(self.fleet_admin, text, model="fleet.business.unit")
        self.assertEqual(again["fleet_import"]["unchanged"], 2)

    def test_user_may_not_import_units(self):
        text = to_csv([["Customer Number", "Name"], ["T-0001", "Sneaky"]])
        with self.assertRaises(AccessError):
            self.run_import(self.fleet_user, text, model="fleet.business.unit")


class TestImportQueries(ImportCase):
    def test_queries_do_not_grow_with_rows(self):
        """Matching and comparing are batched: re-importing 40 unchanged
        customers costs no more queries than 10."""

        def file_of(count):
            rows = [["Customer Number", "Name", "Segment", "City"]]
            rows += [
                [f"Q-{i:04d}", f"Query {i}", "Dealer", "Lyon"] for i in range(count)
            ]
            return to_csv(rows)

        counts = {}
        for count in (10, 40):
            text = file_of(count)
            self.run_import(self.fleet_admin, text)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = self.run_import(self.fleet_admin, text)
            counts[count] = self.env.cr.sql_log_count - before
            self.assertEqual(result["fleet_import"]["unchanged"], count)
        self.assertLessEqual(counts[40], counts[10] + 2, counts)
