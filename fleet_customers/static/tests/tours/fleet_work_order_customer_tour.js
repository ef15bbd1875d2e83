/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * Picks the customer of a new work order by typing in its Customer field,
 * which offers fleet customers only. A contact's name finds no customer
 * (the contact belongs to one, but is none); the customer's number finds
 * it. Run by tests/test_tour_work_order_customer.py, which creates
 * "Tourmaline Cranes" (number TOUR-WO-7) and its contact "Wilhelmina
 * Tourgate", and checks the work order saved.
 */

const FIELD = ".o_form_view .o_field_widget[name=fleet_customer_id]";
const INPUT = `${FIELD} input`;
const DROPDOWN = ".o-autocomplete--dropdown-menu";

registry.category("web_tour.tours").add("fleet_customers_work_order_customer_tour", {
    steps: () => [
        {
            content: "Name the work order",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Check the crane of Tourmaline",
        },
        {
            content: "Type the contact's name in the customer field",
            trigger: INPUT,
            run: "edit Tourgate",
        },
        {
            content: "No customer is offered for the contact's name",
            trigger: `${DROPDOWN}:not(:has(.o-autocomplete--dropdown-item a:contains(Tourmaline)))`,
        },
        {
            content: "Type the customer's number instead",
            trigger: INPUT,
            run: "edit TOUR-WO-7",
        },
        {
            content: "Pick the customer offered",
            trigger: `${DROPDOWN} .o-autocomplete--dropdown-item a:contains(Tourmaline Cranes)`,
            run: "click",
        },
        {
            content: "The customer is set",
            trigger: `${INPUT}:value(Tourmaline Cranes)`,
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
