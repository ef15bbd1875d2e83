/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * A Fleet Admin imports customers from the Customers list through Odoo's own
 * import screen (base_import): "Import records" in the cog menu, a CSV file
 * from the dealer management system, the Customer Number column proposed as
 * the field Reference without being touched, a Test that says what the
 * import would do (one row matched on its number, whatever its case and
 * blanks, one new), then the import, back to the list.
 * Starts on the Customers list (the URL is given by
 * tests/test_tour_import.py, which creates the existing customer and checks
 * the records written).
 *
 * Every step has a trigger: a trigger that cannot be found fails the tour
 * after the step's timeout.
 */

const EXISTING = "Tour Import Existing";
const NEW = "Tour Import New";
// The existing customer's number is TOUR-IMP-1: the file gives it in lower
// case and with blanks, as a dealer management system may.
const FILE_NAME = "dms_customers.csv";
// The side panel shows the name and the extension apart.
const FILE_STEM = "dms_customers";
const FILE_CONTENT = [
    "Customer Number,Name,City",
    ` tour-imp-1 ,${EXISTING},Grenoble`,
    `TOUR-IMP-2,${NEW},Nantes`,
].join("\n");

// The main list (not one in a dialog).
const LIST = ".o_action_manager > .o_list_view";
const CONTROL_PANEL = ".o_action_manager .o_control_panel";
// The import screen: its buttons are in the control panel, the columns of
// the file and the messages of a Test in the content.
const IMPORT_CONTENT = ".o_import_action .o_import_data_content";
const columnRow = (column) =>
    `${IMPORT_CONTENT} tbody tr:has(.o_import_file_column_cell span.fw-bold:contains(${column}))`;

registry.category("web_tour.tours").add("fleet_customers_import_tour", {
    steps: () => [
        // The Customers list
        {
            content: "The Customers list shows the existing customer, in Lyon",
            trigger: `${LIST} .o_data_row:contains(${EXISTING}):contains(Lyon)`,
        },
        {
            content: "The new customer is not there yet",
            trigger: `${LIST} .o_list_table:not(:has(.o_data_row:contains(${NEW})))`,
        },
        {
            content: "Open the cog menu",
            trigger: `${CONTROL_PANEL} .o_cp_action_menus button:has(i.fa-cog)`,
            run: "click",
        },
        {
            content: "Import records",
            trigger: ".o-dropdown--menu .o_import_menu:contains(Import records)",
            run: "click",
        },
        // The import screen
        {
            content: "Upload the file of the dealer management system",
            // The file input is hidden behind the "Upload Data File" button.
            trigger: `${CONTROL_PANEL} .o_file_input:has(button.o_import_file:contains(Upload Data File)) input[type=file]:not(:visible)`,
            run() {
                const file = new File([FILE_CONTENT], FILE_NAME, { type: "text/csv" });
                const dataTransfer = new DataTransfer();
                dataTransfer.items.add(file);
                this.anchor.files = dataTransfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file is previewed",
            trigger: `.o_import_action .o_import_data_sidepanel:contains(${FILE_STEM})`,
        },
        {
            content: "The Customer Number column is mapped to the field Reference",
            trigger: `${columnRow("Customer Number")} .o_select_menu_toggler_slot:contains(Reference)`,
        },
        {
            content: "The Name column to the field Name",
            trigger: `${columnRow("Name")} .o_select_menu_toggler_slot:contains(Name)`,
        },
        {
            content: "The City column to the field City",
            trigger: `${columnRow("City")} .o_select_menu_toggler_slot:contains(City)`,
        },
        {
            content: "No column is left to map",
            trigger: `${IMPORT_CONTENT}:not(:has(.o_select_menu_toggler_slot .text-warning))`,
        },
        // Test
        {
            content: "Test",
            trigger: `${CONTROL_PANEL} button.btn-secondary:contains(Test)`,
            run: "click",
        },
        {
            content: "The Test says: the new row is created, the matched one updated",
            trigger: `${IMPORT_CONTENT} .alert-info:contains(Test: 1 to create, 1 to update, 0 unchanged.)`,
        },
        {
            content: "... and reports no error",
            trigger: `${IMPORT_CONTENT}:not(:has(.alert-danger)):not(:has(.alert-warning))`,
        },
        // Import
        {
            content: "Import",
            trigger: `${CONTROL_PANEL} button.btn-primary:contains(Import)`,
            run: "click",
        },
        {
            content: "Both rows are imported",
            trigger: ".o_notification:contains(2 records successfully imported)",
        },
        {
            content: "Back on the Customers list, the new customer is listed, in Nantes",
            trigger: `${LIST} .o_data_row:contains(${NEW}):contains(Nantes)`,
        },
        {
            content: "The existing customer moved to Grenoble",
            trigger: `${LIST} .o_data_row:contains(${EXISTING}):contains(Grenoble)`,
        },
        {
            content: "... and is listed once: it was not created again",
            trigger: `${LIST} .o_list_table:not(:has(.o_data_row:contains(${EXISTING}) ~ .o_data_row:contains(${EXISTING})))`,
        },
        {
            content: "The breadcrumb is the Customers list's",
            trigger: ".o_breadcrumb .active:contains(Customers)",
        },
    ],
});
