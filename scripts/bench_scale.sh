#!/usr/bin/env bash
# Scale benchmark on two scratch databases: 100,000 fleet customers
# (300,000 equipment, 1,000,000 assignments, 200,000 sale orders, 200,000
# invoices with 1,000,000 journal items) and 10x fewer; SCALE_SIZES picks
# the sizes. The data is generated once per database (bench/scale.py), then
# copied once to <database>_stock without the addon
# (bench/scale_stock_db.py), which bench/scale_compare.py measures against.
# Plans go to .run/bench_scale_<size>_search_plans.md (scale.py) and
# .run/bench_scale_<size>_compare_plans.md (scale_compare.py). Extra
# arguments go to bench/scale.py (--plans, --without-search-indexes).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_odoo
ensure_postgres
ensure_venv
for size in ${SCALE_SIZES:-10000 100000}; do
    DB="fleet_customers_bench_scale_$size"
    STOCK_DB="${DB}_stock"
    CONF="$RUN_DIR/bench_scale_$size.conf"
    write_odoo_conf "$CONF" "$DB" 8089
    if ! psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1; then
        log "creating $DB (no demo data)"
        odoo -c "$CONF" -d "$DB" -i fleet_customers --without-demo=all --stop-after-init
    else
        odoo -c "$CONF" -d "$DB" -u fleet_customers --stop-after-init
    fi
    "$VENV/bin/python" "$ROOT/bench/scale.py" --config "$CONF" --database "$DB" \
        --customers "$size" --generate-only
    "$VENV/bin/python" "$ROOT/bench/scale_stock_db.py" --config "$CONF" \
        --database "$DB" --stock-database "$STOCK_DB"
    "$VENV/bin/python" "$ROOT/bench/scale.py" --config "$CONF" --database "$DB" \
        --customers "$size" --plans-file "$RUN_DIR/bench_scale_${size}_search_plans.md" "$@"
    "$VENV/bin/python" "$ROOT/bench/scale_compare.py" --config "$CONF" \
        --database "$DB" --stock-database "$STOCK_DB" \
        --plans-file "$RUN_DIR/bench_scale_${size}_compare_plans.md"
done
