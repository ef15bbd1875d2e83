#!/usr/bin/env bash
# Static checks of the repository: ruff check and ruff format --check over
# the whole tree (ruff.toml), pylint-odoo on the addon (OCA configuration),
# then XML, CSV and manifest validity. Exit status non-zero on any finding.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
rc=0
"$VENV/bin/ruff" check . || rc=1
"$VENV/bin/ruff" format --check . || rc=1
"$VENV/bin/pylint" --rcfile=.pylintrc fleet_customers || rc=1
"$VENV/bin/python" scripts/check_addon_files.py fleet_customers || rc=1
"$VENV/bin/python" scripts/gen_addon_readme.py fleet_customers --check || rc=1
exit $rc
