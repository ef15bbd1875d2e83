"""18.0.1.1.0: new API keys are no longer kept in a transient table.

Up to 18.0.1.0.0 the key wizard stored the clear key of every integration
generated in the last hour (until the vacuum) in fleet_telematics_key_wizard,
where any Administrator could read it. The model is gone; its table goes
now, before anything else of the upgrade runs, so that no key outlives it.
"""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        SQL("DROP TABLE IF EXISTS %s", SQL.identifier("fleet_telematics_key_wizard"))
    )
