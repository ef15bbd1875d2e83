"""Counts and pages of the Customers app's searches by one or two
characters.

The app's name, customer number and city searches are ILIKE '%...%'; from
three characters on, their trigram indexes answer (res_partner.py). A one-
or two-character term holds no trigram: pg_trgm then reads its whole index
and PostgreSQL tests the term on every customer, at about 1 µs each. The
pager's count, which goes on until 10,001 matches, took 70 to 160 ms at
100,000 customers for two characters, 20 to 50 ms for one (bench/RESULTS.md).

So each of these columns also has a GIN index over its characters and
character pairs, lowercased (fleet_customers_ngrams), and the count looks
the term up there. In a UTF-8 database PostgreSQL's ILIKE compares
lower(value) with lower(pattern) (like.c, Generic_Text_IC_like): a value
ILIKE '%ab%' exactly when lower(value) holds lower('ab') as one of its
pairs. The lookup replaces the ILIKE, not just filters before it: with
both, PostgreSQL may pick the trigram index for the ILIKE and test the
pairs of every customer it returns.

A page of the list (ordered, 80 rows) needs a choice the count does not:
a term most customers match is found fastest by walking the list index in
its order until the page is full, a term few match by looking them up and
sorting them. PostgreSQL chose between the walk and the trigram index,
which holds nothing for a short term: it read the whole index and tested
every customer, 60 to 200 ms for a city 'Ly' or a number '12' at 100,000
customers. A page therefore looks the term up in the n-gram index too, and
tests ``lower(value) LIKE lower('%ab%')`` (the same test, which no trigram
index serves) on the rows it walks or finds. To choose, PostgreSQL must know
how many customers hold a pair: the statistics of a partial index are not
used for that, so the column has statistics of its pairs of its own
(CREATE STATISTICS, PostgreSQL 14 and later; without them a page keeps
Odoo's ILIKE). Numbers and cities only: those statistics count the pairs of
every partner, and a name's pairs are mostly contacts' (200,000 of 300,000
partners at scale), which say little of the customers'. Misled, PostgreSQL
looked up and sorted 11,667 customers for 'Mi' where the walk filled the
page at once: pages by name, and the All search that includes the name,
keep Odoo's ILIKE (bench/RESULTS.md).

Only where that is certainly the same and certainly fast: searches kept
to fleet customers (the indexes are partial), terms of one or two ASCII
characters with no LIKE wildcard, no unaccent, and each term ORed only with
others PostgreSQL can look up in an index. Anything else is Odoo's own
ILIKE.
"""

from odoo import api, models, tools
from odoo.osv import expression
from odoo.tools import SQL, create_index

from .res_partner import APP_SEARCH_COLUMNS
from .res_partner_name_search import (
    LIKE_SPECIAL_CHARACTERS,
    keeps_customers_only,
    top_level_terms,
)

# Every character and every pair of characters of the lowercased value (and
# an empty string, harmless). Built-in functions only, in one SQL
# expression that PostgreSQL inlines: about 2.6 µs a value, where a
# PL/pgSQL loop took 7 to 29. Pairs come from splitting the value in twos, then once
# more from its second character on; U+001F (unit separator) cannot be
# typed in a form. Changing the body requires a REINDEX of the indexes.
NGRAMS_FUNCTION = SQL(
    r"""
    CREATE OR REPLACE FUNCTION fleet_customers_ngrams(value text)
    RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT string_to_array(lower(value), NULL)
            || string_to_array(
                   regexp_replace(lower(value), '(..)', E'\\1\x1f', 'g'), E'\x1f')
            || string_to_array(
                   regexp_replace(substr(lower(value), 2), '(..)', E'\\1\x1f', 'g'),
                   E'\x1f')
    $$
    """
)
NGRAMS_FUNCTION_NAME = "fleet_customers_ngrams(text)"
# The columns whose pages look short terms up (see the module's docstring).
PAGE_LOOKUP_COLUMNS = ("ref", "city")
STATE_SEARCH_FIELD = "fleet_state_name"


class ShortCustomerTerm(str):
    """A term of one or two characters that ResPartner._condition_to_sql
    looks up in the n-gram indexes. A type of its own, as
    res_partner_name_search.CustomerSearchTerm, so that nothing else searched
    in the same request is read that way."""

    __slots__ = ()


class ShortCustomerPageTerm(ShortCustomerTerm):
    """A short term of an ordered search (a page of the list): looked up in
    the n-gram indexes or tested on the rows walked, as PostgreSQL finds
    cheaper."""

    __slots__ = ()


def ngram_index_name(column):
    return f"res_partner_fleet_{column}_ngram_index"


def ngram_statistics_name(column):
    return f"res_partner_fleet_{column}_ngram_stats"


def is_short_term_leaf(leaf):
    if not isinstance(leaf, list | tuple) or len(leaf) != 3:
        return False
    fname, operator, value = leaf
    return (
        fname in APP_SEARCH_COLUMNS
        and operator == "ilike"
        # Plain text: not a term another search of this addon already marked.
        and type(value) is str
        and 1 <= len(value) <= 2
        # ASCII: its lowercase is as many characters, whatever the locale.
        and value.isascii()
        and value.isprintable()
        and not LIKE_SPECIAL_CHARACTERS & set(value)
    )


def is_indexed_leaf(leaf):
    """A leaf PostgreSQL finds in an index of the customers: an app column
    by three characters or more (trigrams), by one or two (n-grams), or the
    state (a list of state ids)."""
    if is_short_term_leaf(leaf):
        return True
    if not isinstance(leaf, list | tuple) or len(leaf) != 3 or leaf[1] != "ilike":
        return False
    fname, __, value = leaf
    return fname == STATE_SEARCH_FIELD or (
        fname in APP_SEARCH_COLUMNS and isinstance(value, str) and len(value) >= 3
    )


class ResPartner(models.Model):
    # One concern per file (see res_partner.py), on purpose.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def init(self):
        res = super().init()
        self.env.cr.execute(NGRAMS_FUNCTION)
        for column in APP_SEARCH_COLUMNS:
            create_index(
                self.env.cr,
                ngram_index_name(column),
                self._table,
                [f"fleet_customers_ngrams({column})"],
                method="gin",
                where="is_fleet_customer",
            )
        self._fleet_disable_gin_pending_lists(self._fleet_ngram_indexes())
        self._fleet_create_ngram_statistics()
        return res

    def _fleet_create_ngram_statistics(self):
        """Statistics of the pairs of the columns whose pages look short
        terms up."""
        self._fleet_create_statistics(
            {
                ngram_statistics_name(column): ("fleet_customers_ngrams", column)
                for column in PAGE_LOOKUP_COLUMNS
            }
        )

    @api.model
    @tools.ormcache()
    def _fleet_pages_read_ngrams(self):
        """Whether the pages of the app may look short terms up: only with
        the statistics of the pairs (see the module's docstring)."""
        names = set(self._fleet_ngram_statistics())
        return self._fleet_existing_statistics(names) == names

    @api.model
    def _fleet_ngram_indexes(self):
        """The n-gram indexes' names: the uninstall hook drops them, then
        the function they are built with."""
        return [ngram_index_name(column) for column in APP_SEARCH_COLUMNS]

    @api.model
    def _fleet_ngram_statistics(self):
        """The statistics' names, which the uninstall hook drops with the
        indexes."""
        return [ngram_statistics_name(column) for column in PAGE_LOOKUP_COLUMNS]

    @api.model
    def _fleet_short_term_domain(
        self, domain, mark=ShortCustomerTerm, columns=APP_SEARCH_COLUMNS
    ):
        """``domain`` with its short terms on ``columns`` marked (as
        ``mark``) for the n-gram indexes, where that is the same search (see
        the module's docstring)."""
        if self.env.registry.has_unaccent:
            return domain
        normalized = expression.normalize_domain(list(domain))
        terms = top_level_terms(normalized)
        if not keeps_customers_only(terms):
            return domain
        marked = []
        changed = False
        for term in terms:
            leaves = [token for token in term if isinstance(token, list | tuple)]
            short = [leaf for leaf in leaves if is_short_term_leaf(leaf)]
            if (
                "!" not in term
                and short
                and all(leaf[0] in columns for leaf in short)
                and all(is_indexed_leaf(leaf) for leaf in leaves)
            ):
                term = [
                    (token[0], token[1], mark(token[2]))
                    if is_short_term_leaf(token)
                    else token
                    for token in term
                ]
                changed = True
            marked.append(term)
        return expression.AND(marked) if changed else domain

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if domain and not order:
            domain = self._fleet_short_term_domain(domain)
        elif domain and self._fleet_pages_read_ngrams():
            domain = self._fleet_short_term_domain(
                domain, ShortCustomerPageTerm, PAGE_LOOKUP_COLUMNS
            )
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _condition_to_sql(self, alias, fname, operator, value, query):
        if isinstance(value, ShortCustomerPageTerm) and operator == "ilike":
            # The LIKE first: in an OR (the All search) PostgreSQL tests
            # the conditions in this order, and the pairs cost more.
            column = self._field_to_sql(alias, fname, query)
            return SQL(
                "(lower(%s) LIKE lower(%s)"
                " AND fleet_customers_ngrams(%s) @> ARRAY[lower(%s)])",
                column,
                f"%{value}%",
                column,
                str(value),
            )
        if isinstance(value, ShortCustomerTerm) and operator == "ilike":
            return SQL(
                "(fleet_customers_ngrams(%s) @> ARRAY[lower(%s)])",
                self._field_to_sql(alias, fname, query),
                str(value),
            )
        return super()._condition_to_sql(alias, fname, operator, value, query)
