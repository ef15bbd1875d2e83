/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * Creates a fleet customer with the "Create Customer" wizard, from the
 * Customers list to the saved customer, then finds it again by its customer
 * number. Run by tests/test_tour_wizard.py, which checks the records written.
 */

// The wizard opens in a dialog: its steps are scoped to it.
const WIZARD = ".modal:not(.o_inactive_modal) .o_form_view";
const FOOTER = ".modal:not(.o_inactive_modal) .modal-footer";
const WIZARD_CONTACTS = `${WIZARD} .o_field_widget[name=contact_ids]`;
const NEW_CONTACT_ROW = `${WIZARD_CONTACTS} .o_data_row.o_selected_row`;

function addWizardContact({ name, email, phone }) {
    const steps = [
        {
            content: "Add a contact line",
            trigger: `${WIZARD_CONTACTS} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: `Contact name: ${name}`,
            trigger: `${NEW_CONTACT_ROW} .o_field_widget[name=name] input`,
            run: `edit ${name}`,
        },
        {
            content: `Contact email: ${email}`,
            trigger: `${NEW_CONTACT_ROW} .o_field_widget[name=email] input`,
            run: `edit ${email}`,
        },
    ];
    if (phone) {
        steps.push({
            content: `Contact phone: ${phone}`,
            trigger: `${NEW_CONTACT_ROW} .o_field_widget[name=phone] input`,
            run: `edit ${phone}`,
        });
    }
    return steps;
}

registry.category("web_tour.tours").add("fleet_customers_wizard_tour", {
    url: "/odoo/fleet-customers",
    steps: () => [
        // Customers list -> wizard
        {
            content: "The Customers list is shown",
            trigger: ".o_list_view .o_breadcrumb .active:contains(Customers)",
        },
        {
            content: "Open the customer creation wizard",
            trigger: ".o_control_panel button:contains(Create Customer)",
            run: "click",
        },
        // Step 1: company
        {
            content: "The wizard opens at step 1",
            trigger: `${WIZARD} .o_field_widget[name=step] button[aria-checked=true]:contains(Company)`,
        },
        {
            content: "Company name",
            trigger: `${WIZARD} .o_field_widget[name=name] input`,
            run: "edit Tour Lift Rental",
        },
        {
            content: "Customer number",
            trigger: `${WIZARD} .o_field_widget[name=ref] input`,
            run: "edit TOUR-0042",
        },
        {
            content: "Next: contacts",
            trigger: `${FOOTER} button[name=action_next]`,
            run: "click",
        },
        // Step 2: contacts
        {
            content: "The wizard is at step 2",
            trigger: `${WIZARD} .o_field_widget[name=step] button[aria-checked=true]:contains(Contacts)`,
        },
        ...addWizardContact({ name: "Anna Tour", email: "anna@tour.example" }),
        ...addWizardContact({
            name: "Ben Tour",
            email: "ben@tour.example",
            phone: "+33 6 12 34 56 78",
        }),
        // The first line is committed (text), the second is still being edited
        // (inputs): "Next" saves it with the wizard.
        {
            content: "Anna Tour is in the list",
            trigger: `${WIZARD_CONTACTS} .o_data_row:not(.o_selected_row):contains(Anna Tour):contains(anna@tour.example)`,
        },
        {
            content: "Ben Tour is the line being edited",
            trigger: `${NEW_CONTACT_ROW} .o_field_widget[name=name] input:value(Ben Tour)`,
        },
        {
            content: "Next: review",
            trigger: `${FOOTER} button[name=action_next]`,
            run: "click",
        },
        // Step 3: review
        {
            content: "The wizard is at the review step",
            trigger: `${WIZARD} .o_field_widget[name=step] button[aria-checked=true]:contains(Review)`,
        },
        {
            content: "The review shows the company name",
            trigger: `${WIZARD} .o_field_widget[name=name]:contains(Tour Lift Rental)`,
        },
        {
            content: "The review shows the customer number",
            trigger: `${WIZARD} .o_field_widget[name=ref]:contains(TOUR-0042)`,
        },
        {
            content: "The review lists Anna Tour",
            trigger: `${WIZARD_CONTACTS} .o_data_row:contains(Anna Tour):contains(anna@tour.example)`,
        },
        {
            content: "The review lists Ben Tour",
            trigger: `${WIZARD_CONTACTS} .o_data_row:contains(Ben Tour):contains(ben@tour.example)`,
        },
        {
            content: "Save the customer",
            trigger: `${FOOTER} button[name=action_create_customer]`,
            run: "click",
        },
        // The customer form
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The customer form shows the company name as title",
            trigger: ".o_form_view .oe_title .o_field_widget[name=name] input:value(Tour Lift Rental)",
        },
        {
            content: "The Contacts tab is active",
            trigger: ".o_form_view .o_notebook .nav-link.active:contains(Contacts)",
        },
        {
            content: "The Contacts tab lists Anna Tour",
            trigger: ".o_form_view .o_field_widget[name=fleet_contact_ids] .o_data_row:contains(Anna Tour):contains(anna@tour.example)",
        },
        {
            content: "The Contacts tab lists Ben Tour",
            trigger: ".o_form_view .o_field_widget[name=fleet_contact_ids] .o_data_row:contains(Ben Tour):contains(ben@tour.example)",
        },
        // Back to the list, search by customer number
        {
            content: "Back to the Customers list",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Customers)",
            run: "click",
        },
        {
            content: "Type the customer number in the search bar",
            trigger: ".o_list_view .o_searchview_input",
            run: "edit TOUR-0042",
        },
        {
            content: "Search on the Customer Number field",
            trigger: ".o_searchview_autocomplete .o_menu_item:contains(Search Customer Number for: TOUR-0042)",
            run: "click",
        },
        {
            content: "The search facet is on the customer number",
            trigger: ".o_searchview_facet:contains(Customer Number):contains(TOUR-0042)",
        },
        {
            content: "Exactly one customer is found: Tour Lift Rental",
            trigger: ".o_list_view .o_data_row:only:contains(Tour Lift Rental)",
        },
    ],
});
