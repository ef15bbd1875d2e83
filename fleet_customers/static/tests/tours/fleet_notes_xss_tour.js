/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * Site notes are plain text that anyone editing a site may type: the Notes
 * list (Customers > Notes) shows markup in them as text and never runs it.
 * Run by tests/test_tour_notes_xss.py, which creates the sites whose notes
 * carry the payloads (one sets window.fleetXss when run).
 */
const LIST = ".o_list_view";

registry.category("web_tour.tours").add("fleet_notes_xss_tour", {
    url: "/odoo/action-fleet_customers.fleet_customer_note_action",
    steps: () => [
        {
            content: "The Notes list is shown",
            trigger: `${LIST} .o_data_row`,
        },
        {
            content: "The image payload is shown as text",
            trigger: `${LIST} .o_data_row:contains(Tour XSS Image Yard) td:contains('<img src=x')`,
        },
        {
            content: "The script payload is shown as text",
            trigger: `${LIST} .o_data_row:contains(Tour XSS Script Yard) td:contains('<script>window.fleetXss=2')`,
        },
        {
            content: "No image element was made from a note",
            trigger: `${LIST}:not(:has(.o_data_row img[onerror]))`,
        },
        {
            content: "No payload ran",
            trigger: LIST,
            async run() {
                // A broken image fires its onerror handler a moment later.
                await new Promise((resolve) => setTimeout(resolve, 1000));
                if (window.fleetXss) {
                    throw new Error(
                        `A site note ran as code: window.fleetXss = ${window.fleetXss}`
                    );
                }
            },
        },
    ],
});
