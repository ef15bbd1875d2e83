"""Imports matched on customer numbers, on top of Odoo's own import.

Odoo's ``load()`` (behind base_import, CSV and XLSX, column mapping, saved
mappings, Test) creates a record for every row unless the row carries an
external or database id. A dealer management system (DMS) knows none of
those: its key is the customer number. The models that inherit this mixin
replace ``load()`` for such files, keeping Odoo's parsing and conversion of
the cells (segment by name, country by name or code, tags...) and its
message format, and adding what a weekly re-import needs:

- each row is matched on its key (the customer number, or a contact's or a
  business unit's key under their customer's number), per company;
- a matched row writes only the mapped columns that differ; an identical
  row writes nothing (and is counted as unchanged);
- rows that cannot be imported are refused with their line and reason;
- the file is all or nothing, whatever base_import's batch size: one
  refused row and nothing is written;
- a Test (dry run) reports what would happen: created, updated,
  unchanged, skipped.

Creates go in one ``create()`` and the reads of matched records in one
fetch per model, so that the number of queries per row stays constant
(bench/import_customers.py). Everything goes through the ORM as the
importing user: the rules of ``create()``/``write()`` and the record rules
apply as on any other path.
"""

import dataclasses

import psycopg2

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools.lru import LRU


@dataclasses.dataclass(eq=False)
class ImportRow:
    """One row of the file, as it goes through the import."""

    index: int  # position of the row in the data (0 = first data row)
    line: int  # line of the file, as a spreadsheet numbers it
    vals: dict  # the converted values of the mapped columns
    record: models.BaseModel = None  # the record the row creates or updates
    changes: dict = None  # for a matched record, the columns that differ
    error: str = ""  # why the row is refused
    warning: str = ""  # why the row is skipped (reported, not refused)
    dbid: int = 0
    xid: str = ""


class FleetImportMixin(models.AbstractModel):
    _name = "fleet.import.mixin"
    _description = "Import Matched on Customer Numbers"

    # ------------------------------------------------------------------
    # Hooks of the inheriting models
    # ------------------------------------------------------------------

    @api.model
    def _fleet_import_applies(self, fields):
        """Whether ``load(fields, ...)`` is an import matched on keys."""
        return False

    @api.model
    def _fleet_import_fix(self, rows, messages):
        """Correct what Odoo's cell-by-cell conversion cannot know (a value
        that depends on another column of the row); ``messages`` holds the
        conversion's messages, which may be edited."""

    @api.model
    def _fleet_import_check(self, fields):
        """Raise when the user may not import, or the file cannot be
        matched (a key column is not mapped)."""

    @api.model
    def _fleet_import_match(self, rows, fields):
        """Set ``row.record`` of each row matching an existing record (rows
        carrying an external or database id have it already), ``row.error``
        or ``row.warning`` of the rows that cannot be imported, and
        complete ``row.vals`` of the rows to create."""
        raise NotImplementedError

    # ------------------------------------------------------------------
    # load()
    # ------------------------------------------------------------------

    @api.model
    def load(self, fields, data):
        if not self._fleet_import_applies(fields):
            return super().load(fields, data)
        return self._fleet_import(fields, data)

    @api.model
    def _fleet_import(self, fields, data):
        self._fleet_import_check(fields)
        self.env.flush_all()
        context = self.env.context
        first_line = context.get("fleet_import_first_line", 1)
        dry_run = context.get("fleet_import_dryrun", False)
        messages = []
        savepoint = self.env.cr.savepoint(flush=False)

        rows = self._fleet_import_rows(fields, data, first_line, messages)
        self._fleet_import_fix(rows, messages)
        self._fleet_import_resolve_ids(rows)
        self._fleet_import_match([row for row in rows if not row.error], fields)
        todo = [row for row in rows if not (row.error or row.warning)]
        to_create = [row for row in todo if not row.record]
        to_update = []
        if matched := [row for row in todo if row.record]:
            records = self.browse([row.record.id for row in matched])
            records.fetch({fname for row in matched for fname in row.vals})
            for row in matched:
                row.changes = row.record._fleet_import_changes(row.vals)
                if row.changes:
                    to_update.append(row)
        # Saved even when other rows were refused, to report every row the
        # model refuses too (invalid email...); rolled back below then.
        self._fleet_import_save(to_create + to_update)

        for row in rows:
            if row.error:
                messages.append(self._fleet_import_message(row, "error", row.error))
        if any(message["type"] == "error" for message in messages):
            savepoint.close(rollback=True)
            self.env.invalidate_all()
            self.pool.reset_changes()
            return {"ids": False, "messages": messages, "nextrow": 0}
        savepoint.close(rollback=False)

        skipped = [row for row in rows if row.warning]
        summary = {
            "created": len(to_create),
            "updated": len(to_update),
            "unchanged": len(todo) - len(to_create) - len(to_update),
            "skipped": [{"line": row.line, "message": row.warning} for row in skipped],
        }
        if dry_run:
            # base_import shows the messages of a Test: the counts first,
            # then each skipped row.
            messages.append({"type": "info", "message": self._fleet_summary(summary)})
            messages.extend(
                self._fleet_import_message(row, "warning", row.warning)
                for row in skipped
            )
        return {
            "ids": [row.record.id for row in todo],
            "messages": messages,
            "nextrow": 0,
            "fleet_import": summary,
        }

    @api.model
    def _fleet_import_rows(self, fields, data, first_line, messages):
        """The file's rows, parsed and converted by Odoo's own import."""
        paths = [models.fix_import_export_id_paths(fname) for fname in fields]
        # The converter resolves external ids through these (see load()).
        converter_env = self.with_context(
            import_flush=lambda **kw: None,
            import_cache=LRU(1024),
            fleet_import_ids={},  # see ir_fields_converter.py
        )
        failed = set()

        def log(message):
            row_index = message.get("rows", {}).get("from", 0)
            if message["type"] == "error":
                failed.add(row_index)
            message["record"] = first_line + row_index
            messages.append(message)

        extracted = converter_env._extract_records(paths, data, log=log)
        converted = converter_env._convert_records(extracted, log=log)
        skip_if_empty = self.env.context.get("import_skip_records") or []
        rows = []
        for dbid, xid, vals, info in converted:
            if any(vals.get(fname) is None for fname in skip_if_empty):
                continue
            index = info["rows"]["from"]
            if index in failed:
                continue  # Odoo's conversion said why (unknown segment...)
            rows.append(
                ImportRow(
                    index=index,
                    line=first_line + index,
                    vals=vals,
                    dbid=dbid or 0,
                    xid=xid or "",
                )
            )
        return rows

    @api.model
    def _fleet_import_resolve_ids(self, rows):
        """Rows carrying an external or database id (an Odoo export
        re-imported) update that record, whatever their key says."""
        for row in rows:
            if row.dbid:
                row.record = self.browse(row.dbid)
        xids = {
            row.xid if "." in row.xid else f"__import__.{row.xid}"
            for row in rows
            if row.xid
        }
        if not xids:
            return
        found = {
            f"{module}.{name}": res_id
            for __, module, name, __, res_id, __, __ in self.env[
                "ir.model.data"
            ]._lookup_xmlids(xids, self)
        }
        readable = set(self.browse(found.values())._filtered_access("read").ids)
        for row in rows:
            if not row.xid:
                continue
            res_id = found.get(row.xid if "." in row.xid else f"__import__.{row.xid}")
            if res_id in readable:
                row.record = self.browse(res_id)
            else:
                # Records of a company the user may not read are not told apart
                # from missing ones.
                row.error = self.env._(
                    "External ID %(xid)s matches no record: remove the External "
                    "ID column to match the rows on their customer number.",
                    xid=row.xid,
                )

    def _fleet_import_changes(self, vals):
        """The values of ``vals`` that differ from this record's."""
        self.ensure_one()
        changes = {}
        for fname, value in vals.items():
            field = self._fields[fname]
            new = field.convert_to_cache(value, self, validate=False)
            old = field.convert_to_cache(self[fname], self, validate=False)
            if field.type in ("one2many", "many2many"):
                differs = set(new or ()) != set(old or ())
            elif field.type in ("char", "text", "html"):
                differs = (new or "") != (old or "")
            else:
                differs = (new or False) != (old or False)
            if differs:
                changes[fname] = value
        return changes

    @api.model
    def _fleet_import_match_keys(self, keyed, row_key, existing, repeated):
        """Match each (row, customer) of ``keyed`` to the record of
        ``existing`` ({key: record}) that has its key. A key already on an
        earlier line refuses the row: ``repeated(customer, line)`` says so.
        ``row_key(customer, row)`` returns None for a row it refused."""
        seen = {}
        for row, customer in keyed:
            key = row_key(customer, row)
            if key is None:
                continue
            if key in seen:
                row.error = repeated(customer, seen[key])
                continue
            seen[key] = row.line
            row.record = existing.get(key)

    @api.model
    def _fleet_import_save(self, rows):
        """Create and write ``rows``; refuse the rows at fault.

        Everything is tried at once; when that fails, the rows are split in
        halves until the faulty ones are found (a few bad rows among 10,000
        cost a few dozen tries, not 10,000)."""
        creates = [row for row in rows if not row.record]
        try:
            with self.env.cr.savepoint():
                records = self.create([row.vals for row in creates])
                for row, record in zip(creates, records, strict=True):
                    row.record = record
                for row in rows:
                    if row not in creates:
                        row.record.write(row.changes)
            return
        except (UserError, psycopg2.Error) as error:
            for row in creates:
                row.record = None  # rolled back with the savepoint
            if len(rows) == 1:
                rows[0].error = self._fleet_import_error_text(error)
                return
        half = len(rows) // 2
        self._fleet_import_save(rows[:half])
        self._fleet_import_save(rows[half:])

    @api.model
    def _fleet_import_error_text(self, error):
        if isinstance(error, psycopg2.Error):
            return self.env._(
                "The database refused the row: %(error)s",
                error=(error.diag.message_primary or str(error)),
            )
        return str(error.args[0]) if error.args else str(error)

    @api.model
    def _fleet_import_message(self, row, kind, text):
        # The shape of load()'s messages, which base_import shows; "record"
        # is the line of the file the user sees in a spreadsheet.
        return {
            "type": kind,
            "message": text,
            "record": row.line,
            "rows": {"from": row.index, "to": row.index},
        }

    @api.model
    def _fleet_summary(self, summary):
        text = self.env._(
            "Test: %(created)s to create, %(updated)s to update, "
            "%(unchanged)s unchanged.",
            created=summary["created"],
            updated=summary["updated"],
            unchanged=summary["unchanged"],
        )
        if summary["skipped"]:
            text += " " + self.env._(
                "%(count)s rows skipped (see below).",
                count=len(summary["skipped"]),
            )
        return text
