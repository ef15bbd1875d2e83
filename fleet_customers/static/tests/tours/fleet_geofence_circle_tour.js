/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * A fleet admin draws a circle geofence on a customer's site: Sites tab,
 * open the site, "Circle", a click on the map for the centre, 250 in the
 * radius, save. Reopening the site shows the saved circle. Starts on the
 * customer's form; tests/test_tour_geofence.py checks what was written.
 */

const DIALOG = ".modal:not(.o_inactive_modal)";
const WIDGET = `${DIALOG} .o_field_widget[name=fleet_geofence]`;
const FORM = ".o_action_manager > .o_form_view";
const SITE_ROW = `${FORM} .o_field_widget[name=fleet_site_ids] .o_data_row td.o_data_cell:contains(Tour Geofence Yard)`;

registry.category("web_tour.tours").add("fleet_customers_geofence_circle_tour", {
    steps: () => [
        {
            content: "Open the Sites tab of the customer",
            trigger: `${FORM} .o_notebook .nav-link:contains(Sites)`,
            run: "click",
        },
        {
            content: "Open the site",
            trigger: SITE_ROW,
            run: "click",
        },
        {
            content: "The site shows its map, without a geofence yet",
            trigger: `${WIDGET} .o_fleet_geofence_map.leaflet-container`,
        },
        {
            content: "No geofence is set",
            trigger: `${WIDGET} .o_fleet_geofence_summary:contains(No geofence)`,
        },
        {
            content: "Choose Circle",
            trigger: `${WIDGET} button.o_fleet_geofence_circle`,
            run: "click",
        },
        {
            content: "The help asks for the centre",
            trigger: `${WIDGET} .o_fleet_geofence_help:contains(centre)`,
        },
        {
            content: "Click on the map: the centre",
            trigger: `${WIDGET} .o_fleet_geofence_map.o_fleet_geofence_drawing`,
            run: "click",
        },
        {
            content: "A circle is drawn with the default radius",
            trigger: `${WIDGET} .o_fleet_geofence_summary:contains(Circle of 100 m)`,
        },
        {
            content: "The circle shows on the map",
            trigger: `${WIDGET} .o_fleet_geofence_map path.leaflet-interactive, ${WIDGET} .o_fleet_geofence_map svg path`,
        },
        {
            content: "Type the radius",
            trigger: `${WIDGET} input.o_fleet_geofence_radius`,
            run: "edit 250",
        },
        {
            content: "The circle now has a 250 m radius",
            trigger: `${WIDGET} .o_fleet_geofence_summary:contains(Circle of 250 m)`,
        },
        {
            content: "Save the site",
            trigger: `${DIALOG} .modal-footer .o_form_button_save`,
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: `body:not(:has(${DIALOG}))`,
        },
        {
            content: "Save the customer",
            trigger: `${FORM} .o_form_button_save`,
            run: "click",
        },
        {
            content: "The customer is saved",
            trigger: `${FORM} .o_form_saved`,
        },
        {
            content: "Open the site again",
            trigger: SITE_ROW,
            run: "click",
        },
        {
            content: "It shows the saved circle",
            trigger: `${WIDGET} .o_fleet_geofence_summary:contains(Circle of 250 m)`,
        },
        {
            content: "Close the site",
            trigger: `${DIALOG} .modal-footer .o_form_button_cancel, ${DIALOG} .btn-close`,
            run: "click",
        },
    ],
});
