from odoo.exceptions import AccessError

from .common import FleetCustomersCase

ALLOWED, DENIED = True, False


class TestAccessMatrix(FleetCustomersCase):
    """Each role against read/create/write/unlink on customers, contacts,
    business units and segments. Every cell is asserted, the allowed ones
    included, so a rule that is too wide fails as surely as one too narrow."""

    MATRIX = {
        # role: {object: (read, create, write, unlink)}
        "internal_user": {
            "customer": (ALLOWED, DENIED, DENIED, DENIED),
            "contact": (ALLOWED, DENIED, DENIED, DENIED),
            "business_unit": (DENIED, DENIED, DENIED, DENIED),
            "segment": (ALLOWED, DENIED, DENIED, DENIED),
        },
        "fleet_user": {
            "customer": (ALLOWED, DENIED, DENIED, DENIED),
            "contact": (ALLOWED, DENIED, DENIED, DENIED),
            "business_unit": (ALLOWED, DENIED, DENIED, DENIED),
            "segment": (ALLOWED, DENIED, DENIED, DENIED),
        },
        "fleet_admin": {
            "customer": (ALLOWED, ALLOWED, ALLOWED, DENIED),
            "contact": (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
            "business_unit": (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
            "segment": (ALLOWED, DENIED, DENIED, DENIED),
        },
        "service_manager": {
            "customer": (ALLOWED, ALLOWED, ALLOWED, DENIED),
            "contact": (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
            "business_unit": (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
            "segment": (ALLOWED, DENIED, DENIED, DENIED),
        },
        "fleet_manager": {
            "customer": (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
            "contact": (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
            "business_unit": (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
            "segment": (ALLOWED, ALLOWED, ALLOWED, ALLOWED),
        },
    }

    def _targets(self):
        """Fresh records per cell, so that an unlink in one cell does not
        hide the outcome of the next."""
        customer = self.create_customer("Matrix Customer", f"M-{self._cell}")
        contact = self.Partner.create(
            {"name": "Matrix Contact", "parent_id": customer.id, "type": "contact"}
        )
        unit = self.BusinessUnit.create(
            {"name": "Matrix Unit", "code": "MU", "partner_id": customer.id}
        )
        segment = self.Segment.create(
            {"name": "Matrix Segment", "code": f"matrix_{self._cell}"}
        )
        return {
            "customer": (
                customer,
                lambda: {
                    "name": "New Customer",
                    "ref": f"N-{self._cell}",
                    "is_fleet_customer": True,
                    "is_company": True,
                },
            ),
            "contact": (
                contact,
                lambda: {
                    "name": "New Contact",
                    "parent_id": customer.id,
                    "type": "contact",
                },
            ),
            "business_unit": (
                unit,
                lambda: {"name": "New Unit", "code": "NU", "partner_id": customer.id},
            ),
            "segment": (
                segment,
                lambda: {"name": "New Segment", "code": f"new_{self._cell}"},
            ),
        }

    def _attempt(self, user, record, operation, create_values):
        as_user = record.with_user(user)
        if operation == "read":
            as_user.invalidate_recordset()
            as_user.read(["name"])
        elif operation == "create":
            as_user.create(create_values())
        elif operation == "write":
            as_user.write({"name": "Renamed"})
        else:
            as_user.unlink()

    def test_access_matrix(self):
        self._cell = 0
        for role, objects in self.MATRIX.items():
            user = getattr(self, role)
            for obj, expectations in objects.items():
                for operation, allowed in zip(
                    ("read", "create", "write", "unlink"), expectations, strict=False
                ):
                    self._cell += 1
                    record, create_values = self._targets()[obj]
                    with self.subTest(
                        role=role, object=obj, operation=operation, allowed=allowed
                    ):
                        if allowed:
                            self._attempt(user, record, operation, create_values)
                        else:
                            with self.assertRaises(AccessError):
                                self._attempt(user, record, operation, create_values)

    def test_refusal_says_which_role_is_needed(self):
        with self.assertRaises(AccessError) as caught:
            self.customer.with_user(self.internal_user).write({"name": "Hijacked"})
        self.assertIn("Fleet Admin", str(caught.exception))
        with self.assertRaises(AccessError) as caught:
            self.customer.with_user(self.fleet_admin).unlink()
        self.assertIn("administrator", str(caught.exception))

    def test_internal_user_keeps_ordinary_contacts(self):
        """Odoo's own contacts stay as editable as before the addon."""
        plain = self.Partner.with_user(self.internal_user).create(
            {"name": "Plain Company"}
        )
        plain.write({"city": "Nantes"})
        self.Partner.with_user(self.internal_user).create(
            {"name": "Plain Person", "parent_id": plain.id}
        )
        plain.unlink()

    def test_record_rules_hold_without_the_python_check(self):
        """The record rules are the guard; the Python check only words it.
        Bypass the Python layer and the database-level rule still refuses."""
        as_user = self.customer.with_user(self.internal_user)
        with self.assertRaises(AccessError):
            as_user.check_access("write")
        with self.assertRaises(AccessError):
            self.customer.with_user(self.fleet_admin).check_access("unlink")
        self.contact.with_user(self.fleet_admin).check_access("unlink")
        self.customer.with_user(self.fleet_manager).check_access("unlink")
