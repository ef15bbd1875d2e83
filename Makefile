# The two commands of the README. Everything else lives in scripts/.
.PHONY: run test bench wheel

run:
	./scripts/run.sh

test:
	./scripts/test.sh

bench:
	./scripts/bench.sh

# The addon as a standard wheel (odoo-addon-fleet_customers, whool backend).
wheel:
	$${FLEET_VENV:-$$HOME/.cache/fleet_customers/venv}/bin/pip wheel --no-deps -w dist ./fleet_customers
