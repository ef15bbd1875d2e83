import importlib.util

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.sql import table_exists


def load_migration(version, name):
    path = f"{get_module_path('fleet_customers')}/migrations/{version}/{name}.py"
    spec = importlib.util.spec_from_file_location(f"fleet_migration_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestMigrations(TransactionCase):
    test_module = "fleet_customers"

    def test_upgrade_drops_the_table_of_clear_keys(self):
        """Issue 11, item 3: the clear keys an old version kept in its
        transient table do not survive the upgrade."""
        cr = self.env.cr
        cr.execute(
            "CREATE TABLE fleet_telematics_key_wizard "
            "(id serial PRIMARY KEY, key varchar)"
        )
        cr.execute(
            "INSERT INTO fleet_telematics_key_wizard (key) VALUES ('fleet_secret')"
        )
        migration = load_migration("18.0.1.1.0", "pre-migrate")
        migration.migrate(cr, None)  # a fresh install: nothing to do
        self.assertTrue(table_exists(cr, "fleet_telematics_key_wizard"))
        migration.migrate(cr, "18.0.1.0.0")
        self.assertFalse(table_exists(cr, "fleet_telematics_key_wizard"))
        migration.migrate(cr, "18.0.1.0.0")  # once more: still fine
