#!/usr/bin/env bash
# Load test (not part of make test): a scratch database fleet_customers_load,
# Odoo with workers on localhost:8099, Locust clients through the external
# API for LOAD_TIME, then invariant checks and a summary (bench/LOAD.md says
# how to read it). LOAD_USERS, LOAD_SPAWN, LOAD_TIME, LOAD_WORKERS tune it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB=fleet_customers_load
PORT=8099
CONF="$RUN_DIR/load.conf"
OUT="$ROOT/bench/out"
LOAD_VENV="${FLEET_LOAD_VENV:-$STATE_DIR/load-venv}"

ensure_odoo
ensure_postgres
ensure_venv
if [ ! -x "$LOAD_VENV/bin/locust" ]; then
    log "building the Locust virtualenv at $LOAD_VENV"
    "$PYTHON" -m venv "$LOAD_VENV"
    "$LOAD_VENV/bin/pip" install -q -r "$ROOT/bench/load/requirements.txt" >&2
fi
dropdb --if-exists "$DB"
rm -rf "$OUT" && mkdir -p "$OUT"
write_odoo_conf "$CONF" "$DB" "$PORT"
odoo -c "$CONF" -d "$DB" -i fleet_customers --without-demo=all --stop-after-init || die "install failed"
"$VENV/bin/python" "$ROOT/bench/load/seed.py" --config "$CONF" --database "$DB" --out "$OUT/seed.json"

log "starting Odoo with ${LOAD_WORKERS:-4} workers on port $PORT"
odoo -c "$CONF" -d "$DB" --workers="${LOAD_WORKERS:-4}" --max-cron-threads=0 \
    --limit-time-real=120 --logfile "$OUT/odoo.log" &
odoo_pid=$!
trap 'kill $odoo_pid 2>/dev/null; wait $odoo_pid 2>/dev/null' EXIT
for _ in $(seq 60); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/web/login" && break
    sleep 1
done

log "Locust: ${LOAD_USERS:-30} users for ${LOAD_TIME:-60s}"
FLEET_LOAD_SEED="$OUT/seed.json" FLEET_LOAD_OUT="$OUT" "$LOAD_VENV/bin/locust" \
    -f "$ROOT/bench/load/locustfile.py" --headless --host "http://127.0.0.1:$PORT" \
    -u "${LOAD_USERS:-30}" -r "${LOAD_SPAWN:-5}" -t "${LOAD_TIME:-60s}" \
    --stop-timeout 30 --csv "$OUT/load" --only-summary --exit-code-on-error 0 2>&1 | tail -40
kill $odoo_pid; wait $odoo_pid 2>/dev/null || true; trap - EXIT

"$VENV/bin/python" "$ROOT/bench/load/summary.py" "$OUT/load_stats.csv"
"$VENV/bin/python" "$ROOT/bench/load/check.py" --config "$CONF" --database "$DB" \
    --seed "$OUT/seed.json" --ops "$OUT"
