from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestMoneyTour(HttpCase):
    test_module = "fleet_customers"  # tests live outside the addon

    def _invoice(self, customer, amount, due):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": min(due, fields.Date.today()),
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Service",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": False,
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def test_follow_invoices_overdue(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Tour Money Cranes",
                "ref": "TOUR-MONEY-1",
                "is_fleet_customer": True,
                "is_company": True,
            }
        )
        today = fields.Date.today()
        overdue = self._invoice(customer, 700.0, today - timedelta(days=20))
        self._invoice(customer, 250.0, today + timedelta(days=20))
        self.start_tour(
            f"/odoo/fleet-customers/{customer.id}",
            "fleet_customers_money_tour",
            login="admin",
        )
        self.assertEqual(customer.fleet_overdue_amount, 700.0)
        self.assertEqual(overdue.payment_state, "not_paid")
