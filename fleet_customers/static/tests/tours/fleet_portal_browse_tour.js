/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * A customer's portal contact browses the portal: the Assets card of the
 * home page, the assets list (the asset it holds, with a link; the one it
 * held before, without), grouped by site, an asset's page, then its site
 * and the site's geofence drawn on a map without tiles. No internal note
 * shows anywhere. Last, the map widget on a polygon and on invalid
 * geofences, which the site's data cannot hold (they are validated). Starts on /my as fc_portal_a; tests/test_tour_portal.py
 * creates the data (tests/test_portal.py's PortalData).
 */

const NO_INTERNAL = {
    content: "No internal note on the page",
    trigger: "body:not(:contains(INTERNAL))",
};
const MAP = ".o_fleet_portal_site .o_fleet_portal_geofence.leaflet-container.o_fleet_portal_geofence_drawn";
const SHAPE = "path.o_fleet_portal_geofence_shape:not([d='M0 0'])";

/**
 * Attaches the map widget to a new element carrying ``geofence``. The widget
 * is a frontend module: looked up when the step runs, as this file is also
 * loaded in the backend, where importing it would be a missing dependency.
 */
async function attachMap(anchor, className, geofence) {
    const exports = odoo.loader.modules.get("@fleet_customers/portal/portal_geofence_map");
    const FleetPortalGeofenceMap = exports[Symbol.for("default")];
    const el = document.createElement("div");
    el.className = `o_fleet_portal_geofence ${className}`;
    el.style.height = "200px";
    el.dataset.geofence = geofence;
    anchor.append(el);
    await new FleetPortalGeofenceMap(null).attachTo(el);
}

registry.category("web_tour.tours").add("fleet_customers_portal_browse_tour", {
    steps: () => [
        {
            content: "The Assets card counts the customer's asset: open it",
            trigger:
                ".o_portal_index_card a[href='/my/assets']:has([data-placeholder_count=fleet_asset_count]:contains(1))",
            run: "click",
        },
        {
            content: "The asset the customer holds, with a link to its page",
            trigger: "tr.o_fleet_portal_asset_row td:first-child a[href^='/my/assets/']:contains(Portal Excavator A)",
        },
        {
            content: "The asset it held before, as text only",
            trigger: "tr.o_fleet_portal_asset_row td:first-child:contains(Portal Loader Moved):not(:has(a))",
        },
        NO_INTERNAL,
        {
            content: "Open the Group By menu",
            trigger: "#portal_searchbar_groupby",
            run: "click",
        },
        {
            content: "Group by Site",
            trigger: ".dropdown-menu[aria-labelledby=portal_searchbar_groupby] a.dropdown-item:contains(Site)",
            run: "click",
        },
        {
            content: "The list is grouped by Site",
            trigger: "#portal_searchbar_groupby:contains(Site)",
        },
        {
            content: "A group for the site of the current asset",
            trigger: "tr.table-light th:contains(Portal Yard A)",
        },
        {
            content: "A group for the asset held without a site",
            trigger: "tr.table-light th:contains(No site)",
        },
        {
            content: "Open the asset",
            trigger: "tr.o_fleet_portal_asset_row a:contains(Portal Excavator A)",
            run: "click",
        },
        {
            content: "The asset's page",
            trigger: ".o_fleet_portal_asset h2:contains(Portal Excavator A)",
        },
        {
            content: "Its serial number",
            trigger: ".o_fleet_portal_asset tr:has(th:contains(Serial Number)) td:contains(SN-PORTAL-A)",
        },
        {
            content: "Its document shared with the customer",
            trigger: ".o_fleet_portal_documents a[href*='access_token=']:contains(Manual A.pdf)",
        },
        {
            content: "Its open work order",
            trigger: ".o_fleet_portal_asset_work_orders a[href^='/my/work-orders/']:contains(Portal Service A)",
        },
        NO_INTERNAL,
        {
            content: "Back to the assets through the breadcrumb",
            trigger: ".o_portal_submenu a[href='/my/assets']:contains(Assets)",
            run: "click",
        },
        {
            content: "The assets list again",
            trigger: ".o_portal_submenu li.breadcrumb-item:contains(Assets):not(:has(a))",
        },
        {
            content: "Listing the asset",
            trigger: "tr.o_fleet_portal_asset_row a:contains(Portal Excavator A)",
        },
        {
            content: "Back to the portal home",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
        },
        {
            // The counters are in the session now: the home page shows the
            // cards of the non-zero ones straight away, without the count.
            content: "The Sites card shows (the customer has a site): open it",
            trigger: ".o_portal_index_card:not(.d-none) a[href='/my/sites']:contains(Sites)",
            run: "click",
        },
        {
            content: "Open the site",
            trigger: "tr.o_fleet_portal_site_row a[href^='/my/sites/']:contains(Portal Yard A)",
            run: "click",
        },
        {
            content: "The site's page",
            trigger: ".o_fleet_portal_site h2:contains(Portal Yard A)",
        },
        {
            content: "The site's note for the customer",
            trigger: ".o_fleet_portal_site_note:contains(Deliveries at gate A)",
        },
        {
            content: "The geofence is drawn on a map",
            trigger: `${MAP} .leaflet-overlay-pane svg ${SHAPE}`,
        },
        {
            content: "The map is fitted to the circle",
            trigger: `${MAP} ${SHAPE}`,
            run() {
                const map = this.anchor.closest(".o_fleet_portal_geofence").getBoundingClientRect();
                const circle = this.anchor.getBoundingClientRect();
                const inside =
                    circle.top >= map.top &&
                    circle.bottom <= map.bottom &&
                    circle.left >= map.left &&
                    circle.right <= map.right;
                if (!inside || circle.height < map.height / 2) {
                    const sizes = `${circle.width}x${circle.height} in ${map.width}x${map.height}`;
                    throw new Error(`The circle does not fill the map (${sizes})`);
                }
            },
        },
        {
            content: "The map has a scale bar, in metres",
            trigger: `${MAP} .leaflet-control-scale-line:contains(/^\\d+ k?m$/)`,
        },
        {
            content: "The map has zoom buttons",
            trigger: `${MAP} .leaflet-control-zoom:has(.leaflet-control-zoom-in):has(.leaflet-control-zoom-out)`,
        },
        {
            content: "The map has no tiles (no network needed) and no attribution",
            trigger: `${MAP}:not(:has(.leaflet-tile)):not(:has(.leaflet-control-attribution))`,
        },
        NO_INTERNAL,
        {
            content: "Below the map, the widget on a polygon, on invalid JSON and on a circle without radius",
            trigger: ".o_fleet_portal_site",
            async run() {
                await attachMap(
                    this.anchor,
                    "o_fleet_tour_polygon",
                    JSON.stringify({
                        type: "polygon",
                        points: [
                            [45.0, 4.0],
                            [45.001, 4.0],
                            [45.001, 4.002],
                        ],
                    })
                );
                await attachMap(this.anchor, "o_fleet_tour_invalid", "{not json");
                await attachMap(this.anchor, "o_fleet_tour_incomplete", JSON.stringify({ type: "circle", lat: 45 }));
            },
        },
        {
            content: "The polygon is drawn",
            trigger: `.o_fleet_tour_polygon.leaflet-container ${SHAPE}`,
        },
        {
            content: "Invalid JSON shows nothing",
            trigger: ".o_fleet_tour_invalid.d-none:empty:not(.leaflet-container):not(:visible)",
        },
        {
            content: "A circle without a centre or a radius shows nothing",
            trigger: ".o_fleet_tour_incomplete.d-none:empty:not(.leaflet-container):not(:visible)",
        },
    ],
});
