"""Plane geometry of geofences, in metres, without a GIS extension.

A geofence is a dict, as stored in ``res.partner.fleet_geofence``:

* ``{"type": "circle", "lat": 45.76, "lng": 4.84, "radius": 150}``
* ``{"type": "polygon", "points": [[lat, lng], [lat, lng], ...]}`` (the ring is
  implicitly closed: the last point joins the first).

Sites are at most a few kilometres wide, so distances are computed on a local
equirectangular projection around the reading: well under a metre of error
at that scale, far below the accuracy of a GPS fix.
"""

import math

EARTH_RADIUS_M = 6371008.8
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_M / 180
MAX_RADIUS_M = 50000
MAX_POLYGON_POINTS = 500


class GeofenceError(ValueError):
    """Invalid geofence; ``code`` says which rule, ``args`` carry details."""

    def __init__(self, code, *details):
        super().__init__(code, *details)
        self.code = code
        self.details = details


def _number(value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def valid_coordinates(lat, lng):
    lat, lng = _number(lat), _number(lng)
    return (
        lat is not None and lng is not None and -90 <= lat <= 90 and -180 <= lng <= 180
    )


def normalize(fence):
    """Return the canonical form of ``fence`` (a dict, or falsy for none);
    raise GeofenceError when it is not a usable geofence."""
    if not fence:
        return None
    if not isinstance(fence, dict):
        raise GeofenceError("format")
    kind = fence.get("type")
    if kind == "circle":
        return _normalize_circle(fence)
    if kind == "polygon":
        return _normalize_polygon(fence)
    raise GeofenceError("format")


def _normalize_circle(fence):
    lat, lng, radius = (_number(fence.get(k)) for k in ("lat", "lng", "radius"))
    if not valid_coordinates(lat, lng):
        raise GeofenceError("coordinates")
    if radius is None or not 0 < radius <= MAX_RADIUS_M:
        raise GeofenceError("radius", MAX_RADIUS_M)
    return {"type": "circle", "lat": lat, "lng": lng, "radius": radius}


def _normalize_polygon(fence):
    raw = fence.get("points")
    if not isinstance(raw, list):
        raise GeofenceError("format")
    points = []
    for point in raw:
        if not isinstance(point, list | tuple) or len(point) != 2:
            raise GeofenceError("format")
        lat, lng = _number(point[0]), _number(point[1])
        if not valid_coordinates(lat, lng):
            raise GeofenceError("coordinates")
        if not points or [lat, lng] != points[-1]:
            points.append([lat, lng])
    # A ring given closed (last point = first) is the same polygon.
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    if len(points) < 3:
        raise GeofenceError("too_few_points")
    if len(points) > MAX_POLYGON_POINTS:
        raise GeofenceError("too_many_points", MAX_POLYGON_POINTS)
    lngs = [p[1] for p in points]
    if max(lngs) - min(lngs) > 180:
        raise GeofenceError("antimeridian")
    xy = _project_ring(points, points[0][0], points[0][1])
    if _self_intersects(xy):
        raise GeofenceError("self_intersecting")
    if abs(_area(xy)) < 1:
        raise GeofenceError("flat")
    return {"type": "polygon", "points": points}


def bounding_box(fence):
    """(min_lat, max_lat, min_lng, max_lng) of a normalized geofence."""
    if fence["type"] == "circle":
        dlat = fence["radius"] / METRES_PER_DEGREE
        dlng = fence["radius"] / (
            METRES_PER_DEGREE * max(math.cos(math.radians(fence["lat"])), 1e-6)
        )
        return (
            max(fence["lat"] - dlat, -90.0),
            min(fence["lat"] + dlat, 90.0),
            max(fence["lng"] - dlng, -180.0),
            min(fence["lng"] + dlng, 180.0),
        )
    lats = [p[0] for p in fence["points"]]
    lngs = [p[1] for p in fence["points"]]
    return min(lats), max(lats), min(lngs), max(lngs)


def degree_margins(lat, metres):
    """Degrees of latitude and longitude that ``metres`` span at ``lat``:
    how far to widen a bounding box to catch points near its border."""
    dlat = metres / METRES_PER_DEGREE
    dlng = metres / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 1e-6))
    return dlat, dlng


def distance(lat1, lng1, lat2, lng2):
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lng2 - lng1)
    h = (
        math.sin(dphi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def depth(fence, lat, lng):
    """How deep the point is inside the geofence, in metres: positive
    inside, negative outside, the distance to the border either way."""
    if fence["type"] == "circle":
        return fence["radius"] - distance(fence["lat"], fence["lng"], lat, lng)
    xy = _project_ring(fence["points"], lat, lng)
    border = min(_segment_distance(a, b) for a, b in _edges(xy))
    return border if _contains_origin(xy) else -border


def _project_ring(points, lat0, lng0):
    scale_x = METRES_PER_DEGREE * math.cos(math.radians(lat0))
    return [
        ((lng - lng0) * scale_x, (lat - lat0) * METRES_PER_DEGREE)
        for lat, lng in points
    ]


def _edges(xy):
    return zip(xy, xy[1:] + xy[:1], strict=False)


def _area(xy):
    return sum(ax * by - bx * ay for (ax, ay), (bx, by) in _edges(xy)) / 2


def _segment_distance(a, b):
    """Distance from the origin to segment ab."""
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if not length2 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length2))
    return math.hypot(ax + t * dx, ay + t * dy)


def _contains_origin(xy):
    inside = False
    for (ax, ay), (bx, by) in _edges(xy):
        if (ay > 0) != (by > 0) and 0 < ax + (0 - ay) * (bx - ax) / (by - ay):
            inside = not inside
    return inside


def _orientation(p, q, r):
    value = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return (value > 1e-9) - (value < -1e-9)


def _on_segment(p, q, r):
    """Whether q, collinear with p and r, lies between them."""
    within_x = min(p[0], r[0]) - 1e-9 <= q[0] <= max(p[0], r[0]) + 1e-9
    return within_x and min(p[1], r[1]) - 1e-9 <= q[1] <= max(p[1], r[1]) + 1e-9


def _segments_cross(p1, p2, q1, q2):
    o1, o2 = _orientation(p1, p2, q1), _orientation(p1, p2, q2)
    o3, o4 = _orientation(q1, q2, p1), _orientation(q1, q2, p2)
    if o1 != o2 and o3 != o4:
        return True
    return (
        (o1 == 0 and _on_segment(p1, q1, p2))
        or (o2 == 0 and _on_segment(p1, q2, p2))
        or (o3 == 0 and _on_segment(q1, p1, q2))
        or (o4 == 0 and _on_segment(q1, p2, q2))
    )


def _self_intersects(xy):
    edges = list(_edges(xy))
    count = len(edges)
    for i in range(count):
        for j in range(i + 1, count):
            # Neighbouring edges share a vertex; that is not a crossing.
            if j == i + 1 or (i == 0 and j == count - 1):
                continue
            if _segments_cross(*edges[i], *edges[j]):
                return True
    return False
