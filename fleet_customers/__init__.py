from odoo.tools import SQL

from . import models
from .models.account_move import OPEN_INVOICE_INDEX
from .models.res_partner import (
    DROPDOWN_TEXT_COLUMN,
    PARTNER_TEXT_COLUMN,
    RANK_ORDER_INDEX,
)
from .models.res_partner_name_search import PARTNER_TEXT_STATISTICS
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
    # on Odoo's columns only (see ResPartner._fleet_create_dropdown_indexes),
    # nor the function the short terms' indexes and statistics are built
    # with: those go first, then the function.
    partners = env["res.partner"]
    for index in [
        *partners._fleet_dropdown_indexes(),
        *partners._fleet_ngram_indexes(),
        RANK_ORDER_INDEX,
        OPEN_INVOICE_INDEX,
    ]:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
    for statistics in [*partners._fleet_ngram_statistics(), PARTNER_TEXT_STATISTICS]:
        env.cr.execute(SQL("DROP STATISTICS IF EXISTS %s", SQL.identifier(statistics)))
    env.cr.execute(SQL("DROP FUNCTION IF EXISTS %s", SQL(NGRAMS_FUNCTION_NAME)))
    # No field of the addon declares the dropdown texts: their columns (and
    # with them their indexes, the customer-rank order's too) go here.
    for column in (DROPDOWN_TEXT_COLUMN, PARTNER_TEXT_COLUMN):
        env.cr.execute(
            SQL(
                "ALTER TABLE res_partner DROP COLUMN IF EXISTS %s",
                SQL.identifier(column),
            )
        )
