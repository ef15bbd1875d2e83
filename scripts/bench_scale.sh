#!/usr/bin/env bash
# Scale benchmark (bench/scale.py) on two scratch databases: 100,000 fleet
# customers (300,000 equipment, 1,000,000 assignments) and 10x fewer. The
# data is generated once per database; SCALE_SIZES picks the sizes.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_odoo
ensure_postgres
ensure_venv
for size in ${SCALE_SIZES:-10000 100000}; do
    DB="fleet_customers_bench_scale_$size"
    CONF="$RUN_DIR/bench_scale_$size.conf"
    write_odoo_conf "$CONF" "$DB" 8089
    if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
        log "creating $DB (no demo data)"
        odoo -c "$CONF" -d "$DB" -i fleet_customers --without-demo=all --stop-after-init
    else
        odoo -c "$CONF" -d "$DB" -u fleet_customers --stop-after-init
    fi
    "$VENV/bin/python" "$ROOT/bench/scale.py" --config "$CONF" --database "$DB" --customers "$size" "$@"
done
