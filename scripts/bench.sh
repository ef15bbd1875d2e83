#!/usr/bin/env bash
# Benchmarks (not tests): query counts and timings on generated data, in a
# scratch database "fleet_customers_bench" (FLEET_BENCH_DB to change).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB="${FLEET_BENCH_DB:-fleet_customers_bench}"
CONF="$RUN_DIR/bench.conf"

ensure_odoo
ensure_postgres
ensure_venv
write_odoo_conf "$CONF" "$DB" 8089
if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
    log "creating $DB (no demo data)"
    odoo -c "$CONF" -d "$DB" -i fleet_customers --without-demo=all --stop-after-init
else
    odoo -c "$CONF" -d "$DB" -u fleet_customers --stop-after-init
fi
for script in "$ROOT"/bench/assign_assets.py "$ROOT"/bench/deactivate_cascade.py "$ROOT"/bench/customer_list.py "$ROOT"/bench/telematics_ingest.py "$ROOT"/bench/import_customers.py; do
    log "$(basename "$script")"
    "$VENV/bin/python" "$script" --config "$CONF" --database "$DB"
done
