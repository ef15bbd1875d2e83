from odoo import api, models


class IrFieldsConverter(models.AbstractModel):
    _inherit = "ir.fields.converter"

    @api.model
    def db_id_for(self, model, field, subfield, value):
        """Within an import matched on customer numbers (fleet.import.mixin),
        each segment, country, state or tag name is looked up once per file,
        not once per row: 10,000 rows of the same three segments cost three
        name searches."""
        cache = self.env.context.get("fleet_import_ids")
        if cache is None:
            return super().db_id_for(model, field, subfield, value)
        key = (field.comodel_name, field.name, subfield, value)
        if key not in cache:
            cache[key] = super().db_id_for(model, field, subfield, value)
        record_id, field_type, warnings = cache[key]
        return record_id, field_type, list(warnings)
