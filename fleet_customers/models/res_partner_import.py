"""Fleet customers and their contacts imported from the dealer management
system, matched on the customer number (see fleet_import_mixin.py).

From the Customers list (whose action says ``default_is_fleet_customer``)
a file of customers is matched on its Customer Number column; a file with a
"Customer Number of the Company" column holds contacts, matched under that
customer on their email, or their name when they have none.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, email_normalize

from .res_partner import SERVICE_MANAGER_GROUP


class ResPartner(models.Model):
    # One concern per file (see res_partner.py), on purpose.
    _name = "res.partner"
    _inherit = ["res.partner", "fleet.import.mixin"]  # pylint: disable=consider-merging-classes-inherited

    fleet_parent_number = fields.Char(
        string="Customer Number of the Company",
        compute="_compute_fleet_parent_number",
        inverse="_inverse_fleet_parent_number",
        help="For contacts: the customer number of the fleet customer they work "
        "for, as in your dealer management system. Import contacts with this "
        "column to file them under their customer.",
    )

    @api.depends("parent_id.commercial_partner_id.ref")
    def _compute_fleet_parent_number(self):
        for partner in self:
            customer = partner.parent_id.commercial_partner_id
            partner.fleet_parent_number = customer.is_fleet_customer and customer.ref

    def _inverse_fleet_parent_number(self):
        numbers = {p.fleet_parent_number for p in self if p.fleet_parent_number}
        customers = self._fleet_customers_by_number(numbers)
        for partner in self.filtered("fleet_parent_number"):
            number = partner.fleet_parent_number.strip()
            customer = customers.get(number.lower())
            if not customer:
                raise ValidationError(self._fleet_unknown_number_text(number))
            if partner.parent_id != customer:
                partner.parent_id = customer

    @api.model
    def get_import_templates(self):
        # One template: Odoo 18's import screen keys its list of templates on
        # the whole object, and two of them crash it in developer mode (fixed
        # upstream by odoo/odoo#231407). The contacts' sample sits beside
        # this one in static/import/.
        if not self.env.context.get("default_is_fleet_customer"):
            return super().get_import_templates()
        return [
            {
                "label": self.env._("Fleet Customers from your DMS"),
                "template": "/fleet_customers/static/import/fleet_customers.csv",
            },
        ]

    # ------------------------------------------------------------------
    # Customers by number
    # ------------------------------------------------------------------

    @api.model
    def _fleet_customers_by_number(self, numbers):
        """{lower-case number: fleet customer} of the current company (and
        of no company), archived ones included, among those the user may
        read. One query on the unique index of numbers, one for the rules."""
        keys = list({number.strip().lower() for number in numbers if number})
        if not keys:
            return {}
        self.env["res.partner"].flush_model(["ref", "is_fleet_customer", "company_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id FROM res_partner
                 WHERE is_fleet_customer AND ref IS NOT NULL
                   AND COALESCE(company_id, 0) IN (%s, 0)
                   AND lower(ref) = ANY(%s)
                """,
                self.env.company.id,
                keys,
            )
        )
        customers = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .search_fetch([("id", "in", [row[0] for row in rows])], ["ref", "active"])
        )
        return {customer.ref.lower(): customer for customer in customers}

    @api.model
    def _fleet_unknown_number_text(self, number):
        return self.env._(
            "No fleet customer of %(company)s has the customer number %(number)s: "
            "import the customer first, or correct the number.",
            company=self.env.company.display_name,
            number=number,
        )

    @api.model
    def _fleet_deactivated_text(self, customer):
        return self.env._(
            "%(customer)s (number %(number)s) is deactivated: the row was skipped. "
            "Reactivate the customer (Service Manager) to import it again.",
            customer=customer.display_name,
            number=customer.ref,
        )

    # ------------------------------------------------------------------
    # The import (fleet.import.mixin)
    # ------------------------------------------------------------------

    @api.model
    def _fleet_import_applies(self, fields):
        return "fleet_parent_number" in fields or bool(
            self.env.context.get("default_is_fleet_customer")
        )

    @api.model
    def _fleet_import_fix(self, rows, messages):
        """A state given by its code ("CA") is looked up among all countries'
        states by the conversion, which takes the first and warns; the row's
        country says which one it is."""
        with_country = [
            row
            for row in rows
            if row.vals.get("state_id") and row.vals.get("country_id")
        ]
        if not with_country:
            return
        State = self.env["res.country.state"]
        given = State.browse({row.vals["state_id"] for row in with_country})
        candidates = State.search(
            [
                ("code", "in", list(set(given.mapped("code")))),
                (
                    "country_id",
                    "in",
                    list({row.vals["country_id"] for row in with_country}),
                ),
            ]
        )
        by_code = {(state.country_id.id, state.code): state for state in candidates}
        settled = set()
        for row in with_country:
            state = State.browse(row.vals["state_id"])
            country_id = row.vals["country_id"]
            if state.country_id.id != country_id:
                state = by_code.get((country_id, state.code))
                if not state:
                    row.error = self.env._(
                        "State %(state)s is not a state of %(country)s: check the "
                        "State and Country columns.",
                        state=State.browse(row.vals["state_id"]).display_name,
                        country=self.env["res.country"].browse(country_id).display_name,
                    )
                    continue
                row.vals["state_id"] = state.id
            settled.add(row.index)
        # The conversion's "multiple matches" warnings of the settled rows.
        messages[:] = [
            message
            for message in messages
            if not (
                message.get("field") == "state_id"
                and message["type"] == "warning"
                and message["rows"]["from"] in settled
            )
        ]

    @api.model
    def _fleet_import_check(self, fields):
        self._fleet_check_admin(self.env._("import"))
        if "fleet_parent_number" not in fields and "ref" not in fields:
            raise ValidationError(
                self.env._(
                    "Map a column of the file to Customer Number (field Reference): "
                    "customers are matched on their number."
                )
            )

    @api.model
    def _fleet_import_match(self, rows, fields):
        if "fleet_parent_number" in fields:
            return self._fleet_import_match_contacts(rows)
        return self._fleet_import_match_customers(rows)

    @api.model
    def _fleet_import_match_customers(self, rows):
        first_line = {}
        for row in rows:
            number = row.vals.get("ref")
            number = number.strip() if isinstance(number, str) else ""
            if not number:
                row.error = self.env._(
                    "The row has no customer number: each customer needs its "
                    "number from your dealer management system."
                )
                continue
            row.vals["ref"] = number
            if number.lower() in first_line:
                row.error = self.env._(
                    "Customer number %(number)s is also on line %(line)s: each "
                    "customer appears once in the file.",
                    number=number,
                    line=first_line[number.lower()],
                )
                continue
            first_line[number.lower()] = row.line
        holders = self._fleet_customers_by_number(first_line)
        may_renumber = self.env.su or self.env.user.has_group(SERVICE_MANAGER_GROUP)
        for row in rows:
            if row.error:
                continue
            key = row.vals["ref"].lower()
            if row.record:
                # Matched by an external or database id: the number may change.
                if (row.record.ref or "").lower() == key:
                    del row.vals["ref"]
                elif row.record.ref and not may_renumber:
                    row.error = self.env._(
                        "The row changes the customer number of %(customer)s from "
                        "%(old)s to %(new)s: only a Service Manager may change a "
                        "customer number.",
                        customer=row.record.display_name,
                        old=row.record.ref,
                        new=row.vals["ref"],
                    )
                    continue
            elif key in holders:
                row.record = holders[key]
                del row.vals["ref"]  # the same number, whatever its case
            else:
                row.vals.setdefault("is_company", True)
                row.vals["is_fleet_customer"] = True
            if row.record and row.record.is_fleet_customer and not row.record.active:
                row.warning = self._fleet_deactivated_text(row.record)

    @api.model
    def _fleet_import_customers(self, rows, fname, missing):
        """(row, customer) for the rows whose ``fname`` column names an
        active fleet customer; the others are refused (unknown or missing
        number: ``missing`` says why) or skipped (deactivated customer).
        Shared by the contacts' and the business units' imports."""
        customers = self._fleet_customers_by_number(
            row.vals.get(fname) or "" for row in rows
        )
        found = []
        for row in rows:
            number = (row.vals.pop(fname, "") or "").strip()
            customer = customers.get(number.lower())
            if not customer:
                row.error = (
                    self._fleet_unknown_number_text(number) if number else missing
                )
            elif not customer.active:
                row.warning = self._fleet_deactivated_text(customer)
            else:
                found.append((row, customer))
        return found

    @api.model
    def _fleet_import_match_contacts(self, rows):
        keyed = []
        missing = self.env._(
            "The row has no Customer Number of the Company: a contact is "
            "imported under its customer."
        )
        for row, customer in self._fleet_import_customers(
            rows, "fleet_parent_number", missing
        ):
            row.vals.update(
                parent_id=customer.id,
                type="contact",
                is_company=False,
                is_fleet_customer=False,
            )
            if not row.record:
                keyed.append((row, customer))
        existing = {}
        contacts = self.with_context(active_test=False).search_fetch(
            [
                ("parent_id", "in", list({customer.id for __, customer in keyed})),
                ("type", "=", "contact"),
                ("is_fleet_customer", "=", False),
            ],
            ["name", "email", "parent_id"],
            order="id",
        )
        for contact in contacts:
            for key in self._fleet_contact_keys(contact.parent_id, contact):
                existing.setdefault(key, contact)

        def row_key(customer, row):
            keys = self._fleet_contact_keys(customer, row.vals)
            if not keys:
                row.error = self.env._("The contact has neither a name nor an email.")
                return None
            return keys[0]

        self._fleet_import_match_keys(
            keyed,
            row_key,
            existing,
            lambda customer, line: self.env._(
                "The same contact of %(customer)s is also on line %(line)s: "
                "each contact appears once in the file.",
                customer=customer.display_name,
                line=line,
            ),
        )

    @api.model
    def _fleet_contact_keys(self, customer, contact):
        """How a contact is recognised under its customer: its email, else
        its name (``contact`` is a partner or the values of a row)."""
        keys = []
        email = contact["email"] if "email" in contact else False
        if email:
            keys.append((customer.id, "email", email_normalize(email) or email.lower()))
        name = contact["name"] if "name" in contact else False
        # An existing contact is also found by name, by rows without email.
        if name and (not email or isinstance(contact, models.BaseModel)):
            keys.append((customer.id, "name", name.strip().lower()))
        return keys
