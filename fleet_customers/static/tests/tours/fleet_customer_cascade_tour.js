/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * A service manager deactivates a customer from its form, through the
 * confirmation that states what will happen and asks why, then reactivates
 * it. Run by tests/test_tour_cascade.py, which checks the records.
 */

const DIALOG = ".modal:not(.o_inactive_modal)";

registry.category("web_tour.tours").add("fleet_customers_cascade_tour", {
    steps: () => [
        {
            content: "Deactivate from the form header",
            trigger: ".o_form_view .o_form_statusbar button[name=action_fleet_deactivate]",
            run: "click",
        },
        {
            content: "The confirmation states the customers and sites to deactivate",
            trigger: `${DIALOG} .o_field_widget[name=summary]:contains(1 customer(s) and 1 site(s) will be deactivated)`,
        },
        {
            content: "... and what will be cancelled",
            trigger: `${DIALOG} .o_field_widget[name=summary]:contains(1 contract(s), 1 work order(s) and 1 task(s))`,
        },
        {
            content: "Choose the reason",
            trigger: `${DIALOG} .o_field_widget[name=reason_id] input`,
            run: "edit Business closed",
        },
        {
            content: "Pick it in the dropdown",
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains(Business closed)",
            run: "click",
        },
        {
            content: "Add a comment",
            trigger: `${DIALOG} .o_field_widget[name=comment] textarea`,
            run: "edit Closed in the tour",
        },
        {
            content: "Confirm",
            trigger: `${DIALOG} .modal-footer button[name=action_confirm]`,
            run: "click",
        },
        {
            content: "The form shows the Deactivated ribbon",
            trigger: ".o_form_view .ribbon:contains(Deactivated)",
        },
        {
            content: "... who, when and why",
            trigger: ".o_form_view .alert-warning:contains(Business closed):contains(Closed in the tour)",
        },
        {
            content: "Reactivate",
            trigger: ".o_form_view .o_form_statusbar button[name=action_fleet_reactivate]",
            run: "click",
        },
        {
            content: "The ribbon is gone and Deactivate is back",
            trigger: ".o_form_view:not(:has(.ribbon:contains(Deactivated))) .o_form_statusbar button[name=action_fleet_deactivate]",
        },
    ],
});
