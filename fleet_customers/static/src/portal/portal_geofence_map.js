/** @odoo-module **/

import { loadBundle } from "@web/core/assets";
import publicWidget from "@web/legacy/js/public/public_widget";

const MAX_ZOOM = 20;

function isNumber(value) {
    return typeof value === "number" && Number.isFinite(value);
}

function latLng(lat, lng) {
    return isNumber(lat) && isNumber(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? [lat, lng] : null;
}

/**
 * The geofence of a site, from the JSON the portal page carries: a circle
 * ({type, lat, lng, radius in metres}) or a polygon ({type, points: [[lat,
 * lng], ...]}), as tools/geofence.py stores them. Null for anything else
 * (unparsable JSON, unknown type, missing or out of range coordinates).
 *
 * @param {String} text
 * @returns {Object|null} {type: "circle", center, radius} or {type: "polygon", points}
 */
export function parseGeofence(text) {
    let fence = null;
    try {
        fence = JSON.parse(text);
    } catch {
        return null;
    }
    if (!fence || typeof fence !== "object") {
        return null;
    }
    if (fence.type === "circle") {
        const center = latLng(fence.lat, fence.lng);
        return center && isNumber(fence.radius) && fence.radius > 0
            ? { type: "circle", center, radius: fence.radius }
            : null;
    }
    if (fence.type === "polygon" && Array.isArray(fence.points)) {
        const points = fence.points.map((p) => (Array.isArray(p) && p.length === 2 ? latLng(p[0], p[1]) : null));
        return points.length >= 3 && points.every(Boolean) ? { type: "polygon", points } : null;
    }
    return null;
}

/**
 * The site's geofence on the customer portal (/my/sites/<id>): a Leaflet map
 * fitted to the circle or polygon, with a scale bar and zoom buttons. Leaflet
 * ships with the addon and is loaded with the first map; there are no map
 * tiles (a plain background), so the map needs no network. An invalid
 * geofence shows nothing.
 */
publicWidget.registry.FleetPortalGeofenceMap = publicWidget.Widget.extend({
    selector: ".o_fleet_portal_geofence[data-geofence]",

    async willStart() {
        const superPromise = this._super(...arguments);
        this.geofence = parseGeofence(this.el.dataset.geofence);
        if (this.geofence) {
            await loadBundle("fleet_customers.leaflet_lib");
        }
        return superPromise;
    },

    start() {
        if (this.geofence) {
            this.drawMap();
        } else {
            this.el.classList.add("d-none");
        }
        return this._super(...arguments);
    },

    destroy() {
        this.resizeObserver?.disconnect();
        this.map?.remove();
        this.map = null;
        this.el.classList.remove("d-none", "o_fleet_portal_geofence_drawn");
        this._super(...arguments);
    },

    drawMap() {
        const L = window.L;
        const fence = this.geofence;
        this.map = L.map(this.el, {
            attributionControl: false,
            maxZoom: MAX_ZOOM,
            // The page scrolls over the map; its buttons zoom.
            scrollWheelZoom: false,
        });
        L.control.scale({ imperial: false }).addTo(this.map);
        // The view first: Leaflet places shapes on a map that has one.
        const bounds =
            fence.type === "circle"
                ? L.latLng(fence.center).toBounds(fence.radius * 2)
                : L.latLngBounds(fence.points);
        this.map.fitBounds(bounds, { padding: [24, 24] });
        const style = { className: "o_fleet_portal_geofence_shape", interactive: false };
        if (fence.type === "circle") {
            L.circle(fence.center, { ...style, radius: fence.radius }).addTo(this.map);
        } else {
            L.polygon(fence.points, style).addTo(this.map);
        }
        this.el.classList.add("o_fleet_portal_geofence_drawn");
        // The page may lay the map out again (a narrower column on a phone).
        this.resizeObserver = new ResizeObserver(() => this.map?.invalidateSize());
        this.resizeObserver.observe(this.el);
    },
});

export default publicWidget.registry.FleetPortalGeofenceMap;
