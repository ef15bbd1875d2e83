"""Partner dropdowns (quotations, invoices, tasks; and those that offer
fleet customers only: work orders, the assign dialog, contracts, business
units...): Odoo's partner name search, served by the addon's indexes.

Odoo ORs ILIKE '%...%' over every column of _rec_names_search. A common
term is found by walking the partners in dropdown order until 8 match,
testing five ILIKEs on each heap row: 40 to 60 ms when the first matches
come after 13,000 partners ("Mining" in customer names; a customer number
prefix in customer-rank order, behind the customers with the most orders;
bench/RESULTS.md). The five values, lowercased by PostgreSQL and joined by
a separator no term holds, are generated columns that indexes carry in
dropdown order: the walk reads an index alone and tests one LIKE per
partner ("Mining": 3.6 ms of SQL at 100,000 customers), and a rare term
reads the column's trigram index. The same search: PostgreSQL's ILIKE in a
UTF-8 database compares lower() of both sides, and a term with no wildcard
and no separator matches the joined text where it matches one of the
values. Other terms (LIKE wildcards), and databases with unaccent, keep the
per-column search.

A rare term of several words reads the trigram index for its rarest word
only, then tests the whole term on the few partners found: the posting
lists of a common word's trigrams are most of a lookup ("contact 1 73026":
6.8 ms of index, "73026": 0.15 ms, among 200,000 contacts named "Contact
N nnnnn"). Which word is rare, the statistics of the joined text's
trigrams say (PostgreSQL 14 and later); a word of a term is in every
partner the term is in, so the same partners are found.

Dropdowns restricted to fleet customers read a column of their own, NULL
on every other partner (DROPDOWN_TEXT_COLUMN): PostgreSQL estimates how
many customers match from that column's statistics, not from all
partners'. From those of all partners, a contact's name ("Contact 1"
matches 100,000 contacts and no customer) looked common, so it walked the
whole customer list for 8 matches it never found (264 ms). Where the text
cannot serve, their per-column search reads each column as "CASE WHEN
is_fleet_customer THEN <column> END", whose trigram indexes
(ResPartner._fleet_dropdown_indexes) keep the customers' statistics too.
"""

import logging
import re

import psycopg2

from odoo import api, models, tools
from odoo.osv import expression
from odoo.tools import SQL, create_index

from .res_partner import (
    DROPDOWN_TEXT_COLUMN,
    DROPDOWN_TEXT_SEPARATOR,
    DROPDOWN_TEXT_SOURCES,
    PARTNER_TEXT_COLUMN,
)

_logger = logging.getLogger(__name__)

# CREATE STATISTICS on an expression.
EXPRESSION_STATISTICS_SERVER_VERSION = 140000
PARTNER_TEXT_STATISTICS = "res_partner_fleet_partner_text_trgm_stats"
# ASCII words, which PostgreSQL lowercases alone as within the term; pg_trgm
# indexes the trigrams of letters and digits.
ASCII_WORD = re.compile(r"[A-Za-z0-9]{3,}")
# A word is looked up alone where that reads this many times fewer index
# entries than the whole term.
RARE_WORD_GAIN = 4
# Statistics target of the every-partner joined text. PostgreSQL estimates
# LIKE '%term%' from the histogram of its sample: at the default (100
# buckets over 300,000 partners) a term held by 3 % of them ("sc-007") was
# in no bucket after one ANALYZE in twenty, estimated at 30 partners, and
# the dropdown sorted all 10,000 instead of walking to the first 8 (21.6 ms
# against 4). At 300, none in 80 estimates; ANALYZE samples 90,000
# partners instead of 30,000 (bench/RESULTS.md).
PARTNER_TEXT_STATISTICS_TARGET = 300

CUSTOMER_LEAF = ("is_fleet_customer", "=", True)

DROPDOWN_TEXT_INDEX = "res_partner_fleet_dropdown_text_trgm_index"
PARTNER_TEXT_INDEX = "res_partner_fleet_partner_text_trgm_index"
# LIKE's wildcards and escape: in a term, they are no plain text.
LIKE_SPECIAL_CHARACTERS = frozenset("%_\\")
# What Odoo's ResPartner._get_complete_name reads besides the display
# name's dependencies.
PARTNER_NAME_FIELDS = ("name", "type", "parent_id", "is_company", "company_name")
# Those and the separator: a term holding one of them could match across
# two values.
NOT_IN_TEXT_TERMS = LIKE_SPECIAL_CHARACTERS | {DROPDOWN_TEXT_SEPARATOR}


class CustomerTextTerm(str):
    """A term of the customer dropdowns' search looked up in the customers'
    joined lowercased values (DROPDOWN_TEXT_COLUMN), on the leaf that
    carries it (ResPartner._condition_to_sql)."""

    __slots__ = ()


class PartnerTextTerm(str):
    """The same for every other partner dropdown, in the partners' joined
    values (PARTNER_TEXT_COLUMN)."""

    __slots__ = ()


TEXT_TERM_COLUMNS = {
    CustomerTextTerm: DROPDOWN_TEXT_COLUMN,
    PartnerTextTerm: PARTNER_TEXT_COLUMN,
}


class CustomerSearchTerm(str):
    """A term of the customer dropdowns' search: its domain leaves, and no
    other, become ILIKEs on customer_column (ResPartner._condition_to_sql).
    A type of its own, not a context key, so that nothing else searched in
    the same request (a sub-search on contacts) is read that way."""

    __slots__ = ()


def word_trigrams(word):
    return {word[start : start + 3] for start in range(len(word) - 2)}


def rarest_word(term, frequencies, unlisted):
    """The ASCII word of ``term`` whose trigrams are in the fewest index
    entries, if looking it up alone reads RARE_WORD_GAIN times fewer than
    the term's words all together; else None. ``frequencies``: the share of
    partners holding each of the most common trigrams, ``unlisted`` the
    share assumed for any other."""
    words = ASCII_WORD.findall(term)
    if not words:
        return None

    def entries(trigrams):
        return sum(frequencies.get(trigram, unlisted) for trigram in trigrams)

    trigrams = {word: word_trigrams(word.lower()) for word in words}
    rarest = min(words, key=lambda word: entries(trigrams[word]))
    if entries(trigrams[rarest]) * RARE_WORD_GAIN > entries(
        set().union(*trigrams.values())
    ):
        return None
    return rarest


def customer_column(column, is_customer="is_fleet_customer"):
    """The column as the customer dropdown indexes see it: its value on
    fleet customers, NULL on every other partner. The index expressions and
    the search spell it the same way, for PostgreSQL to match them."""
    return f"(CASE WHEN {is_customer} THEN {column} END)"


def top_level_terms(domain):
    """The terms that a normalized domain ANDs at its top level, each as a
    domain of its own. Iterative: a domain comes from the caller, as long as
    it likes."""

    def end_of(index):
        # Prefix notation: each operator opens one more operand to read.
        missing = 1
        while missing:
            token = domain[index]
            if token in ("&", "|"):
                missing += 1
            elif token != "!":
                missing -= 1
            index += 1
        return index

    terms, starts = [], [0] if domain else []
    while starts:
        index = starts.pop()
        if domain[index] == "&":
            starts.append(end_of(index + 1))  # its right operand, after
            starts.append(index + 1)  # its left operand, first
        else:
            terms.append(domain[index : end_of(index)])
    return terms


def keeps_customers_only(terms):
    """Whether the top-level terms of a domain (top_level_terms) AND the
    fleet-customer leaf."""
    return any(
        len(term) == 1
        and isinstance(term[0], list | tuple)
        and tuple(term[0]) == CUSTOMER_LEAF
        for term in terms
    )


class ResPartner(models.Model):
    # One concern per file (see res_partner.py), on purpose.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _fleet_customer_search_columns(self):
        """The stored text columns of Odoo's partner name search: each has
        a trigram index over all partners and one over customers only."""
        return [
            fname
            for fname in self._rec_names_search
            if fname in self._fields
            and self._fields[fname].store
            and self._fields[fname].type == "char"
        ]

    @api.model
    def _fleet_customer_dropdown_indexes(self):
        """Name -> (expressions, method) of a trigram index per search column,
        over the customers' values (see _fleet_dropdown_indexes). Not
        partial: PostgreSQL keeps statistics of an expression index's values,
        which the search's estimates need, for full indexes only."""
        return {
            f"res_partner_fleet_dropdown_{column}_trgm_index": (
                [f"{customer_column(column)} gin_trgm_ops"],
                "gin",
            )
            for column in self._fleet_customer_search_columns()
        }

    @api.model
    def _fleet_customers_only(self, domain):
        """Whether ``domain`` keeps fleet customers only, and Odoo's name
        search reads nothing but stored text columns (another addon may add
        a related one: then Odoo's own search runs)."""
        if set(self._rec_names_search) != set(self._fleet_customer_search_columns()):
            return False
        normalized = expression.normalize_domain(list(domain or []))
        return keeps_customers_only(top_level_terms(normalized))

    @api.model
    def _fleet_customer_name_domain(self, name):
        """Odoo's "name contains" (an ILIKE on each search column) with
        every column read as customer_column: same results on partners
        already restricted to fleet customers, NULL on any other."""
        term = CustomerSearchTerm(name)
        columns = self._fleet_customer_search_columns()
        return expression.OR([[(column, "ilike", term)] for column in columns])

    def init(self):
        res = super().init()
        # The columns, and the indexes that carry them in dropdown order,
        # come first, with the Customers app's indexes (res_partner.py).
        # Rare terms: trigrams of the customers' text (their statistics
        # alone, for the customer-only dropdowns) and of every partner's.
        try:
            with self.env.cr.savepoint(flush=False):
                for name, column, where in (
                    (DROPDOWN_TEXT_INDEX, DROPDOWN_TEXT_COLUMN, "is_fleet_customer"),
                    (PARTNER_TEXT_INDEX, PARTNER_TEXT_COLUMN, ""),
                ):
                    create_index(
                        self.env.cr,
                        name,
                        self._table,
                        [f"{column} gin_trgm_ops"],
                        method="gin",
                        where=where,
                    )
        except psycopg2.Error:
            _logger.warning(
                "pg_trgm is not available: partner dropdowns walk the partners."
            )
            return res
        self._fleet_disable_gin_pending_lists([DROPDOWN_TEXT_INDEX, PARTNER_TEXT_INDEX])
        target_changed = self._fleet_set_partner_text_statistics_target()
        self._fleet_create_statistics(
            {PARTNER_TEXT_STATISTICS: ("show_trgm", PARTNER_TEXT_COLUMN)},
            stale=[PARTNER_TEXT_COLUMN] if target_changed else (),
        )
        return res

    def _fleet_set_partner_text_statistics_target(self):
        """Estimate the every-partner dropdowns' terms from a larger sample
        (PARTNER_TEXT_STATISTICS_TARGET). Whether it changed: the column's
        statistics are then to be gathered again."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT coalesce(attstattarget, -1) FROM pg_attribute
                 WHERE attrelid = %s::regclass AND attname = %s
                """,
                self._table,
                PARTNER_TEXT_COLUMN,
            )
        )
        if cr.fetchone()[0] == PARTNER_TEXT_STATISTICS_TARGET:
            return False
        cr.execute(
            SQL(
                "ALTER TABLE %s ALTER COLUMN %s SET STATISTICS %s",
                SQL.identifier(self._table),
                SQL.identifier(PARTNER_TEXT_COLUMN),
                PARTNER_TEXT_STATISTICS_TARGET,
            )
        )
        return True

    def _fleet_create_statistics(self, statistics, stale=()):
        """Create the missing ``statistics`` ({name: (function, column)}:
        statistics of ``function(column)`` over every partner, PostgreSQL 14
        and later) and gather them now, with those of the ``stale`` columns,
        in one ANALYZE; then autovacuum does: no search is planned without
        them. Only those columns are analyzed (the expressions' statistics
        come with them). ``function`` is constant SQL of this module."""
        cr = self.env.cr
        columns = dict.fromkeys(stale)
        if cr._cnx.server_version >= EXPRESSION_STATISTICS_SERVER_VERSION:
            existing = self._fleet_existing_statistics(statistics)
            for name, (function, column) in statistics.items():
                if name in existing:
                    continue
                cr.execute(
                    SQL(
                        "CREATE STATISTICS %s ON (%s(%s)) FROM %s",
                        SQL.identifier(name),
                        SQL(function),
                        SQL.identifier(column),
                        SQL.identifier(self._table),
                    )
                )
                columns[column] = None
        if not columns:
            return
        cr.execute(
            SQL(
                "ANALYZE %s (%s)",
                SQL.identifier(self._table),
                SQL(", ").join(SQL.identifier(column) for column in columns),
            )
        )
        self.env.registry.clear_cache()

    def _fleet_existing_statistics(self, names):
        """Those of the statistics ``names`` that exist, in one query."""
        self.env.cr.execute(
            SQL(
                """
                SELECT stxname FROM pg_statistic_ext
                 WHERE stxname IN %s
                   AND stxnamespace = to_regnamespace(current_schema())
                """,
                tuple(names),
            )
        )
        return {name for (name,) in self.env.cr.fetchall()}

    @api.model
    @tools.ormcache()
    def _fleet_partner_trigram_frequencies(self):
        """({trigram: share of the partners holding it}, share assumed for
        a trigram not listed) from the statistics of the joined text, or
        None without them."""
        self.env.cr.execute(
            SQL(
                """
                SELECT most_common_elems::text::text[], most_common_elem_freqs
                  FROM pg_stats_ext_exprs
                 WHERE statistics_name = %s
                   AND statistics_schemaname = current_schema()
                   AND most_common_elems IS NOT NULL
                """,
                PARTNER_TEXT_STATISTICS,
            )
        )
        row = self.env.cr.fetchone()
        if not row:
            return None
        trigrams, shares = row
        # After one share per trigram: the least, the most, the null share.
        frequencies = dict(zip(trigrams, shares, strict=False))
        return frequencies, min(shares[: len(trigrams)])

    @api.model
    def _fleet_rare_word(self, term):
        statistics = self._fleet_partner_trigram_frequencies()
        return statistics and rarest_word(term, *statistics)

    @api.model
    def _fleet_reads_dropdown_text(self, name):
        """Whether the joined values give the same partners as Odoo's search
        of ``name`` (see the module's docstring)."""
        return (
            not self.env.registry.has_unaccent
            and set(self._rec_names_search) == set(DROPDOWN_TEXT_SOURCES)
            and not NOT_IN_TEXT_TERMS.intersection(name)
        )

    def _condition_to_sql(self, alias, fname, operator, value, query):
        if type(value) in TEXT_TERM_COLUMNS and operator == "ilike":
            # Lowered by PostgreSQL as the column is; the column's sources
            # are flushed by name_search.
            column = SQL.identifier(alias, TEXT_TERM_COLUMNS[type(value)])
            rare_word = type(value) is PartnerTextTerm and self._fleet_rare_word(value)
            if rare_word:
                # The word through the index; the term, the same test as
                # LIKE '%term%', on the partners found (strpos: no index).
                return SQL(
                    "(%s LIKE lower(%s) AND strpos(%s, lower(%s)) > 0)",
                    column,
                    f"%{rare_word}%",
                    column,
                    str(value),
                )
            return SQL(
                "(%s LIKE lower(%s))",
                column,
                f"%{value}%",
            )
        if isinstance(value, CustomerSearchTerm) and operator == "ilike":
            unaccent = self.env.registry.unaccent
            column = SQL(
                customer_column("%s", "%s"),
                self._field_to_sql(alias, "is_fleet_customer", query),
                self._field_to_sql(alias, fname, query),
            )
            return SQL(
                "(%s ILIKE %s)", unaccent(column), unaccent(SQL("%s", f"%{value}%"))
            )
        return super()._condition_to_sql(alias, fname, operator, value, query)

    @api.model
    @api.readonly
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        if not name or operator != "ilike":
            return super().name_search(name, args, operator, limit)
        customers_only = self._fleet_customers_only(args)
        if self._fleet_reads_dropdown_text(name):
            self.flush_model([*DROPDOWN_TEXT_SOURCES, "is_fleet_customer"])
            term = (CustomerTextTerm if customers_only else PartnerTextTerm)(name)
            match = [(DROPDOWN_TEXT_SOURCES[0], "ilike", term)]
        elif customers_only:
            match = self._fleet_customer_name_domain(name)
        else:
            return super().name_search(name, args, operator, limit)
        # What Odoo's name_search does, with the dropdown text. Ids only: a
        # walk then reads nothing but its index; the names of the few found
        # are one more query.
        records = self.search(expression.AND([match, args or []]), limit=limit)
        # As Odoo's name_search: the names of records the search just found
        # under the user's own access rules.
        records = records.sudo()
        records.fetch(self._fleet_display_name_fields())
        return [(record.id, record.display_name) for record in records]

    @api.model
    def _fleet_display_name_fields(self):
        """The columns a partner's name in a dropdown is made of (its
        complete name, address, VAT, email: Odoo's display name and what it
        depends on). Read alone: reading the first of them would read the
        partners' hundred-odd columns (the names of a dropdown's eight
        partners, with addresses: 3.8 ms that way, 3.05 this way, at
        100,000 customers: bench/RESULTS.md). A column left out is still
        read when the name asks for it."""
        display_name = self._fields["display_name"]
        return sorted(
            fname
            for fname in {
                *(
                    dependency.split(".")[0]
                    for dependency in self.pool.field_depends[display_name]
                ),
                *self._formatting_address_fields(),
                *PARTNER_NAME_FIELDS,
            }
            if fname in self._fields and self._fields[fname].store
        )
