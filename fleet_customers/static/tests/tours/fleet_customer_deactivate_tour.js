/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * A service manager deactivates a customer from its form: the confirmation
 * dialog states what the cascade will touch and asks why, the form reloads
 * with the "Deactivated" ribbon and the who/when/why alert, and "Reactivate"
 * brings the customer back. Starts on the customer's form (the URL is given
 * by tests/test_tour_deactivate.py, which also checks the records written).
 */

// The confirmation opens in a dialog: its steps are scoped to it.
const DIALOG = ".modal:not(.o_inactive_modal)";
const WIZARD = `${DIALOG} .o_form_view`;
const FOOTER = `${DIALOG} .modal-footer`;
const FORM = ".o_action_manager > .o_form_view";
const HEADER = `${FORM} .o_form_statusbar`;
const DEACTIVATE = `${HEADER} button[name=action_fleet_deactivate]:contains(Deactivate)`;
const REACTIVATE = `${HEADER} button[name=action_fleet_reactivate]:contains(Reactivate)`;

registry.category("web_tour.tours").add("fleet_customers_deactivate_tour", {
    steps: () => [
        // The active customer
        {
            content: "The customer's form is shown, without the Deactivated ribbon",
            trigger: `${FORM}:not(:has(.ribbon)) .oe_title .o_field_widget[name=name] input:value(Tour Deactivate Hire)`,
        },
        {
            content: "Reactivate is hidden while the customer is active",
            trigger: `${HEADER}:not(:has(button[name=action_fleet_reactivate]))`,
        },
        {
            content: "Deactivate from the form header",
            trigger: DEACTIVATE,
            run: "click",
        },
        // The confirmation dialog
        {
            content: "The confirmation dialog opens",
            trigger: `${DIALOG} .modal-title:contains(Deactivate Customers)`,
        },
        {
            content: "It names the customer",
            trigger: `${WIZARD} .o_field_widget[name=partner_ids] .o_tag:contains(Tour Deactivate Hire)`,
        },
        {
            content: "The summary states the customers and sites to deactivate",
            trigger: `${WIZARD} .o_field_widget[name=summary]:contains(1 customer(s) and 1 site(s) will be deactivated)`,
        },
        {
            content: "... and the contracts, work orders and tasks to cancel",
            trigger: `${WIZARD} .o_field_widget[name=summary]:contains(1 contract(s), 1 work order(s) and 1 task(s))`,
        },
        {
            content: "Type the reason",
            trigger: `${WIZARD} .o_field_widget[name=reason_id] input`,
            run: "edit Business closed",
        },
        {
            content: "Choose Business closed in the dropdown",
            trigger: `${WIZARD} .o_field_widget[name=reason_id] .o-autocomplete--dropdown-item a:contains(Business closed)`,
            run: "click",
        },
        {
            content: "The reason is set",
            trigger: `${WIZARD} .o_field_widget[name=reason_id] input:value(Business closed)`,
        },
        {
            content: "Type a comment",
            trigger: `${WIZARD} .o_field_widget[name=comment] textarea`,
            run: "edit Closed in the tour",
        },
        {
            content: "Confirm: Deactivate",
            trigger: `${FOOTER} button[name=action_confirm]:contains(Deactivate)`,
            run: "click",
        },
        // The form reloads: deactivated
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The form shows the Deactivated ribbon",
            trigger: `${FORM} .ribbon:contains(Deactivated)`,
        },
        {
            content: "The alert says why, with the comment",
            trigger: `${FORM} .alert-warning:contains(Deactivated on):contains(Business closed):contains(Closed in the tour)`,
        },
        {
            content: "Deactivate is hidden on a deactivated customer",
            trigger: `${HEADER}:not(:has(button[name=action_fleet_deactivate]))`,
        },
        {
            content: "Reactivate",
            trigger: REACTIVATE,
            run: "click",
        },
        // Active again
        {
            content: "The reactivation is confirmed",
            trigger: ".o_notification:contains(1 customer(s) reactivated.)",
        },
        {
            content: "The ribbon and the alert are gone",
            trigger: `${FORM}:not(:has(.ribbon)):not(:has(.alert-warning:contains(Deactivated on))) .oe_title .o_field_widget[name=name] input:value(Tour Deactivate Hire)`,
        },
        {
            content: "Reactivate is hidden again",
            trigger: `${HEADER}:not(:has(button[name=action_fleet_reactivate]))`,
        },
        {
            content: "Deactivate is back",
            trigger: DEACTIVATE,
        },
    ],
});
