/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * From a customer's form: assign two excavators through the Assign Assets
 * dialog (Odoo's select dialog with search and checkboxes), then unassign
 * one from its line. Run by tests/test_tour_assets.py, which checks the
 * records written.
 */

const DIALOG = ".modal:not(.o_inactive_modal)";
const ASSETS = ".o_form_view .o_field_widget[name=fleet_current_assignment_ids]";

registry.category("web_tour.tours").add("fleet_customers_asset_assign_tour", {
    steps: () => [
        {
            content: "Open the Assets tab",
            trigger: ".o_form_view .o_notebook .nav-link:contains(Assets)",
            run: "click",
        },
        {
            content: "Open the Assign Assets dialog",
            trigger: ".o_form_view button[name=action_fleet_assign_assets]",
            run: "click",
        },
        {
            content: "The dialog names the customer",
            trigger: `${DIALOG} .o_field_widget[name=partner_id] input:value(Tour Asset Customer)`,
        },
        {
            content: "Add equipment",
            trigger: `${DIALOG} .o_field_widget[name=equipment_ids] .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: "Search the excavators",
            trigger: `${DIALOG} .o_list_view .o_searchview_input`,
            run: "edit Tour Excavator",
        },
        {
            content: "Search by name",
            trigger: ".o_searchview_autocomplete .o_menu_item:first",
            run: "click",
        },
        {
            content: "Tick Tour Excavator A",
            trigger: `${DIALOG} .o_data_row:contains(Tour Excavator A) .o_list_record_selector input`,
            run: "click",
        },
        {
            content: "Tick Tour Excavator B",
            trigger: `${DIALOG} .o_data_row:contains(Tour Excavator B) .o_list_record_selector input`,
            run: "click",
        },
        {
            content: "Select them",
            trigger: `${DIALOG} .modal-footer button.o_select_button`,
            run: "click",
        },
        {
            content: "Both are listed in the wizard",
            trigger: `${DIALOG} .o_field_widget[name=equipment_ids] .o_data_row:contains(Tour Excavator A) ~ .o_data_row:contains(Tour Excavator B)`,
        },
        {
            content: "C was not picked",
            trigger: `${DIALOG} .o_field_widget[name=equipment_ids]:not(:contains(Tour Excavator C))`,
        },
        {
            content: "Assign",
            trigger: `${DIALOG} .modal-footer button[name=action_assign]`,
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The Assets tab lists A",
            trigger: `${ASSETS} .o_data_row:contains(Tour Excavator A)`,
        },
        {
            content: "The Assets tab lists B and nothing else",
            trigger: `${ASSETS}:not(:has(.o_data_row:eq(2))) .o_data_row:contains(Tour Excavator B)`,
        },
        {
            content: "The smart button counts 2 assets",
            trigger: ".o_form_view button[name=action_fleet_open_assets] .o_stat_value:contains(2)",
        },
        {
            content: "Unassign Tour Excavator A from its line",
            trigger: `${ASSETS} .o_data_row:contains(Tour Excavator A) button[name=action_open_unassign]`,
            run: "click",
        },
        {
            content: "The unassign dialog lists A",
            trigger: `${DIALOG} .o_field_widget[name=assignment_ids] .o_data_row:contains(Tour Excavator A)`,
        },
        {
            content: "Confirm",
            trigger: `${DIALOG} .modal-footer button[name=action_unassign]`,
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Only B is left in the Assets tab",
            trigger: `${ASSETS}:not(:contains(Tour Excavator A)) .o_data_row:contains(Tour Excavator B)`,
        },
        {
            content: "The smart button counts 1 asset",
            trigger: ".o_form_view button[name=action_fleet_open_assets] .o_stat_value:contains(1)",
        },
    ],
});
