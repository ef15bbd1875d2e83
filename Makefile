# The two commands of the README. Everything else lives in scripts/.
.PHONY: run test bench bench-scale load wheel odoo-suites

run:
	./scripts/run.sh

test:
	./scripts/test.sh

bench:
	./scripts/bench.sh

# 100,000 and 10,000 customers: searches, list, assign, cascade at scale.
bench-scale:
	./scripts/bench_scale.sh

# 30 clients through the external API against Odoo with workers.
load:
	./scripts/load_test.sh

# Odoo's own partner/sale/account/project suites, with vs without the addon.
odoo-suites:
	./scripts/odoo_suites.sh

# The addon as a standard wheel (odoo-addon-fleet_customers, whool backend).
wheel:
	$${FLEET_VENV:-$$HOME/.cache/fleet_customers/venv}/bin/pip wheel --no-deps -w dist ./fleet_customers
