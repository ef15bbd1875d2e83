#!/usr/bin/env bash
# Odoo's own tests (partner, contacts, maintenance, project, sale and
# account invoice suites) run twice, in a database with fleet_customers and
# in the same one without it; fails on any failure found only "with", or
# when a run ran no test. See bench/ODOO_SUITES.md.
# SUITES_REUSE_DB=1 keeps the two databases of a previous run (tests only);
# SUITES_SELECTION and SUITES_AT_INSTALL_FILES (may be empty) narrow the run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WITH=fleet_suites_with
WITHOUT=fleet_suites_without
# fleet_customers' own dependencies: installed in both databases, so the
# only difference between them is fleet_customers itself.
MODULES=account,contacts,mail,maintenance,phone_validation,project,sale
# What is run (bench/ODOO_SUITES.md says why). Odoo 18 selectors: /module
# for a module's tests, /module/tests/file.py for one file (tag_selector.py),
# a leading "-" to leave out. The maintenance calendar tours are left out:
# the first fails here with and without fleet_customers (a JS TypeError in
# Odoo's calendar), and its browser's last request then breaks the next
# test at random, on either side.
SELECTION="${SUITES_SELECTION:-/base/tests/test_res_partner.py
/base/tests/test_res_partner_bank.py
/base/tests/test_res_partner_merge.py
/contacts
/maintenance
/project
/sale/tests/test_sale_order.py
/sale/tests/test_sale_to_invoice.py
/sale/tests/test_credit_limit.py
/sale/tests/test_sale_flow.py
/account/tests/test_account_partner.py
/account/tests/test_res_partner_merge.py
/account/tests/test_account_move_out_invoice.py
/account/tests/test_portal_invoice.py
-/maintenance/tests/test_calendar_with_recurrence.py}"
# Every file of the selection that holds at_install tests, for pass 2
# (the others are all post_install). Keep in step with SELECTION.
AT_INSTALL_FILES="${SUITES_AT_INSTALL_FILES-odoo/addons/base/tests/test_res_partner.py
odoo/addons/base/tests/test_res_partner_bank.py
odoo/addons/base/tests/test_res_partner_merge.py
addons/maintenance/tests/test_maintenance.py
addons/maintenance/tests/test_maintenance_multicompany.py
addons/project/tests/test_access_rights.py
addons/project/tests/test_multicompany.py
addons/project/tests/test_portal.py
addons/project/tests/test_project_base.py
addons/project/tests/test_project_config.py
addons/project/tests/test_project_flow.py
addons/project/tests/test_project_recurrence.py
addons/project/tests/test_project_sharing.py
addons/project/tests/test_project_stage_multicompany.py
addons/project/tests/test_project_task_mail_tracking_duration.py
addons/project/tests/test_project_task_quick_create.py
addons/project/tests/test_project_task_type.py
addons/project/tests/test_task_follow.py
addons/sale/tests/test_sale_flow.py}"
# "post_install/base/tests/x.py": the post_install tests of that file;
# exclusions ("-/...") are passed as they are.
POST_TAGS=$(for spec in $SELECTION; do
    case $spec in -*) printf '%s,' "$spec" ;; *) printf 'post_install%s,' "$spec" ;; esac
done | sed 's/,$//')
started=$(date +%s)

ensure_odoo
ensure_postgres
ensure_chromium
ensure_venv

filestore="$STATE_DIR/filestore/filestore"
# One http port for both: install stores it in web.base.url, which the copy
# keeps, and some tests compare links with it. The runs never overlap.
write_odoo_conf "$RUN_DIR/suites_without.conf" "$WITHOUT" 8071
write_odoo_conf "$RUN_DIR/suites_with.conf" "$WITH" 8071

if [ "${SUITES_REUSE_DB:-0}" != 1 ]; then
    for db in "$WITH" "$WITHOUT"; do
        dropdb --if-exists "$db"
        rm -rf "${filestore:?}/$db"
    done
    log "installing $MODULES with demo data in $WITHOUT"
    odoo -c "$RUN_DIR/suites_without.conf" -d "$WITHOUT" -i "$MODULES" --stop-after-init \
        || die "installing $MODULES failed"
    # A copy rather than a second install: both start from the same rows.
    log "copying $WITHOUT to $WITH, then installing fleet_customers there"
    createdb -T "$WITHOUT" "$WITH"
    [ ! -d "$filestore/$WITHOUT" ] || cp -a "$filestore/$WITHOUT" "$filestore/$WITH"
    odoo -c "$RUN_DIR/suites_with.conf" -d "$WITH" -i fleet_customers --stop-after-init \
        || die "installing fleet_customers failed"
fi

# Both passes run the tests with every installed module loaded, the setup
# fleet_customers is used in. Odoo's plain `--test-tags` run would also run
# the at_install tests while only their own module's dependencies are loaded,
# on a database whose tables already have the later modules' NOT NULL
# columns (account's res_partner.autopost_bills): they fail with and without
# fleet_customers alike and never meet its code.
# Pass 1: the post_install tests of the selection, in one odoo-bin run (no -u).
# Pass 2: each file holding at_install tests, through --test-file, which runs
# the whole file once the registry is loaded. --test-tags names a tag no test
# has, so Odoo runs nothing else but still prints its "N failed ... of M
# tests" summary, which compare_suites.py checks for every run.
for side in without with; do
    db=$([ $side = with ] && echo "$WITH" || echo "$WITHOUT")
    out="$RUN_DIR/suites_$side.log"
    log "running the selected tests in $db (log: .run/suites_$side.log)"
    t0=$(date +%s)
    echo "#### pass post_install" >"$out"
    odoo -c "$RUN_DIR/suites_$side.conf" -d "$db" --test-enable --stop-after-init \
        --test-tags "$POST_TAGS" --log-level info >>"$out" 2>&1 || true
    for file in $AT_INSTALL_FILES; do
        echo "#### pass at_install $file" >>"$out"
        odoo -c "$RUN_DIR/suites_$side.conf" -d "$db" --stop-after-init \
            --test-file "$ODOO_PATH/$file" --test-tags fleet_suites_no_such_tag \
            --log-level info >>"$out" 2>&1 || true
    done
    log "$side: $(( $(date +%s) - t0 ))s"
done

set +e
"$VENV/bin/python" "$ROOT/scripts/compare_suites.py" \
    "$RUN_DIR/suites_with.log" "$RUN_DIR/suites_without.log"
rc=$?
set -e
echo "odoo-suites: $(( $(date +%s) - started ))s in all"
exit $rc
