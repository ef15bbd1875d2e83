/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * Assigns two assets to a customer from its form (Assets tab, "Assign
 * Assets" wizard, Odoo's select dialog with search and checkboxes), then
 * unassigns one of them with the row button of the Assets tab. Run by
 * tests/test_tour_assets.py on the form of the customer it creates, with the
 * equipment "Tour Excavator A", "B" and "C"; the test checks the records
 * written.
 */

// The topmost dialog: the wizard, or the select dialog opened over it.
const DIALOG = ".modal:not(.o_inactive_modal)";
const WIZARD = `${DIALOG} .o_form_view`;
const FOOTER = `${DIALOG} .modal-footer`;
const WIZARD_EQUIPMENT = `${WIZARD} .o_field_widget[name=equipment_ids]`;
const WIZARD_ASSIGNMENTS = `${WIZARD} .o_field_widget[name=assignment_ids]`;
const ASSETS_LIST =
    ".o_form_view .o_field_widget[name=fleet_current_assignment_ids] .o_list_renderer tbody";
const ASSET_COUNT =
    ".o_form_view .o-form-buttonbox button[name=action_fleet_open_assets] .o_stat_value";

function tickEquipment(name) {
    const row = `${DIALOG} .o_list_view .o_data_row:contains(${name})`;
    return [
        {
            content: `Tick ${name}`,
            trigger: `${row} td.o_list_record_selector input[type=checkbox]`,
            run: "check",
        },
        {
            content: `${name} is ticked`,
            trigger: `${row} td.o_list_record_selector input[type=checkbox]:checked`,
        },
    ];
}

registry.category("web_tour.tours").add("fleet_customers_asset_assign_tour", {
    steps: () => [
        // The customer form, Assets tab
        {
            content: "The customer form is shown",
            trigger: ".o_form_view .oe_title .o_field_widget[name=name] input:value(Tour Asset Customer)",
        },
        {
            content: "The customer holds no asset yet",
            trigger: `${ASSET_COUNT}:contains(/^\\s*0\\s*$/)`,
        },
        {
            content: "Open the Assets tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Assets)",
            run: "click",
        },
        {
            content: "The Assets tab is empty",
            // The list itself (its header row is always visible): an empty
            // tbody may have no height yet, and a hidden element never
            // matches a trigger.
            trigger: `.o_form_view .o_field_widget[name=fleet_current_assignment_ids] .o_list_renderer:not(:has(.o_data_row))`,
        },
        {
            content: "Open the assign wizard",
            trigger: ".o_form_view .o_notebook button[name=action_fleet_assign_assets]",
            run: "click",
        },
        // The assign wizard
        {
            content: "The wizard is prefilled with the customer",
            trigger: `${WIZARD} .o_field_widget[name=partner_id] input:value(Tour Asset Customer)`,
        },
        {
            content: "No equipment yet: no Assign button",
            trigger: `${FOOTER}:not(:has(button[name=action_assign]))`,
        },
        {
            content: "Add equipment",
            trigger: `${WIZARD_EQUIPMENT} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        // Odoo's select dialog, over the wizard
        {
            content: "The select dialog opens",
            trigger: `${DIALOG} .modal-footer button.o_select_button`,
        },
        {
            content: "Search the tour equipment",
            trigger: `${DIALOG} .o_searchview_input`,
            run: "edit Tour Excavator",
        },
        {
            content: "Search on the first field",
            trigger: `${DIALOG} .o_searchview_autocomplete .o_menu_item:contains(Tour Excavator)`,
            run: "press Enter",
        },
        {
            content: "The search is applied",
            trigger: `${DIALOG} .o_searchview_facet:contains(Tour Excavator)`,
        },
        {
            content: "Only the three tour excavators are listed",
            trigger:
                `${DIALOG} .o_list_view tbody` +
                ":has(.o_data_row:contains(Tour Excavator A))" +
                ":has(.o_data_row:contains(Tour Excavator B))" +
                ":has(.o_data_row:contains(Tour Excavator C))" +
                ":not(:has(.o_data_row:not(:contains(Tour Excavator))))",
        },
        ...tickEquipment("Tour Excavator A"),
        ...tickEquipment("Tour Excavator B"),
        {
            content: "Two rows are selected",
            trigger: `${DIALOG} .o_list_selection_box:contains(2)`,
        },
        {
            content: "Tour Excavator C is not ticked",
            trigger: `${DIALOG} .o_data_row:contains(Tour Excavator C) td.o_list_record_selector input[type=checkbox]:not(:checked)`,
        },
        {
            content: "Select them",
            trigger: `${DIALOG} .modal-footer button.o_select_button`,
            run: "click",
        },
        // Back in the wizard
        {
            content: "The select dialog is closed: the wizard is the only dialog",
            trigger: "body:not(:has(.o_inactive_modal))",
        },
        {
            content: "The wizard lists exactly A and B",
            trigger:
                `${WIZARD_EQUIPMENT} tbody` +
                ":has(.o_data_row:contains(Tour Excavator A):contains(TOUR-SN-A))" +
                ":has(.o_data_row:contains(Tour Excavator B):contains(TOUR-SN-B))" +
                ":not(:has(.o_data_row:contains(Tour Excavator C)))" +
                ":not(:has(.o_data_row:nth-child(3)))",
        },
        {
            content: "Assign",
            trigger: `${FOOTER} button[name=action_assign]`,
            run: "click",
        },
        // The customer form again
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The Assets tab is still open",
            trigger: ".o_form_view .o_notebook .nav-link.active:contains(Assets)",
        },
        {
            content: "The Assets tab lists exactly A and B",
            trigger:
                ASSETS_LIST +
                ":has(.o_data_row:contains(Tour Excavator A):contains(TOUR-SN-A))" +
                ":has(.o_data_row:contains(Tour Excavator B):contains(TOUR-SN-B))" +
                ":not(:has(.o_data_row:contains(Tour Excavator C)))" +
                ":not(:has(.o_data_row:nth-child(3)))",
        },
        {
            content: "The Assets smart button says 2",
            trigger: `${ASSET_COUNT}:contains(/^\\s*2\\s*$/)`,
        },
        // Unassign A with its row button
        {
            content: "Unassign Tour Excavator A",
            trigger: `${ASSETS_LIST} .o_data_row:contains(Tour Excavator A) button[name=action_open_unassign]`,
            run: "click",
        },
        {
            content: "The unassign wizard lists only the assignment of A",
            trigger:
                `${WIZARD_ASSIGNMENTS} tbody` +
                ":has(.o_data_row:contains(Tour Excavator A):contains(Tour Asset Customer))" +
                ":not(:has(.o_data_row:nth-child(2)))",
        },
        {
            content: "Unassign",
            trigger: `${FOOTER} button[name=action_unassign]`,
            run: "click",
        },
        {
            content: "The unassign wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The Assets tab lists only B",
            trigger:
                ASSETS_LIST +
                ":has(.o_data_row:contains(Tour Excavator B))" +
                ":not(:has(.o_data_row:contains(Tour Excavator A)))" +
                ":not(:has(.o_data_row:nth-child(2)))",
        },
        {
            content: "The Assets smart button says 1",
            trigger: `${ASSET_COUNT}:contains(/^\\s*1\\s*$/)`,
        },
    ],
});
