"""The 18.0.1.2.0 migration on a database made by 18.0.1.1.0.

Up to 18.0.1.1.0 a deactivation lived in four columns of res_partner and a
flag on the sites it archived. This test takes that version of the addon
from git, installs it with its demo data in the scratch database
fleet_customers_migration (the database under test is not touched),
deactivates two demo customers with the old code, upgrades to the addon of
this working tree and checks that each deactivation became a
fleet.customer.deactivation with its sites as lines, that the old columns
are gone, and that a reactivation brings back exactly those sites.

Every step is an odoo-bin subprocess, as in test_lifecycle.py; the shell
scripts print their findings as one JSON line.
"""

import ast
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg2

import odoo
from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged

DB = "fleet_customers_migration"
# The last commit of 18.0.1.1.0: the deactivation in res_partner columns.
OLD_COMMIT = "f565c33"
OLD_VERSION = "18.0.1.1.0"
# The upgrade goes to this working tree's version, whatever it is now.
NEW_VERSION = ast.literal_eval(
    (
        Path(__file__).resolve().parents[1] / "fleet_customers" / "__manifest__.py"
    ).read_text()
)["version"]
ODOO_BIN = Path(odoo.__file__).resolve().parents[1] / "odoo-bin"
OLD_COLUMNS = (
    "fleet_deactivated_on",
    "fleet_deactivated_by_id",
    "fleet_deactivation_reason_id",
    "fleet_deactivation_comment",
    "fleet_archived_by_deactivation",
)
MARK = "FLEET-MIGRATION-RESULT "

# Run with the OLD code: a Service Manager of 18.0.1.1.0, a site archived by
# hand before any deactivation, then Metro deactivated by the superuser and
# Atlas by the Service Manager, as a user would have done before upgrading.
DEACTIVATE_WITH_OLD_CODE = """
import json
from odoo import fields

Partner = env["res.partner"].with_context(active_test=False)


def sites(customer):
    return Partner.search(
        [("parent_id", "=", customer.id), ("type", "=", "fleet_site")], order="id"
    )


reason = env.ref("fleet_customers.fleet_deactivation_reason_closed")
metro = env.ref("fleet_customers.res_partner_fleet_metro_demo")
atlas = env.ref("fleet_customers.res_partner_fleet_atlas_demo")
manager = (
    env["res.users"]
    .with_context(no_reset_password=True)
    .create(
        {
            "name": "Migration Service Manager",
            "login": "fc_migration_service_manager",
            "groups_id": [
                fields.Command.set(
                    [
                        env.ref("base.group_user").id,
                        env.ref(
                            "fleet_customers.group_fleet_customers_service_manager"
                        ).id,
                    ]
                )
            ],
        }
    )
)
closed = Partner.create(
    {"name": "Closed before the upgrade", "parent_id": metro.id, "type": "fleet_site"}
)
closed.write({"active": False})
active_before = {
    customer.id: sites(customer).filtered("active").ids for customer in (metro, atlas)
}
metro._fleet_deactivate(reason, "Before the upgrade")
atlas.with_user(manager)._fleet_deactivate(reason, "Sold, before the upgrade")
env.cr.commit()
env.invalidate_all()
result = {"closed_site": closed.id, "reason": reason.id, "customers": {}}
for customer in (metro, atlas):
    result["customers"][str(customer.id)] = {
        "active": customer.active,
        "date": fields.Datetime.to_string(customer.fleet_deactivated_on),
        "user": customer.fleet_deactivated_by_id.id,
        "reason": customer.fleet_deactivation_reason_id.id,
        "comment": customer.fleet_deactivation_comment,
        "company": customer.company_id.id,
        "active_before": active_before[customer.id],
        "archived_by_deactivation": sites(customer)
        .filtered("fleet_archived_by_deactivation")
        .ids,
        "inactive_sites": sites(customer).filtered(lambda s: not s.active).ids,
    }
result["manager"] = manager.id
result["metro"] = metro.id
result["atlas"] = atlas.id
result["main_company"] = env.ref("base.main_company").id
print(MARK + json.dumps(result))
"""

# Run with the NEW code after the upgrade: what the migration made.
READ_DEACTIVATIONS = """
import json
from odoo import fields

result = {}
for customer_id in CUSTOMER_IDS:
    customer = env["res.partner"].with_context(active_test=False).browse(customer_id)
    deactivations = env["fleet.customer.deactivation"].search(
        [("partner_ids", "in", customer.ids)]
    )
    result[str(customer_id)] = {
        "active": customer.active,
        "last": customer.fleet_last_deactivation_id.id,
        "deactivations": [
            {
                "id": deactivation.id,
                "partners": deactivation.partner_ids.ids,
                "reason": deactivation.reason_id.id,
                "comment": deactivation.comment,
                "user": deactivation.user_id.id,
                "date": fields.Datetime.to_string(deactivation.date),
                "company": deactivation.company_id.id,
                "state": deactivation.state,
                "site_count": deactivation.site_count,
                "lines": sorted(
                    [
                        line.kind,
                        line.res_model,
                        line.res_id,
                        line.customer_id.id,
                        line.previous_value,
                        line.new_value,
                        line.outcome or None,
                    ]
                    for line in deactivation.line_ids
                ),
            }
            for deactivation in deactivations
        ],
    }
print(MARK + json.dumps(result))
"""

# Run with the NEW code: reactivate each customer, as the superuser.
REACTIVATE = """
import json

Partner = env["res.partner"].with_context(active_test=False)
result = {}
for customer_id in CUSTOMER_IDS:
    outcome = Partner.browse(customer_id)._fleet_reactivate()
    result[str(customer_id)] = {
        key: sorted(lines.mapped("res_id")) for key, lines in outcome.items()
    }
env.cr.commit()
env.invalidate_all()
for customer_id in CUSTOMER_IDS:
    customer = Partner.browse(customer_id)
    sites = Partner.search(
        [("parent_id", "=", customer_id), ("type", "=", "fleet_site")], order="id"
    )
    deactivation = env["fleet.customer.deactivation"].search(
        [("partner_ids", "in", [customer_id])]
    )
    result[str(customer_id)].update(
        {
            "active": customer.active,
            "active_sites": sites.filtered("active").ids,
            "inactive_sites": sites.filtered(lambda s: not s.active).ids,
            "states": deactivation.mapped("state"),
            "outcomes": sorted(set(deactivation.line_ids.mapped("outcome"))),
        }
    )
print(MARK + json.dumps(result))
"""


def _pg_args():
    config = odoo.tools.config
    args = []
    if config.get("db_host"):
        args += ["-h", config["db_host"]]
    if config.get("db_port"):
        args += ["-p", str(config["db_port"])]
    if config.get("db_user"):
        args += ["-U", config["db_user"]]
    return args


def _query(sql, params=()):
    connect = {
        key: odoo.tools.config[f"db_{key}"]
        for key in ("host", "port", "user", "password")
        if odoo.tools.config.get(f"db_{key}")
    }
    connection = psycopg2.connect(dbname=DB, **connect)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]
    finally:
        connection.close()


@tagged("post_install", "-at_install")
class TestMigrationDeactivation(TransactionCase):
    test_module = "fleet_customers"

    # ------------------------------------------------------------------
    # odoo-bin, on the scratch database
    # ------------------------------------------------------------------

    def _odoo_bin(self, addons_path, *args, shell_code=None):
        """odoo-bin on the scratch database with ``addons_path``; with
        ``shell_code``, odoo-bin shell running that code, whose JSON result
        is returned."""
        prefix = ["shell"] if shell_code else []
        command = [
            sys.executable,
            str(ODOO_BIN),
            *prefix,
            "-c",
            odoo.tools.config.rcfile,
            "-d",
            DB,
            f"--addons-path={addons_path}",
            *args,
        ]
        if not shell_code:
            # The test run's own server holds the configured port.
            command.append("--no-http")
        result = subprocess.run(
            command,
            input=shell_code,
            text=True,
            capture_output=True,
            timeout=1800,
            check=False,
        )
        output = result.stderr[-3000:] + result.stdout[-3000:]
        self.assertEqual(result.returncode, 0, f"{' '.join(command)} failed:\n{output}")
        # odoo-bin shell may swallow exceptions of the code it runs.
        self.assertNotIn("Traceback", result.stderr + result.stdout, output)
        if not shell_code:
            return None
        lines = [line for line in result.stdout.splitlines() if line.startswith(MARK)]
        self.assertEqual(len(lines), 1, f"no result from the shell script:\n{output}")
        return json.loads(lines[0][len(MARK) :])

    def _shell(self, addons_path, code, **constants):
        prelude = f"MARK = {MARK!r}\n" + "".join(
            f"{name} = {value!r}\n" for name, value in constants.items()
        )
        return self._odoo_bin(addons_path, shell_code=prelude + code)

    def _drop_database(self):
        subprocess.run(["dropdb", "--if-exists", *_pg_args(), DB], check=True)
        shutil.rmtree(odoo.tools.config.filestore(DB), ignore_errors=True)

    # ------------------------------------------------------------------
    # The previous version of the addon, from git
    # ------------------------------------------------------------------

    def _old_addons_path(self):
        """The configured addons path with the previous version of the addon
        in place of this working tree's."""
        addon = Path(get_module_path("fleet_customers")).resolve()
        repo = addon.parent
        if not shutil.which("git"):
            self.fail(
                "git is not installed: this test extracts fleet_customers "
                f"{OLD_VERSION} from commit {OLD_COMMIT} of the repository."
            )
        found = subprocess.run(
            [
                "git",
                "-C",
                str(repo),
                "rev-parse",
                "--verify",
                f"{OLD_COMMIT}^{{commit}}",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if found.returncode:
            self.fail(
                f"Commit {OLD_COMMIT} (fleet_customers {OLD_VERSION}, the version "
                f"this migration upgrades from) is not in the git repository at "
                f"{repo}: a shallow clone or a copy without .git? Fetch the full "
                f"history.\n{found.stderr}"
            )
        tmpdir = tempfile.mkdtemp(prefix="fleet_customers_old_")
        self.addCleanup(shutil.rmtree, tmpdir, ignore_errors=True)
        archive = subprocess.run(
            ["git", "-C", str(repo), "archive", OLD_COMMIT, addon.name],
            capture_output=True,
            check=False,
        )
        self.assertEqual(archive.returncode, 0, archive.stderr.decode())
        subprocess.run(["tar", "-x", "-C", tmpdir], input=archive.stdout, check=True)
        manifest = Path(tmpdir, addon.name, "__manifest__.py").read_text()
        self.assertIn(f'"version": "{OLD_VERSION}"', manifest)

        entries = odoo.tools.config["addons_path"].split(",")
        old = [tmpdir if Path(entry).resolve() == repo else entry for entry in entries]
        self.assertIn(tmpdir, old, f"{repo} is not in the addons path {entries}")
        return ",".join(old), ",".join(entries)

    # ------------------------------------------------------------------

    def test_upgrade_turns_the_old_deactivation_into_a_record(self):
        old_path, new_path = self._old_addons_path()
        self._drop_database()
        self.addCleanup(self._drop_database)

        # 18.0.1.1.0 with its demo data, and two customers deactivated by it.
        # Demo data whatever the configuration says: the test deactivates
        # demo customers.
        self._odoo_bin(
            old_path, "-i", "fleet_customers", "--without-demo=", "--stop-after-init"
        )
        self.assertEqual(self._module_version(), OLD_VERSION)
        self.assertIsNone(_query("SELECT to_regclass('fleet_customer_deactivation')"))
        old = self._shell(old_path, DEACTIVATE_WITH_OLD_CODE)
        customers = old["customers"]
        self.assertEqual(len(customers), 2)
        for customer_id, before in customers.items():
            with self.subTest(customer=customer_id):
                self.assertFalse(before["active"])
                self.assertTrue(before["active_before"], "a customer without sites")
                self.assertEqual(
                    before["archived_by_deactivation"], before["active_before"]
                )
        metro_id, atlas_id = old["metro"], old["atlas"]
        self.assertEqual(set(customers), {str(metro_id), str(atlas_id)})
        self.assertIn(old["closed_site"], customers[str(metro_id)]["inactive_sites"])
        self.assertNotIn(
            old["closed_site"], customers[str(metro_id)]["archived_by_deactivation"]
        )
        for before in customers.values():
            self.assertEqual(before["reason"], old["reason"])
            # A customer shared by all companies: the migration files its
            # deactivation under the main company.
            before["company"] = before["company"] or old["main_company"]
        self.assertEqual(customers[str(metro_id)]["user"], odoo.SUPERUSER_ID)
        self.assertEqual(customers[str(atlas_id)]["user"], old["manager"])

        # This working tree's addon (18.0.1.2.0 and later).
        self._odoo_bin(new_path, "-u", "fleet_customers", "--stop-after-init")
        self.assertEqual(self._module_version(), NEW_VERSION)
        for column in OLD_COLUMNS:
            with self.subTest(column=column):
                self.assertEqual(self._column_count(column), 0, "column still there")
                self.assertEqual(
                    _query(
                        "SELECT count(*) FROM ir_model_fields"
                        " WHERE model = 'res.partner' AND name = %s",
                        [column],
                    ),
                    0,
                )
        migrated = self._shell(
            new_path, READ_DEACTIVATIONS, CUSTOMER_IDS=[metro_id, atlas_id]
        )
        for customer_id, before in customers.items():
            with self.subTest(customer=customer_id):
                self._check_migrated(int(customer_id), before, migrated[customer_id])

        # The reactivation brings back the customers and exactly the sites
        # their deactivation archived; the site closed before stays closed.
        after = self._shell(new_path, REACTIVATE, CUSTOMER_IDS=[metro_id, atlas_id])
        for customer_id, before in customers.items():
            with self.subTest(customer=customer_id):
                reactivated = after[customer_id]
                self.assertTrue(reactivated["active"])
                self.assertEqual(
                    reactivated["restored"], before["archived_by_deactivation"]
                )
                self.assertEqual(reactivated["changed"], [])
                self.assertEqual(
                    reactivated["active_sites"], before["archived_by_deactivation"]
                )
                self.assertEqual(reactivated["states"], ["reactivated"])
                self.assertEqual(reactivated["outcomes"], ["restored"])
        self.assertEqual(after[str(metro_id)]["inactive_sites"], [old["closed_site"]])
        self.assertEqual(after[str(atlas_id)]["inactive_sites"], [])

    def _check_migrated(self, customer_id, before, migrated):
        self.assertFalse(migrated["active"])
        self.assertEqual(len(migrated["deactivations"]), 1, migrated)
        deactivation = migrated["deactivations"][0]
        self.assertEqual(migrated["last"], deactivation["id"])
        kept = ("date", "user", "reason", "comment", "company")
        self.assertEqual(
            {key: deactivation[key] for key in kept},
            {key: before[key] for key in kept},
        )
        self.assertEqual(deactivation["partners"], [customer_id])
        self.assertEqual(deactivation["state"], "done")
        # One site line per site the old deactivation archived; contracts,
        # work orders and tasks were not remembered by the old version.
        self.assertEqual(deactivation["site_count"], len(before["active_before"]))
        self.assertEqual(
            deactivation["lines"],
            [
                ["site", "res.partner", site_id, customer_id, "1", "0", None]
                for site_id in before["archived_by_deactivation"]
            ],
        )

    def _module_version(self):
        return _query(
            "SELECT latest_version FROM ir_module_module WHERE name = 'fleet_customers'"
        )

    def _column_count(self, column):
        return _query(
            "SELECT count(*) FROM information_schema.columns"
            " WHERE table_name = 'res_partner' AND column_name = %s",
            [column],
        )
