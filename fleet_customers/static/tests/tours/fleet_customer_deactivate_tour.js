/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * A Service Manager deactivates a customer from its form: the confirmation
 * dialog states what the cascade will touch and asks why; the form reloads
 * with the "Deactivated" ribbon, the alert and the "Deactivations" tab. The
 * task the deactivation cancelled says why in its chatter (reason, comment
 * and customer). Back on the customer, "Reactivate" asks whether to restore
 * the cancelled work too; with it ticked, the customer is active again.
 * Starts on the customer's form (the URL is given by
 * tests/test_tour_deactivate.py, which also checks the records written).
 *
 * Every step has a trigger: a trigger that cannot be found fails the tour
 * after the step's timeout.
 */

const CUSTOMER = "Tour Deactivate Hire";
const TASK = "Tour Deactivate Task";
const REASON = "Business closed";
const COMMENT = "Closed in the tour";

// The confirmations open in a dialog: their steps are scoped to it.
const DIALOG = ".modal:not(.o_inactive_modal)";
const WIZARD = `${DIALOG} .o_form_view`;
const FOOTER = `${DIALOG} .modal-footer`;
// The main form (not one in a dialog).
const FORM = ".o_action_manager > .o_form_view";
const HEADER = `${FORM} .o_form_statusbar`;
const DEACTIVATE = `${HEADER} button[name=action_fleet_deactivate]:contains(Deactivate)`;
const REACTIVATE = `${HEADER} button[name=action_fleet_reactivate]:contains(Reactivate)`;
const CUSTOMER_NAME = `.oe_title .o_field_widget[name=name] input:value(${CUSTOMER})`;
const DEACTIVATIONS_TAB = `${FORM} .o_notebook .nav-link:contains(Deactivations)`;
const DEACTIVATIONS = `${FORM} .o_field_widget[name=fleet_deactivation_ids]`;

registry.category("web_tour.tours").add("fleet_customers_deactivate_tour", {
    steps: () => [
        // The active customer
        {
            content: "The customer's form is shown, without the Deactivated ribbon",
            trigger: `${FORM}:not(:has(.ribbon)) ${CUSTOMER_NAME}`,
        },
        {
            content: "Reactivate is hidden while the customer is active",
            trigger: `${HEADER}:not(:has(button[name=action_fleet_reactivate]))`,
        },
        {
            content: "No Deactivations tab before any deactivation",
            trigger: `${FORM} .o_notebook:not(:has(.nav-link:contains(Deactivations)))`,
        },
        {
            content: "Deactivate from the form header",
            trigger: DEACTIVATE,
            run: "click",
        },
        // The deactivation dialog
        {
            content: "The deactivation dialog opens",
            trigger: `${DIALOG} .modal-title:contains(Deactivate Customers)`,
        },
        {
            content: "It names the customer",
            trigger: `${WIZARD} .o_field_widget[name=partner_ids] .o_tag:contains(${CUSTOMER})`,
        },
        {
            content: "The summary states the customers and sites to deactivate",
            trigger: `${WIZARD} .o_field_widget[name=summary]:contains(1 customer(s) and 1 site(s) will be deactivated)`,
        },
        {
            content: "... and the contracts, work orders and tasks to cancel",
            trigger: `${WIZARD} .o_field_widget[name=summary]:contains(1 contract(s), 1 work order(s) and 1 task(s) will be cancelled)`,
        },
        {
            content: "Type the reason",
            trigger: `${WIZARD} .o_field_widget[name=reason_id] input`,
            run: `edit ${REASON}`,
        },
        {
            content: "Choose the reason in the dropdown",
            trigger: `${WIZARD} .o_field_widget[name=reason_id] .o-autocomplete--dropdown-item a:contains(${REASON})`,
            run: "click",
        },
        {
            content: "The reason is set",
            trigger: `${WIZARD} .o_field_widget[name=reason_id] input:value(${REASON})`,
        },
        {
            content: "Type a comment",
            trigger: `${WIZARD} .o_field_widget[name=comment] textarea`,
            run: `edit ${COMMENT}`,
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
            content: "The alert says by whom and why",
            trigger: `${FORM} .alert-warning:contains(Deactivated):contains(Tour Service Manager):contains(${REASON})`,
        },
        {
            content: "Deactivate is hidden on a deactivated customer",
            trigger: `${HEADER}:not(:has(button[name=action_fleet_deactivate]))`,
        },
        {
            content: "Open the Deactivations tab",
            trigger: DEACTIVATIONS_TAB,
            run: "click",
        },
        {
            content: "It lists the deactivation, with its reason, comment and state",
            trigger: `${DEACTIVATIONS} .o_data_row:contains(${REASON}):contains(${COMMENT}):contains(Deactivated)`,
        },
        // The task the deactivation cancelled
        {
            content: "Open the customer's tasks from the smart button",
            trigger: `.o_action_manager .o-form-buttonbox button[name=action_fleet_open_tasks]:contains(Tasks)`,
            run: "click",
        },
        {
            content: "The task is listed; open it",
            trigger: `.o_action_manager > .o_list_view .o_data_row .o_data_cell[name=name]:contains(${TASK})`,
            run: "click",
        },
        {
            content: "The task's form is shown",
            trigger: `.o_breadcrumb .active:contains(${TASK})`,
        },
        {
            content: "Its chatter says which deactivation cancelled it, and why",
            trigger: `${FORM} .o-mail-Chatter .o-mail-Message-body:contains(Changed by the deactivation of ${CUSTOMER} by Tour Service Manager on):contains(Reason: ${REASON} (${COMMENT}).)`,
        },
        {
            content: "Back to the customer through the breadcrumb",
            trigger: `.o_breadcrumb .breadcrumb-item a:contains(${CUSTOMER})`,
            run: "click",
        },
        // The reactivation dialog
        {
            content: "The customer's form is back, still deactivated",
            trigger: `${FORM} .ribbon:contains(Deactivated)`,
        },
        {
            content: "Reactivate",
            trigger: REACTIVATE,
            run: "click",
        },
        {
            content: "The reactivation dialog opens",
            trigger: `${DIALOG} .modal-title:contains(Reactivate Customers)`,
        },
        {
            content: "It names the customer",
            trigger: `${WIZARD} .o_field_widget[name=partner_ids] .o_tag:contains(${CUSTOMER})`,
        },
        {
            content: "The summary states what comes back",
            trigger: `${WIZARD} .o_field_widget[name=summary]:contains(1 customer(s) and 1 site(s) archived by their deactivation will be active again)`,
        },
        {
            content: "... and the work that stays cancelled unless restored",
            trigger: `${WIZARD} .o_field_widget[name=summary]:contains(1 contract(s), 1 work order(s) and 1 task(s): they stay cancelled unless you restore them)`,
        },
        {
            content: "Nothing was changed since the deactivation: no warning",
            trigger: `${WIZARD}:not(:has(.o_field_widget[name=changed_summary]))`,
        },
        {
            content: "Restoring the cancelled work is off by default",
            trigger: `${WIZARD} .o_field_widget[name=restore_work] input[type=checkbox]:not(:checked)`,
        },
        {
            content: "Tick Also Restore Cancelled Work",
            trigger: `${WIZARD} .o_field_widget[name=restore_work] input[type=checkbox]`,
            run: "click",
        },
        {
            content: "It is ticked",
            trigger: `${WIZARD} .o_field_widget[name=restore_work] input[type=checkbox]:checked`,
        },
        {
            content: "... and labelled Also Restore Cancelled Work",
            trigger: `${WIZARD} .o_form_label:contains(Also Restore Cancelled Work)`,
        },
        {
            content: "Confirm: Reactivate",
            trigger: `${FOOTER} button[name=action_confirm]:contains(Reactivate)`,
            run: "click",
        },
        // Active again
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The ribbon and the alert are gone",
            trigger: `${FORM}:not(:has(.ribbon)):not(:has(.alert-warning:contains(Deactivated))) ${CUSTOMER_NAME}`,
        },
        {
            content: "Reactivate is hidden again",
            trigger: `${HEADER}:not(:has(button[name=action_fleet_reactivate]))`,
        },
        {
            content: "Deactivate is back",
            trigger: DEACTIVATE,
        },
        {
            content: "Open the Deactivations tab again",
            trigger: DEACTIVATIONS_TAB,
            run: "click",
        },
        {
            content: "The deactivation is now marked Reactivated",
            trigger: `${DEACTIVATIONS} .o_data_row:contains(${REASON}) .o_field_widget[name=state]:contains(Reactivated)`,
        },
    ],
});
