from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import explain


@tagged("post_install", "-at_install")
class MoneyCase(AccountTestInvoicingCommon):
    test_module = "fleet_customers"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The accounting test user of Odoo's helper also manages fleet data.
        cls.env.user.groups_id |= cls.env.ref(
            "fleet_customers.group_fleet_customers_manager"
        )
        cls.today = fields.Date.context_today(cls.env.user)
        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Money Cranes",
                "ref": "M-0001",
                "is_fleet_customer": True,
                "is_company": True,
                "company_id": cls.env.company.id,
            }
        )
        cls.contact = Partner.create(
            {"name": "Payer", "parent_id": cls.customer.id, "type": "contact"}
        )
        cls.invoice_address = Partner.create(
            {"name": "Billing", "parent_id": cls.customer.id, "type": "invoice"}
        )
        cls.other = Partner.create(
            {"name": "Someone else", "company_id": cls.env.company.id}
        )

    def invoice(
        self,
        amount,
        partner=None,
        days_ago=60,
        move_type="out_invoice",
        currency=None,
        post=True,
    ):
        """An invoice due ``days_ago`` days ago (negative: due in the future)."""
        move = self.init_invoice(
            move_type,
            partner=partner or self.customer,
            invoice_date=self.today - timedelta(days=abs(days_ago)),
            amounts=[amount],
            taxes=[],
            currency=currency,
            post=False,
        )
        move.invoice_payment_term_id = False
        move.invoice_date_due = self.today - timedelta(days=days_ago)
        if post:
            move.action_post()
        return move

    def pay(self, move, amount):
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"amount": amount, "payment_date": self.today})._create_payments()

    def money(self, partner=None):
        partner = partner or self.customer
        partner.invalidate_recordset()
        return (partner.fleet_overdue_amount, partner.fleet_awaiting_payment_amount)


class TestMoneyAtAGlance(MoneyCase):
    def test_overdue_with_partial_payment_and_credit_note(self):
        invoice = self.invoice(1000.0)
        self.assertEqual(self.money(), (1000.0, 0.0))
        self.pay(invoice, 300.0)
        self.assertEqual(self.money(), (700.0, 0.0))
        self.invoice(200.0, move_type="out_refund")
        self.assertEqual(self.money(), (500.0, 0.0))
        self.pay(invoice, 700.0)
        self.assertEqual(self.money(), (-200.0, 0.0), "the open credit note remains")

    def test_awaiting_payment_and_child_addresses(self):
        self.invoice(400.0, partner=self.contact, days_ago=-30)
        self.invoice(100.0, partner=self.invoice_address, days_ago=-10)
        self.invoice(999.0, partner=self.other, days_ago=-10)
        self.assertEqual(self.money(), (0.0, 500.0))

    def test_foreign_currency_in_company_currency(self):
        other_currency = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        self.invoice(1000.0, currency=other_currency, days_ago=-5)
        self.assertEqual(self.money(), (0.0, 500.0))

    def test_sums_of_several_due_dates_are_rounded_to_the_currency(self):
        # Each due day is a group of its own, added up in Python.
        self.invoice(0.1, days_ago=5)
        self.invoice(0.2, days_ago=3)
        self.invoice(0.1, days_ago=-5)
        self.invoice(0.2, days_ago=-3)
        self.assertEqual(self.money(), (0.3, 0.3))

    def test_edited_customer_shows_its_amounts_new_one_none(self):
        # A form's onchange computes on new records: the one editing the
        # customer shows the customer's amounts, a new customer none.
        self.invoice(1000.0)
        self.invoice(250.0, days_ago=-10)
        edited = self.customer.new(origin=self.customer)
        self.assertEqual(
            (edited.fleet_overdue_amount, edited.fleet_awaiting_payment_amount),
            (1000.0, 250.0),
        )
        created = self.env["res.partner"].new(
            {"name": "New", "is_fleet_customer": True}
        )
        self.assertEqual(
            (created.fleet_overdue_amount, created.fleet_awaiting_payment_amount),
            (0.0, 0.0),
        )

    def test_draft_and_cancelled_invoices_excluded(self):
        self.invoice(100.0, post=False)
        cancelled = self.invoice(100.0, post=False)
        cancelled.button_cancel()
        self.assertEqual(self.money(), (0.0, 0.0))

    def test_pending_quotes(self):
        SaleOrder = self.env["sale.order"]
        line = {
            "product_id": self.product_a.id,
            "product_uom_qty": 1,
            "price_unit": 100.0,
            "tax_id": False,
        }
        draft = SaleOrder.create(
            {"partner_id": self.contact.id, "order_line": [Command.create(line)]}
        )
        sent = SaleOrder.create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create(dict(line, price_unit=50.0))],
            }
        )
        sent.action_quotation_sent()
        confirmed = SaleOrder.create(
            {"partner_id": self.customer.id, "order_line": [Command.create(line)]}
        )
        confirmed.action_confirm()
        cancelled = SaleOrder.create(
            {"partner_id": self.customer.id, "order_line": [Command.create(line)]}
        )
        cancelled.action_cancel()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.fleet_pending_quote_amount, 150.0)
        action = self.customer.action_fleet_open_pending_quotes()
        self.assertEqual(SaleOrder.search(action["domain"]), draft | sent)

    def test_amounts_open_the_matching_lists(self):
        overdue = self.invoice(100.0)
        awaiting = self.invoice(50.0, days_ago=-3)
        Move = self.env["account.move"]
        self.assertEqual(
            Move.search(self.customer.action_fleet_open_overdue_invoices()["domain"]),
            overdue,
        )
        self.assertEqual(
            Move.search(self.customer.action_fleet_open_awaiting_invoices()["domain"]),
            awaiting,
        )

    def test_list_of_customers_costs_no_query_per_customer(self):
        customers = self.env["res.partner"].create(
            [
                {
                    "name": f"C{i}",
                    "ref": f"MC-{i}",
                    "is_fleet_customer": True,
                    "company_id": self.env.company.id,
                }
                for i in range(30)
            ]
        )
        for customer in customers[:10]:
            self.invoice(10.0, partner=customer)

        def queries(partners):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            partners.mapped("fleet_overdue_amount")
            partners.mapped("fleet_pending_quote_amount")
            return self.env.cr.sql_log_count - before

        queries(customers[:1])
        self.assertEqual(queries(customers[:3]), queries(customers))


class TestMoneyColumnsPlan(MoneyCase):
    def test_unpaid_invoices_of_a_page_are_read_through_an_index(self):
        # Odoo has no index on commercial_partner_id: without the addon's,
        # each page of customers scanned all invoices.
        Move = self.env["account.move"]
        for kind in ("unpaid", "overdue", "awaiting"):
            query = Move._search(self.customer._fleet_money_domains()[kind])
            plan = explain(self.env.cr, query, enable_seqscan="off")
            self.assertIn("account_move_fleet_open_invoice_index", plan, plan)


class TestInvoiceBusinessUnit(MoneyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unit = cls.env["fleet.business.unit"].create(
            {"name": "North", "partner_id": cls.customer.id}
        )

    def test_defaulted_when_the_customer_has_exactly_one(self):
        move = self.invoice(10.0, partner=self.contact, post=False)
        self.assertEqual(move.fleet_business_unit_id, self.unit)
        self.env["fleet.business.unit"].create(
            {"name": "South", "partner_id": self.customer.id}
        )
        self.assertFalse(self.invoice(10.0, post=False).fleet_business_unit_id)

    def test_must_belong_to_the_invoiced_customer(self):
        other_customer = self.env["res.partner"].create(
            {
                "name": "Other",
                "ref": "M-0002",
                "is_fleet_customer": True,
                "company_id": self.env.company.id,
            }
        )
        foreign = self.env["fleet.business.unit"].create(
            {"name": "Theirs", "partner_id": other_customer.id}
        )
        move = self.invoice(10.0, post=False)
        with self.assertRaises(ValidationError):
            move.fleet_business_unit_id = foreign

    def test_copied_from_the_sales_order(self):
        south = self.env["fleet.business.unit"].create(
            {"name": "South", "partner_id": self.customer.id}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "fleet_business_unit_id": south.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product_a.id, "product_uom_qty": 1}
                    )
                ],
            }
        )
        order.action_confirm()
        order.order_line.qty_delivered = 1
        invoice = order._create_invoices()
        self.assertEqual(invoice.fleet_business_unit_id, south)

    def test_invoice_analysis_groups_by_unit_and_segment(self):
        self.invoice(10.0)
        self.env.flush_all()
        groups = self.env["account.invoice.report"]._read_group(
            [("commercial_partner_id", "=", self.customer.id)],
            ["fleet_business_unit_id", "fleet_segment_id"],
            ["__count"],
        )
        self.assertEqual(
            [(unit, segment) for unit, segment, __ in groups],
            [(self.unit, self.customer.fleet_segment_id)],
        )


class TestAccountants(MoneyCase):
    def test_accountant_reads_fleet_data_but_cannot_change_it(self):
        accountant = new_test_user(
            self.env, login="accountant", groups="account.group_account_invoice"
        )
        unit = self.env["fleet.business.unit"].create(
            {"name": "North", "partner_id": self.customer.id}
        )
        self.assertEqual(
            self.customer.with_user(accountant).fleet_segment_id.name, "Other"
        )
        unit.with_user(accountant).read(["name"])
        self.customer.fleet_segment_id.with_user(accountant).read(["name"])
        with self.assertRaises(AccessError):
            self.customer.with_user(accountant).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            unit.with_user(accountant).write({"name": "Changed"})
        # ... and sees the money, and links invoices to business units.
        self.invoice(100.0)
        self.assertEqual(
            self.customer.with_user(accountant).fleet_overdue_amount, 100.0
        )

    def test_deactivated_customer_gets_no_new_invoice_or_quote(self):
        open_invoice = self.invoice(100.0)
        # As Deactivate does it (a user may not archive a fleet customer).
        self.customer.sudo().action_archive()
        with self.assertRaises(ValidationError):
            self.invoice(10.0, post=False)
        with self.assertRaises(ValidationError):
            self.env["sale.order"].create({"partner_id": self.contact.id})
        # Existing invoices stay payable.
        self.pay(open_invoice, 100.0)
        self.assertEqual(open_invoice.payment_state in ("paid", "in_payment"), True)


class TestCustomerProfile(MoneyCase):
    def test_at_a_glance(self):
        self.assertEqual(self.customer.fleet_billing_address_id, self.invoice_address)
        self.assertEqual(self.customer.fleet_main_contact_id, self.contact)
        other = self.env["res.partner"].create(
            {
                "name": "No Billing Address",
                "ref": "M-0009",
                "is_fleet_customer": True,
                "company_id": self.env.company.id,
            }
        )
        self.assertEqual(other.fleet_billing_address_id, other)
        self.assertFalse(other.fleet_main_contact_id)

    def test_estimates_and_invoices_open_prefilled_lists(self):
        order = self.env["sale.order"].create({"partner_id": self.contact.id})
        self.env["sale.order"].create({"partner_id": self.other.id})
        action = self.customer.action_fleet_open_estimates()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), order)
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)
        invoice = self.invoice(10.0, partner=self.invoice_address, post=False)
        self.invoice(10.0, partner=self.other, post=False)
        action = self.customer.action_fleet_open_invoices()
        self.assertEqual(self.env["account.move"].search(action["domain"]), invoice)
        self.assertEqual(action["context"]["default_partner_id"], self.customer.id)

    def test_reminders_are_activities_on_the_customer(self):
        activity = self.customer.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.today,
            summary="Call about renewal",
            user_id=self.env.user.id,
        )
        self.assertEqual(self.customer.activity_ids, activity)
        self.assertEqual(self.customer.activity_state, "today")


class TestAccountantWorkflow(MoneyCase):
    def test_accountant_invoices_and_collects_without_fleet_role(self):
        """Posting and paying invoices of a fleet customer does not need a
        Fleet role: nothing in Odoo's flow writes on the customer."""
        accountant = new_test_user(
            self.env,
            login="billing_only",
            groups="account.group_account_invoice",
            company_id=self.env.company.id,
            company_ids=[self.env.company.id],
        )
        unit = self.env["fleet.business.unit"].create(
            {"name": "North", "partner_id": self.customer.id}
        )
        Move = self.env["account.move"].with_user(accountant)
        move = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": self.contact.id,
                "invoice_date": self.today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Rental",
                            "quantity": 1,
                            "price_unit": 80.0,
                            "tax_ids": False,
                        }
                    )
                ],
            }
        )
        self.assertEqual(move.fleet_business_unit_id, unit)
        move.action_post()
        self.env["account.payment.register"].with_user(accountant).with_context(
            active_model="account.move", active_ids=move.ids
        ).create({"payment_date": self.today})._create_payments()
        self.assertIn(move.payment_state, ("paid", "in_payment"))

    def test_salesman_quotes_and_confirms_without_fleet_role(self):
        salesman = new_test_user(
            self.env,
            login="sales_only",
            groups="sales_team.group_sale_salesman",
            company_id=self.env.company.id,
            company_ids=[self.env.company.id],
        )
        order = (
            self.env["sale.order"]
            .with_user(salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product_a.id, "product_uom_qty": 2}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
