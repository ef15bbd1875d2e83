from collections import defaultdict

from odoo import fields, models

# kind: (model, field holding what the deactivation changed)
LINE_KINDS = {
    "site": ("res.partner", "active"),
    "contract": ("fleet.customer.contract", "state"),
    "work_order": ("maintenance.request", "stage_id"),
    "task": ("project.task", "state"),
}


def value_key(record, fname):
    """The value of ``fname`` of ``record`` as a line stores it (text)."""
    value = record[fname]
    if isinstance(value, models.BaseModel):
        return str(value.id or "")
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value or "")


class FleetCustomerDeactivationLine(models.Model):
    """A record a deactivation changed, and the value it had before."""

    _name = "fleet.customer.deactivation.line"
    _description = "Record Changed by a Deactivation"
    _order = "deactivation_id, kind, id"

    deactivation_id = fields.Many2one(
        "fleet.customer.deactivation",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    customer_id = fields.Many2one(
        "res.partner",
        required=True,
        readonly=True,
        index=True,
        context={"active_test": False},
    )
    kind = fields.Selection(
        [
            ("site", "Site"),
            ("contract", "Contract"),
            ("work_order", "Work Order"),
            ("task", "Task"),
        ],
        required=True,
        readonly=True,
    )
    res_model = fields.Char(string="Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Record", model_field="res_model", required=True, readonly=True
    )
    previous_value = fields.Char(
        readonly=True,
        help="The active flag, state or stage id the record had before.",
    )
    new_value = fields.Char(
        readonly=True,
        help="What the deactivation set: a record whose value differs now was "
        "changed since, and a reactivation leaves it alone.",
    )
    outcome = fields.Selection(
        [
            ("restored", "Restored"),
            ("kept", "Not Restored"),
            ("changed", "Changed Since, Left Alone"),
        ],
        readonly=True,
    )
    company_id = fields.Many2one(
        related="deactivation_id.company_id", store=True, index=True
    )

    def _fleet_records_by_model(self):
        """{kind: the changed records of that kind}, archived ones included.

        sudo: the lines are the deactivation's own trail; whoever acts on
        them was checked as a Service Manager of their companies."""
        ids = defaultdict(list)
        for line in self:
            ids[line.kind].append(line.res_id)
        return {
            kind: self.env[LINE_KINDS[kind][0]]
            .sudo()
            .with_context(active_test=False)
            .browse(ids[kind])
            for kind in LINE_KINDS
            if ids[kind]
        }

    def _fleet_line_records(self):
        """{line: its record}, for the records that still exist; the
        records of a kind share one prefetch (one query per kind)."""
        by_id = {}
        for kind, records in self._fleet_records_by_model().items():
            for record in records.exists():
                by_id[kind, record.id] = record
        return {
            line: by_id[line.kind, line.res_id]
            for line in self
            if (line.kind, line.res_id) in by_id
        }

    def _fleet_is_unchanged(self, record):
        """Whether ``record`` still has the value this deactivation set."""
        return value_key(record, LINE_KINDS[self.kind][1]) == self.new_value

    def _fleet_log(self, note, restore=False):
        """Log ``note`` on every record of ``self``, one batch per model,
        with Odoo's tracking values of the field the deactivation changed
        (before -> after, or back with ``restore``) when the model tracks it.

        The cascade writes with tracking disabled: Odoo's tracking posts one
        message per record (a dozen queries each, and a notification to the
        followers), which made a 20,000-record cascade take minutes. Here
        the same tracking values hang under one note per record, created in
        one batch per model (bench/RESULTS.md).
        """
        Tracking = self.env["mail.tracking.value"].sudo()
        tracking_values = []
        records_by_kind = self._fleet_records_by_model()
        lines_by_key = {(line.kind, line.res_id): line for line in self}
        for kind, records in records_by_kind.items():
            records = records.exists()
            if not records:
                continue
            messages = records._message_log_batch(dict.fromkeys(records.ids, note))
            fname = LINE_KINDS[kind][1]
            if fname not in records._track_get_fields():
                continue
            col_info = records.fields_get(
                [fname], attributes=("string", "type", "selection")
            )[fname]
            for record, message in zip(records, messages, strict=True):
                line = lines_by_key[kind, record.id]
                before, after = (
                    line._fleet_typed(line.previous_value),
                    line._fleet_typed(line.new_value),
                )
                if restore:
                    before, after = after, before
                values = Tracking._create_tracking_values(
                    before, after, fname, col_info, record
                )
                values["mail_message_id"] = message.id
                tracking_values.append(values)
        if tracking_values:
            Tracking.create(tracking_values)

    def _fleet_typed(self, value):
        """A value as stored on a line, typed for its record's field."""
        model, fname = LINE_KINDS[self.kind]
        field = self.env[model]._fields[fname]
        if field.type == "boolean":
            return value == "1"
        if field.type == "many2one":
            return self.env[field.comodel_name].browse(int(value) if value else ())
        return value or False

    def _fleet_restore(self):
        """Put each record back to its previous value, one write per kind
        and value, unless it was changed since the deactivation (its value
        is no longer what the deactivation set, or it is gone).

        :return: (restored lines, lines left alone)
        """
        # Ids in lists, browsed once: |= in the loop is quadratic (4.7 s of
        # a 20,000-line reactivation).
        restored_ids, changed_ids = [], []
        groups = defaultdict(list)
        records = self._fleet_line_records()
        for line in self:
            record = records.get(line)
            if not record or not line._fleet_is_unchanged(record):
                changed_ids.append(line.id)
            else:
                groups[line.kind, line.previous_value].append(line)
        for (kind, previous_value), lines in groups.items():
            model, fname = LINE_KINDS[kind]
            value = lines[0]._fleet_typed(previous_value)
            if isinstance(value, models.BaseModel):
                value = value.id
            # sudo: see _fleet_records_by_model. Tracking: see _fleet_log.
            self.env[model].sudo().with_context(
                active_test=False, tracking_disable=True
            ).browse([line.res_id for line in lines]).write({fname: value})
            restored_ids.extend(line.id for line in lines)
        restored, changed = self.browse(restored_ids), self.browse(changed_ids)
        return restored, changed
