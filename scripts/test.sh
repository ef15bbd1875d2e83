#!/usr/bin/env bash
# The test command (README, `make test`, .ci/run): a fresh database with
# fleet_customers installed, every test through pytest-odoo (browser tours in
# headless Chromium included), then the static checks. Fails loudly when
# Odoo, PostgreSQL, Chromium or wkhtmltopdf is missing: nothing is skipped.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DB="${FLEET_TEST_DB:-fleet_customers_test}"
CONF="$RUN_DIR/test.conf"
started=$(date +%s)

ensure_odoo
ensure_postgres
ensure_chromium
ensure_wkhtmltopdf
ensure_venv

log "fresh database $DB"
dropdb --if-exists "$DB"
write_odoo_conf "$CONF" "$DB" "${FLEET_TEST_PORT:-8079}"
# queue_job's runner starts with the HTTP server that browser tests need; the
# tests run the jobs they queue themselves, so no runner competes with them.
printf '\n[queue_job]\nchannels = root:0\n' >> "$CONF"
# Install with demo data: loading the demo is itself a check.
odoo -c "$CONF" -d "$DB" -i fleet_customers --stop-after-init \
    || die "installing fleet_customers failed"

log "pytest-odoo"
set +e
"$VENV/bin/python" -m pytest -p no:cacheprovider \
    --odoo-config "$CONF" --odoo-database "$DB" --odoo-http \
    --junitxml "$RUN_DIR/pytest.xml" "$ROOT/tests" "$@"
pytest_rc=$?
set -e

log "static checks"
set +e
"$ROOT/scripts/static_checks.sh"
static_rc=$?
set -e

summary=$("$VENV/bin/python" - "$RUN_DIR/pytest.xml" <<'PY'
import sys
from lxml import etree
suite = etree.parse(sys.argv[1]).getroot()
suite = suite if suite.tag == "testsuite" else suite[0]
tests, failures, errors, skipped = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
print(f"{tests - failures - errors - skipped} passed, {failures + errors} failed, {skipped} skipped")
PY
)
elapsed=$(( $(date +%s) - started ))
echo "fleet_customers tests: $summary in ${elapsed}s; static checks $([ $static_rc = 0 ] && echo passed || echo FAILED)"
[ $pytest_rc = 0 ] && [ $static_rc = 0 ]
