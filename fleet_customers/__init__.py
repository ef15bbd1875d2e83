from odoo.tools import SQL

from . import models
from .models.account_move import OPEN_INVOICE_INDEX
from .models.res_partner_short_search import NGRAMS_FUNCTION_NAME
from . import wizards
from . import controllers


def uninstall_hook(env):
    """Cancel the addon's jobs still waiting (their models are about to go,
    and the job runner would only fail them), and drop the indexes it put
    on Odoo's own columns."""
    env["queue.job"].search(
        [
            ("model_name", "in", ("fleet.asset.event",)),
            ("state", "in", ("wait_dependencies", "pending", "enqueued", "failed")),
        ]
    ).button_cancelled()
    # Dropping the addon's columns drops their indexes, not these, which sit
    # on Odoo's columns only (see ResPartner._fleet_create_dropdown_indexes).
    for index in [*env["res.partner"]._fleet_dropdown_indexes(), OPEN_INVOICE_INDEX]:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
    # The short terms' indexes would go with is_fleet_customer, their
    # condition; the function they are built with would stay.
    for index in env["res.partner"]._fleet_ngram_indexes():
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
    env.cr.execute(SQL("DROP FUNCTION IF EXISTS %s", SQL(NGRAMS_FUNCTION_NAME)))
