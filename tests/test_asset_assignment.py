from datetime import date

import psycopg2
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user
from odoo.tools import mute_logger

from .common import FleetCustomersCase


class AssetCase(FleetCustomersCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Assignment = cls.env["fleet.asset.assignment"]
        cls.Equipment = cls.env["maintenance.equipment"]
        cls.category = cls.env["maintenance.equipment.category"].create(
            {"name": "Excavators"}
        )
        cls.excavators = cls.Equipment.create(
            [
                {
                    "name": f"Excavator {i}",
                    "serial_no": f"EXC-{i:03}",
                    "model": "EX-200",
                    "category_id": cls.category.id,
                }
                for i in range(1, 5)
            ]
        )
        cls.other_customer = cls.create_customer("Bravo Lifts", "T-0002")

    def assign(self, equipment, customer=None, user=None, **kwargs):
        Assignment = self.Assignment.with_user(user) if user else self.Assignment
        return Assignment._fleet_assign(
            equipment.with_env(Assignment.env),
            (customer or self.customer).with_env(Assignment.env),
            **kwargs,
        )


class TestAssetAssignment(AssetCase):
    def test_assign_many_at_once(self):
        assignments = self.assign(
            self.excavators[:3],
            business_unit=self.unit,
            date_start=date(2026, 3, 1),
            relation="rented",
        )
        self.assertEqual(len(assignments), 3)
        self.assertRecordValues(
            self.excavators[:3],
            [
                {
                    "fleet_customer_id": self.customer.id,
                    "fleet_business_unit_id": self.unit.id,
                    "fleet_assigned_since": date(2026, 3, 1),
                }
            ]
            * 3,
        )
        self.assertFalse(self.excavators[3].fleet_customer_id)
        self.assertRecordValues(
            assignments,
            [
                {
                    "partner_id": self.customer.id,
                    "relation": "rented",
                    "date_start": date(2026, 3, 1),
                    "date_end": False,
                    "is_current": True,
                    "segment_id": self.customer.fleet_segment_id.id,
                    "category_id": self.category.id,
                }
            ]
            * 3,
        )
        self.assertEqual(self.customer.fleet_asset_count, 3)
        # A form's onchange counts them for the customer it edits.
        self.assertEqual(self.customer.new(origin=self.customer).fleet_asset_count, 3)
        self.assertEqual(self.customer.fleet_current_assignment_ids, assignments)
        self.assertEqual(
            self.Equipment.search([("fleet_customer_id", "=", self.customer.id)]),
            self.excavators[:3],
        )

    def test_unassign_closes_and_keeps_history(self):
        assignments = self.assign(self.excavators[:2], date_start=date(2026, 1, 10))
        assignments[0]._fleet_unassign(date(2026, 2, 1))
        self.assertRecordValues(
            assignments[0], [{"date_end": date(2026, 2, 1), "is_current": False}]
        )
        self.assertTrue(assignments[0].exists())
        self.assertFalse(assignments[0].equipment_id.fleet_customer_id)
        self.assertEqual(assignments[1].equipment_id.fleet_customer_id, self.customer)
        self.assertEqual(self.customer.fleet_asset_count, 1)
        self.assertEqual(
            assignments[0].equipment_id.fleet_assignment_ids, assignments[0]
        )
        with self.assertRaises(UserError):
            assignments[0]._fleet_unassign(date(2026, 3, 1))

    def test_history_across_customers(self):
        excavator = self.excavators[0]
        first = self.assign(excavator, date_start=date(2025, 1, 1))
        first._fleet_unassign(date(2025, 6, 1))
        second = self.assign(
            excavator, self.other_customer, date_start=date(2025, 6, 1)
        )
        self.assertEqual(excavator.fleet_assignment_ids, first | second)
        self.assertEqual(excavator.fleet_customer_id, self.other_customer)

        def held(day):
            return self.Assignment.search(
                [("equipment_id", "=", excavator.id), ("held_on", "=", day)]
            )

        self.assertEqual(held(date(2025, 5, 31)), first)
        self.assertEqual(held(date(2025, 6, 1)), second)
        self.assertFalse(held(date(2024, 12, 31)))

    def test_already_assigned_is_refused_naming_the_holder(self):
        self.assign(self.excavators[0], date_start=date(2026, 1, 5))
        with self.assertRaises(UserError) as caught:
            self.assign(self.excavators, self.other_customer)
        message = str(caught.exception)
        self.assertIn("Atlas Test Rental", message)
        self.assertIn("Transfer", message)
        # Nothing written: the free excavators were not assigned either.
        self.assertFalse(self.excavators[1:].fleet_customer_id)
        self.assertEqual(self.excavators[0].fleet_customer_id, self.customer)
        self.assertEqual(
            self.Assignment.search_count([("partner_id", "=", self.other_customer.id)]),
            0,
        )

    def test_transfer_closes_old_and_opens_new(self):
        old = self.assign(self.excavators[0], date_start=date(2026, 1, 5))
        new = self.assign(
            self.excavators[:2],
            self.other_customer,
            date_start=date(2026, 4, 1),
            transfer=True,
        )
        self.assertRecordValues(
            old, [{"date_end": date(2026, 4, 1), "is_current": False}]
        )
        self.assertEqual(self.excavators[:2].fleet_customer_id, self.other_customer)
        self.assertEqual(new.mapped("date_start"), [date(2026, 4, 1)] * 2)
        self.assertEqual(self.customer.fleet_asset_count, 0)

    def test_transfer_before_the_current_start_is_refused(self):
        old = self.assign(self.excavators[0], date_start=date(2026, 4, 1))
        with self.assertRaises(ValidationError):
            self.assign(
                self.excavators[0],
                self.other_customer,
                date_start=date(2026, 3, 1),
                transfer=True,
            )
        self.assertTrue(old.is_current)
        self.assertEqual(self.excavators[0].fleet_customer_id, self.customer)

    def test_bad_input_is_refused_and_nothing_written(self):
        plain = self.Partner.create({"name": "Not a fleet customer"})
        archived = self.create_customer("Closed Ltd", "T-0009")
        archived.action_archive()
        other_unit = self.BusinessUnit.create(
            {"name": "Bravo unit", "partner_id": self.other_customer.id}
        )
        cases = [
            ({"customer": plain}, ValidationError, "not a fleet customer"),
            ({"customer": archived}, ValidationError, "deactivated"),
            ({"business_unit": other_unit}, ValidationError, "belongs to Bravo Lifts"),
        ]
        for kwargs, error, text in cases:
            with self.subTest(text=text), self.assertRaises(error) as caught:
                self.assign(self.excavators, kwargs.pop("customer", None), **kwargs)
            self.assertIn(text, str(caught.exception))
        self.assertFalse(
            self.Assignment.search([("equipment_id", "in", self.excavators.ids)])
        )
        assignment = self.assign(self.excavators[0], date_start=date(2026, 5, 1))
        with self.assertRaises(ValidationError):
            assignment._fleet_unassign(date(2026, 4, 30))
        self.assertTrue(assignment.is_current)

    def test_database_refuses_overlaps_and_second_open_assignment(self):
        excavator = self.excavators[0]
        self.assign(excavator, date_start=date(2026, 1, 1))
        # create() refuses it first, with a message for people...
        with self.assertRaisesRegex(UserError, "already assigned to"):
            self.Assignment.create(
                {
                    "equipment_id": excavator.id,
                    "partner_id": self.other_customer.id,
                    "date_start": date(2026, 2, 1),
                }
            )
        # ...and the database refuses it whatever path skips the checks.
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ExclusionViolation),
        ):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "INSERT INTO fleet_asset_assignment "
                    "(equipment_id, partner_id, relation, date_start) "
                    "VALUES (%s, %s, 'owned', '2026-02-01')",
                    [excavator.id, self.other_customer.id],
                )
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ExclusionViolation),
        ):
            with self.env.cr.savepoint():
                # A closed period that overlaps the open one.
                self.Assignment.create(
                    {
                        "equipment_id": excavator.id,
                        "partner_id": self.other_customer.id,
                        "date_start": date(2025, 12, 1),
                        "date_end": date(2026, 1, 15),
                    }
                )
                self.env.flush_all()
        # Back to back is fine: [Dec 1, Jan 1) then [Jan 1, ...).
        self.Assignment.create(
            {
                "equipment_id": excavator.id,
                "partner_id": self.other_customer.id,
                "date_start": date(2025, 12, 1),
                "date_end": date(2026, 1, 1),
            }
        )
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.CheckViolation),
        ):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE fleet_asset_assignment SET date_end = '2025-01-01' "
                    "WHERE equipment_id = %s AND date_end IS NULL",
                    [excavator.id],
                )

    def test_equipment_fields_follow_orm_edits_too(self):
        assignment = self.assign(self.excavators[0])
        assignment.write({"date_end": fields.Date.context_today(assignment)})
        self.assertFalse(self.excavators[0].fleet_customer_id)

    def test_query_count_does_not_grow_with_the_number_of_assets(self):
        many = self.Equipment.create([{"name": f"Crane {i}"} for i in range(62)])

        def queries(equipment, customer):
            self.env.invalidate_all()
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.assign(equipment, customer)
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        # The first operation on a customer loads templates and followers.
        queries(many[0], self.customer)
        queries(many[1], self.other_customer)
        few = queries(many[2:5], self.customer)
        lots = queries(many[5:], self.customer)
        self.assertEqual(
            few, lots, "assigning 57 assets must cost the same queries as 3"
        )


class TestAssetRights(AssetCase):
    def test_fleet_admin_assigns_and_unassigns(self):
        assignment = self.assign(self.excavators[0], user=self.fleet_admin)
        assignment.with_user(self.fleet_admin)._fleet_unassign()
        self.assertFalse(self.excavators[0].fleet_customer_id)

    def test_readers_cannot_assign(self):
        for user in (self.fleet_user, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.assign(self.excavators[0], user=user)
        assignment = self.assign(self.excavators[0])
        with self.assertRaises(AccessError):
            assignment.with_user(self.fleet_user)._fleet_unassign()
        # Users read the history.
        assignment.with_user(self.fleet_user).read(["partner_id", "date_start"])
        self.assertEqual(
            self.excavators[0].with_user(self.fleet_user).fleet_customer_id,
            self.customer,
        )

    def test_equipment_managers_keep_their_rights(self):
        manager = new_test_user(
            self.env,
            login="eq_manager",
            groups="base.group_user,maintenance.group_equipment_manager",
        )
        excavator = self.excavators[0].with_user(manager)
        excavator.write({"name": "Excavator 1 (renamed)"})
        self.Equipment.with_user(manager).create({"name": "New crane"})
        with self.assertRaises(AccessError):
            self.assign(self.excavators[1], user=manager)

    def test_history_cannot_be_deleted_by_fleet_admins(self):
        assignment = self.assign(self.excavators[0])
        with self.assertRaises(AccessError):
            assignment.with_user(self.fleet_admin).unlink()


class TestAssetWizards(AssetCase):
    def test_assign_wizard_from_the_customer(self):
        action = self.customer.with_user(self.fleet_admin).action_fleet_assign_assets()
        Wizard = (
            self.env[action["res_model"]]
            .with_user(self.fleet_admin)
            .with_context(action["context"])
        )
        with Form(Wizard) as form:
            self.assertEqual(form.partner_id, self.customer)
            form.business_unit_id = self.unit
            form.relation = "serviced"
            form.equipment_ids.add(self.excavators[0])
            form.equipment_ids.add(self.excavators[1])
        form.record.action_assign()
        self.assertEqual(self.excavators[:2].fleet_business_unit_id, self.unit)
        self.assertEqual(
            self.customer.fleet_current_assignment_ids.mapped("relation"),
            ["serviced", "serviced"],
        )

    def test_assign_wizard_from_equipment_warns_and_transfers(self):
        self.assign(
            self.excavators[0], self.other_customer, date_start=date(2026, 1, 1)
        )
        action = self.excavators[:2].action_fleet_assign()
        wizard = (
            self.env[action["res_model"]]
            .with_context(action["context"])
            .create({"partner_id": self.customer.id})
        )
        self.assertEqual(wizard.equipment_ids, self.excavators[:2])
        self.assertEqual(wizard.held_elsewhere_ids, self.excavators[0])
        with self.assertRaises(UserError):
            wizard.action_assign()
        wizard.transfer = True
        wizard.action_assign()
        self.assertEqual(self.excavators[:2].fleet_customer_id, self.customer)

    def test_unassign_wizard_one_or_many(self):
        assignments = self.assign(self.excavators[:3])
        action = self.customer.action_fleet_unassign_assets()
        wizard = (
            self.env[action["res_model"]].with_context(action["context"]).create({})
        )
        self.assertEqual(wizard.assignment_ids, assignments)
        wizard.assignment_ids = assignments[:2]
        wizard.action_unassign()
        self.assertEqual(self.customer.fleet_current_assignment_ids, assignments[2])
        action = assignments[2].action_open_unassign()
        self.env[action["res_model"]].with_context(action["context"]).create(
            {}
        ).action_unassign()
        self.assertEqual(self.customer.fleet_asset_count, 0)

    def test_server_actions_are_bound_for_fleet_admins(self):
        for xmlid, model in (
            (
                "fleet_customers.maintenance_equipment_action_fleet_assign",
                "maintenance.equipment",
            ),
            (
                "fleet_customers.maintenance_equipment_action_fleet_unassign",
                "maintenance.equipment",
            ),
            (
                "fleet_customers.fleet_asset_assignment_action_unassign",
                "fleet.asset.assignment",
            ),
        ):
            action = self.env.ref(xmlid)
            self.assertEqual(action.binding_model_id.model, model)
            self.assertIn(
                self.env.ref("fleet_customers.group_fleet_customers_admin"),
                action.groups_id,
            )
        result = (
            self.env.ref("fleet_customers.maintenance_equipment_action_fleet_assign")
            .with_context(
                active_model="maintenance.equipment", active_ids=self.excavators[:2].ids
            )
            .run()
        )
        self.assertEqual(
            result["context"]["default_equipment_ids"], self.excavators[:2].ids
        )


class TestOverviewAndWarranty(AssetCase):
    def test_segment_counts_from_the_overview(self):
        dealer = self.create_customer(
            "Dealer Co", "T-0050", fleet_segment_id=self.segment_dealer.id
        )
        self.assign(self.excavators[:3], dealer)
        self.assign(self.excavators[3], self.customer)
        counts = dict(
            self.Assignment._read_group(
                [
                    ("is_current", "=", True),
                    ("equipment_id", "in", self.excavators.ids),
                ],
                ["segment_id"],
                ["__count"],
            )
        )
        self.assertEqual(counts[self.segment_dealer], 3)
        self.assertEqual(counts[self.customer.fleet_segment_id], 1)

    @freeze_time("2026-06-15")
    def test_warranty_months_left(self):
        soon, past, none = self.excavators[:3]
        soon.warranty_date = date(2026, 11, 20)
        past.warranty_date = date(2026, 4, 1)
        self.assertRecordValues(
            soon | past | none,
            [
                {"fleet_warranty_months_left": 5, "fleet_warranty_expired": False},
                {"fleet_warranty_months_left": -2, "fleet_warranty_expired": True},
                {"fleet_warranty_months_left": 0, "fleet_warranty_expired": False},
            ],
        )


class TestUnassignOnce(AssetCase):
    def test_an_assignment_ended_by_someone_else_is_not_ended_again(self):
        assignment = self.assign(self.excavators[0], date_start=date(2026, 1, 5))
        assignment.fetch(["date_end"])  # what this user's screen read
        # Meanwhile another transaction ended it (behind this cache).
        self.env.cr.execute(
            "UPDATE fleet_asset_assignment "
            "SET date_end = '2026-02-01', is_current = FALSE WHERE id = %s",
            [assignment.id],
        )
        with self.assertRaisesRegex(UserError, "Another user has just unassigned"):
            assignment._fleet_unassign(date(2026, 3, 1))
        self.env.invalidate_all()
        self.assertEqual(assignment.date_end, date(2026, 2, 1), "the first end stands")

    def test_the_wizard_refuses_an_assignment_ended_meanwhile(self):
        # Two users open Unassign on the same machine; the first one ends it.
        assignment = self.assign(self.excavators[1], date_start=date(2026, 1, 5))
        Wizard = self.env["fleet.asset.unassign.wizard"]
        first = Wizard.create(
            {"assignment_ids": [(6, 0, assignment.ids)], "date_end": date(2026, 2, 1)}
        )
        second = Wizard.create(
            {"assignment_ids": [(6, 0, assignment.ids)], "date_end": date(2026, 3, 1)}
        )
        first.action_unassign()
        self.env.invalidate_all()
        with self.assertRaisesRegex(UserError, "already ended"):
            second.action_unassign()
        self.assertEqual(assignment.date_end, date(2026, 2, 1))
