/** @odoo-module **/

import { Component, onMounted, onWillStart, onWillUnmount, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const WORLD = { center: [20, 0], zoom: 2 };
const DEFAULT_RADIUS = 100;

function round(value, decimals) {
    const factor = 10 ** decimals;
    return Math.round(value * factor) / factor;
}

function point(latlng) {
    return [round(latlng.lat, 7), round(latlng.lng, 7)];
}

/**
 * The geofence of a site (a fields.Json value) on a Leaflet map: shows it,
 * and in edit mode lets the user draw a circle (a click for the centre, a
 * second one or the radius input for the radius) or a polygon (a click per
 * corner, then Finish), drag the centre or the corners, or clear it.
 * Leaflet ships with the addon and is loaded with the first map; map tiles
 * are optional (system parameter), so the widget works offline too.
 */
export class GeofenceMapField extends Component {
    static template = "fleet_customers.GeofenceMapField";
    static props = { ...standardFieldProps };

    setup() {
        this.orm = useService("orm");
        this.mapRef = useRef("map");
        // mode: null, "circle" (waiting for the centre), "radius" (waiting
        // for the radius click) or "polygon" (collecting corners).
        this.state = useState({ mode: null, draft: [], radius: DEFAULT_RADIUS });
        onWillStart(async () => {
            const [settings] = await Promise.all([
                this.orm.call("res.partner", "fleet_geofence_map_settings", []),
                loadBundle("fleet_customers.leaflet_lib"),
            ]);
            this.settings = settings;
        });
        onMounted(() => this.setupMap());
        useEffect(
            () => this.drawShapes(),
            () => [
                JSON.stringify(this.value),
                this.state.draft.length,
                this.props.readonly,
                // The site's marker follows the Latitude/Longitude fields.
                this.props.record.data.partner_latitude,
                this.props.record.data.partner_longitude,
            ]
        );
        onWillUnmount(() => {
            this.resizeObserver?.disconnect();
            this.map?.remove();
        });
    }

    get value() {
        return this.props.record.data[this.props.name] || null;
    }

    get radius() {
        return this.value?.type === "circle" ? round(this.value.radius, 1) : this.state.radius;
    }

    get helpText() {
        switch (this.state.mode) {
            case "circle":
                return _t("Click on the map where the centre of the site is.");
            case "radius":
                return _t("Click on the edge of the site, or type the radius.");
            case "polygon":
                return _t("Click on each corner of the site, then Finish (3 corners at least).");
            default:
                return _t("Draw the area of the site: a circle or a polygon. Drag its points to adjust it.");
        }
    }

    get summary() {
        const value = this.value;
        if (!value) {
            return _t("No geofence: this site raises no arrival or departure events.");
        }
        if (value.type === "circle") {
            return _t("Circle of %(radius)s m around %(lat)s, %(lng)s", {
                radius: round(value.radius, 1),
                lat: value.lat,
                lng: value.lng,
            });
        }
        return _t("Polygon of %(count)s corners", { count: value.points.length });
    }

    setupMap() {
        const L = window.L;
        this.map = L.map(this.mapRef.el, { attributionControl: Boolean(this.settings.tile_url) });
        if (this.settings.tile_url) {
            L.tileLayer(this.settings.tile_url, {
                attribution: this.settings.attribution,
                maxZoom: 19,
            }).addTo(this.map);
        }
        this.layers = L.layerGroup().addTo(this.map);
        this.map.on("click", (ev) => this.onMapClick(ev.latlng));
        // Leaflet focuses the map on mousedown with a plain focus(), which
        // scrolls a dialog whose map is partly hidden: the click then lands
        // hundreds of pixels from where it was pressed. Focusing first
        // without scrolling makes Leaflet skip its own focus().
        this.mapRef.el.addEventListener(
            "mousedown",
            () => this.mapRef.el.focus({ preventScroll: true }),
            true
        );
        this.fitView();
        // In a dialog or a notebook page the map may get its size later.
        this.resizeObserver = new ResizeObserver(() => this.map.invalidateSize());
        this.resizeObserver.observe(this.mapRef.el);
    }

    fitView() {
        const value = this.value;
        const data = this.props.record.data;
        if (value?.type === "circle") {
            this.map.fitBounds(window.L.latLng(value.lat, value.lng).toBounds(value.radius * 3));
        } else if (value?.type === "polygon") {
            this.map.fitBounds(window.L.latLngBounds(value.points).pad(0.5));
        } else if (data.partner_latitude || data.partner_longitude) {
            this.map.setView([data.partner_latitude, data.partner_longitude], 16);
        } else {
            this.map.setView(WORLD.center, WORLD.zoom);
        }
    }

    drawShapes() {
        if (!this.map) {
            return;
        }
        const L = window.L;
        const editable = !this.props.readonly;
        const value = this.value;
        this.layers.clearLayers();
        const data = this.props.record.data;
        if (data.partner_latitude || data.partner_longitude) {
            L.circleMarker([data.partner_latitude, data.partner_longitude], {
                radius: 5,
                color: "#6c757d",
                interactive: false,
            }).addTo(this.layers);
        }
        if (value?.type === "circle") {
            L.circle([value.lat, value.lng], { radius: value.radius, interactive: false }).addTo(this.layers);
            if (editable) {
                this.handle([value.lat, value.lng], (latlng) =>
                    this.update({ ...value, lat: point(latlng)[0], lng: point(latlng)[1] })
                );
            }
        } else if (value?.type === "polygon") {
            L.polygon(value.points, { interactive: false }).addTo(this.layers);
            if (editable) {
                value.points.forEach((corner, index) =>
                    this.handle(corner, (latlng) => {
                        const points = value.points.map((p, i) => (i === index ? point(latlng) : p));
                        this.update({ type: "polygon", points });
                    })
                );
            }
        }
        if (this.state.draft.length) {
            L.polyline(this.state.draft, { dashArray: "6 6", interactive: false }).addTo(this.layers);
            for (const corner of this.state.draft) {
                L.circleMarker(corner, { radius: 4, interactive: false }).addTo(this.layers);
            }
        }
    }

    /** A draggable point of the shape; onMove gets its new position. */
    handle(latlng, onMove) {
        const L = window.L;
        const icon = L.divIcon({ className: "o_fleet_geofence_handle", iconSize: [12, 12] });
        const marker = L.marker(latlng, { icon, draggable: true, keyboard: false });
        marker.on("dragend", () => onMove(marker.getLatLng()));
        marker.addTo(this.layers);
    }

    update(value) {
        this.props.record.update({ [this.props.name]: value });
    }

    onMapClick(latlng) {
        switch (this.state.mode) {
            case "circle": {
                const [lat, lng] = point(latlng);
                this.update({ type: "circle", lat, lng, radius: this.radius });
                this.state.mode = "radius";
                break;
            }
            case "radius": {
                const value = this.value;
                const radius = round(this.map.distance([value.lat, value.lng], latlng), 1);
                if (radius > 0) {
                    this.state.radius = radius;
                    this.update({ ...value, radius });
                }
                this.state.mode = null;
                break;
            }
            case "polygon":
                this.state.draft.push(point(latlng));
                break;
        }
    }

    startMode(mode) {
        this.state.draft = [];
        this.state.mode = mode;
    }

    finishPolygon() {
        if (this.state.draft.length >= 3) {
            this.update({ type: "polygon", points: [...this.state.draft] });
        }
        this.cancel();
    }

    cancel() {
        this.state.mode = null;
        this.state.draft = [];
    }

    clear() {
        this.cancel();
        this.update(false);
    }

    /** The circle follows the radius as it is typed. */
    onRadiusInput(ev) {
        const radius = round(parseFloat(ev.target.value), 1);
        if (!(radius > 0)) {
            return; // empty or 0 while typing: wait for a usable number
        }
        this.state.radius = radius;
        if (this.value?.type === "circle") {
            this.update({ ...this.value, radius });
        }
        if (this.state.mode === "radius") {
            this.state.mode = null;
        }
    }

    onKeydown(ev) {
        if (ev.key === "Escape" && this.state.mode) {
            ev.stopPropagation();
            this.cancel();
        }
    }
}

export const geofenceMapField = {
    component: GeofenceMapField,
    displayName: _t("Geofence Map"),
    supportedTypes: ["json"],
    fieldDependencies: [
        { name: "partner_latitude", type: "float" },
        { name: "partner_longitude", type: "float" },
    ],
};

registry.category("fields").add("fleet_geofence_map", geofenceMapField);
