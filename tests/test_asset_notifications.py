from odoo.tests import tagged

from .test_asset_assignment import AssetCase


@tagged("post_install", "-at_install")
class TestAssetNotifications(AssetCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.notified = cls.Partner.create(
            {
                "name": "Nora Notified",
                "parent_id": cls.customer.id,
                "email": "nora@atlas.example",
                "fleet_notify_asset_events": True,
            }
        )
        cls.silent = cls.Partner.create(
            {
                "name": "Sam Silent",
                "parent_id": cls.customer.id,
                "email": "sam@atlas.example",
            }
        )

    def _new_messages(self, customer, before):
        return customer.message_ids.filtered(lambda m: m.id > before)

    def _last_id(self):
        return max(
            self.env["mail.message"].search([], limit=1, order="id desc").ids or [0]
        )

    def test_one_email_per_operation_to_the_contacts_who_asked(self):
        before = self._last_id()
        self.assign(self.excavators[:3])
        messages = self._new_messages(self.customer, before)
        self.assertEqual(len(messages), 1, "one message for the whole operation")
        message = messages
        for excavator in self.excavators[:3]:
            self.assertIn(excavator.name, message.body)
            self.assertIn(excavator.serial_no, message.body)
        self.assertNotIn(self.excavators[3].name, message.body)
        self.assertEqual(message.partner_ids, self.notified)
        self.assertEqual(message.notification_ids.res_partner_id, self.notified)
        self.assertEqual(
            set(message.notification_ids.mapped("notification_type")), {"email"}
        )
        self.assertIn("equipment assigned to you", message.subject)
        mails = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.notified)

    def test_unassign_is_told_too(self):
        assignments = self.assign(self.excavators[:2])
        before = self._last_id()
        assignments._fleet_unassign()
        message = self._new_messages(self.customer, before)
        self.assertEqual(len(message), 1)
        self.assertIn("no longer assigned", message.subject)
        self.assertEqual(message.partner_ids, self.notified)

    def test_transfer_tells_both_customers(self):
        self.assign(self.excavators[0])
        before = self._last_id()
        self.assign(self.excavators[0], self.other_customer, transfer=True)
        self.assertIn(
            "no longer assigned", self._new_messages(self.customer, before).subject
        )
        self.assertIn(
            "assigned to you", self._new_messages(self.other_customer, before).subject
        )

    def test_without_anyone_to_tell_it_is_a_note(self):
        before = self._last_id()
        self.assign(self.excavators[0], self.other_customer)
        message = self._new_messages(self.other_customer, before)
        self.assertEqual(len(message), 1)
        self.assertFalse(message.partner_ids)
        self.assertTrue(message.subtype_id.internal)
        self.assertIn(self.excavators[0].name, message.body)

    def test_french_customer_gets_french_email(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"].search(
            [("name", "=", "fleet_customers")]
        )._update_translations(["fr_FR"])
        self.customer.lang = "fr_FR"
        before = self._last_id()
        self.assign(self.excavators[0])
        message = self._new_messages(self.customer, before)
        self.assertIn("équipement", message.subject.lower())
        self.assertIn(self.excavators[0].name, message.body)
        self.assertNotIn("The following equipment", message.body)
