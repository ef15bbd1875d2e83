#!/usr/bin/env bash
# Serves the web client on http://localhost:8069 with fleet_customers and its
# demo data installed in the database "fleet_customers" (FLEET_DB to change).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB="${FLEET_DB:-fleet_customers}"
PORT="${FLEET_PORT:-8069}"
CONF="$RUN_DIR/run.conf"

ensure_odoo
ensure_postgres
ensure_venv
write_odoo_conf "$CONF" "$DB" "$PORT"
sed -i 's/^log_level = warn/log_level = info/' "$CONF"
# OCA queue_job's runner starts with the server (a thread when it runs
# without workers) and runs the telematics notifications on their channel.
cat >> "$CONF" <<QUEUE
server_wide_modules = base,web,queue_job

[queue_job]
channels = root:2,root.fleet_telematics:1
QUEUE

if psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
    log "updating fleet_customers in database $DB"
    odoo -c "$CONF" -d "$DB" -u fleet_customers --stop-after-init
else
    log "creating database $DB with fleet_customers and its demo data"
    odoo -c "$CONF" -d "$DB" -i fleet_customers --stop-after-init
fi
log "web client on http://localhost:$PORT (login admin, password admin)"
exec "$VENV/bin/python" "$ODOO_PATH/odoo-bin" -c "$CONF" -d "$DB"
