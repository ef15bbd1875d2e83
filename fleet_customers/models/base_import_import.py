from odoo import models


class BaseImportImport(models.TransientModel):
    _inherit = "base_import.import"

    def execute_import(self, fields, columns, options, dryrun=False):
        """Tell the imports matched on customer numbers (fleet.import.mixin)
        whether this is a Test, and which line of the file the data starts
        at, so that they report what would happen, line by line."""
        first_line = (options.get("skip") or 0) + (
            2 if options.get("has_headers") else 1
        )
        return super(
            BaseImportImport,
            self.with_context(
                fleet_import_dryrun=dryrun, fleet_import_first_line=first_line
            ),
        ).execute_import(fields, columns, options, dryrun=dryrun)
