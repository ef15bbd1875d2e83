/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * A customer's portal contact requests service from an asset's page: a too
 * short description is refused with the reason and the text kept; a proper
 * one opens a work order, whose page confirms it and shows the request as
 * the first message. Starts on the asset's page as fc_portal_a;
 * tests/test_tour_portal.py creates the data and checks the work order.
 */

const FORM = "form.o_fleet_portal_request_form";
const DESCRIPTION = `${FORM} textarea[name=description]`;
const TEXT = "The boom cylinder leaks oil since Monday; parked at the north gate.";

registry.category("web_tour.tours").add("fleet_customers_portal_request_tour", {
    steps: () => [
        {
            content: "The asset's page, with its Request Service button",
            trigger: ".o_fleet_portal_asset h2:contains(Portal Excavator A)",
        },
        {
            content: "Open the request form",
            trigger: "button.o_fleet_portal_request_toggle",
            run: "click",
        },
        {
            content: "Type a description too short to act on",
            trigger: `${DESCRIPTION}:visible`,
            // The browser would refuse it (minlength); the server must too.
            run() {
                this.anchor.removeAttribute("minlength");
                this.anchor.value = "Broken";
            },
        },
        {
            content: "Send it",
            trigger: `${FORM} button[type=submit]`,
            run: "click",
        },
        {
            content: "Refused, saying why, with the text kept to correct it",
            trigger: ".o_fleet_portal_request_error:contains(at least 10 characters)",
        },
        {
            content: "Describe the problem properly",
            trigger: `${DESCRIPTION}:visible`,
            run() {
                if (this.anchor.value !== "Broken") {
                    throw new Error(`The text typed was not kept: ${this.anchor.value}`);
                }
                this.anchor.value = TEXT;
            },
        },
        {
            content: "Send the request",
            trigger: `${FORM} button[type=submit]`,
            run: "click",
        },
        {
            content: "The new work order's page confirms the request",
            trigger:
                ".o_fleet_portal_work_order:has(h2:contains(Service request: Portal Excavator A)) .o_fleet_portal_request_sent",
        },
        {
            content: "The request is the first message of the work order, in the contact's name",
            // The portal's chatter lives in a shadow root.
            trigger: `#chatterRoot:shadow .o-mail-Message:contains(${TEXT})`,
        },
    ],
});
