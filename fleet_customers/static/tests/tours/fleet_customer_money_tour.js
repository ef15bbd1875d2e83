/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * A service manager opens a customer and follows "Invoices Overdue" to the
 * list of its overdue invoices. Run by tests/test_tour_money.py.
 */
registry.category("web_tour.tours").add("fleet_customers_money_tour", {
    steps: () => [
        {
            content: "The customer form shows the overdue amount",
            trigger: ".o_form_view button[name=action_fleet_open_overdue_invoices] .o_stat_value:contains(700.00)",
        },
        {
            content: "It shows what awaits payment, not yet due",
            trigger: ".o_form_view button[name=action_fleet_open_awaiting_invoices] .o_stat_value:contains(250.00)",
        },
        {
            content: "Follow Invoices Overdue",
            trigger: ".o_form_view button[name=action_fleet_open_overdue_invoices]",
            run: "click",
        },
        {
            content: "The list is titled for the customer",
            trigger: ".o_breadcrumb .active:contains(Invoices Overdue of Tour Money Cranes)",
        },
        {
            content: "It lists the overdue invoice",
            trigger: ".o_list_view .o_data_row:contains(Tour Money Cranes)",
        },
        {
            content: "... and only it: the not-yet-due invoice is not there",
            trigger: ".o_list_view:not(:has(.o_data_row:eq(1))) .o_data_row:contains(700.00)",
        },
    ],
});
