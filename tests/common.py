import threading

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

FLEET_GROUPS = {
    "user": "fleet_customers.group_fleet_customers_user",
    "admin": "fleet_customers.group_fleet_customers_admin",
    "service_manager": "fleet_customers.group_fleet_customers_service_manager",
    "manager": "fleet_customers.group_fleet_customers_manager",
}


def explain(cr, query, **settings):
    """PostgreSQL's plan of ``query`` (an ORM Query), with planner settings
    (``enable_seqscan="off"``...) for this call only: plan tests turn the
    alternatives off so that the answer does not hang on a small test
    database's statistics."""
    previous = {}
    for name, value in settings.items():
        cr.execute(SQL("SELECT current_setting(%s)", name))
        previous[name] = cr.fetchone()[0]
        cr.execute(SQL("SELECT set_config(%s, %s, true)", name, value))
    cr.execute(SQL("EXPLAIN %s", query.select()))
    plan = "\n".join(row[0] for row in cr.fetchall())
    for name, value in previous.items():
        cr.execute(SQL("SELECT set_config(%s, %s, true)", name, value))
    return plan


def capture_queries(function):
    """(function(), the SQL statements it ran, as strings)."""
    queries = []
    thread = threading.current_thread()
    previous = getattr(thread, "query_hooks", ())
    thread.query_hooks = (
        *previous,
        lambda cr, query, *args: queries.append(str(query)),
    )
    try:
        return function(), queries
    finally:
        thread.query_hooks = previous


@tagged("post_install", "-at_install")
class FleetCustomersCase(TransactionCase):
    """Users for every role, and a customer with contacts and business units.

    Tests build their own data: demo records may be absent or edited.
    """

    # These tests live outside the addon (top-level tests/), where Odoo cannot
    # derive the module from the Python package name.
    test_module = "fleet_customers"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=True, no_reset_password=True)
        )
        cls.company = cls.env.company
        cls.company.fleet_customer_ref_required = True
        cls.Partner = cls.env["res.partner"]
        cls.BusinessUnit = cls.env["fleet.business.unit"]
        cls.Segment = cls.env["fleet.customer.segment"]
        cls.segment_dealer = cls.env.ref(
            "fleet_customers.fleet_customer_segment_dealer"
        )
        cls.segment_other = cls.env.ref("fleet_customers.fleet_customer_segment_other")

        def user(login, groups):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=cls.company.id,
                company_ids=[cls.company.id],
            )

        # Odoo's default internal user also has "Contact Creation".
        cls.internal_user = user(
            "fc_internal", "base.group_user,base.group_partner_manager"
        )
        cls.fleet_user = user("fc_user", f"base.group_user,{FLEET_GROUPS['user']}")
        cls.fleet_admin = user("fc_admin", f"base.group_user,{FLEET_GROUPS['admin']}")
        cls.service_manager = user(
            "fc_service_manager", f"base.group_user,{FLEET_GROUPS['service_manager']}"
        )
        cls.fleet_manager = user(
            "fc_manager", f"base.group_user,{FLEET_GROUPS['manager']}"
        )

        cls.customer = cls.create_customer("Atlas Test Rental", "T-0001")
        cls.contact = cls.Partner.create(
            {
                "name": "Claire Test",
                "parent_id": cls.customer.id,
                "type": "contact",
                "email": "claire@atlas.example",
            }
        )
        cls.unit = cls.BusinessUnit.create(
            {"name": "Lyon depot", "code": "LYN", "partner_id": cls.customer.id}
        )

    @classmethod
    def create_customer(cls, name, ref, **values):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "ref": ref,
                "is_fleet_customer": True,
                "is_company": True,
                **values,
            }
        )
