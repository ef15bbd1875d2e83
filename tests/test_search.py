import re

from lxml import etree

from odoo.tools import SQL

from odoo.addons.fleet_customers import uninstall_hook
from odoo.addons.fleet_customers.models.res_partner_name_search import (
    PARTNER_TEXT_STATISTICS_TARGET,
    CustomerTextTerm,
    PartnerTextTerm,
    rarest_word,
)

from .common import FleetCustomersCase, capture_queries, explain


class TestCustomerSearch(FleetCustomersCase):
    """The Customers app's "All" search: name, number, city or state name."""

    def all_search(self, term):
        return self.Partner.search(
            [
                ("is_fleet_customer", "=", True),
                "|",
                "|",
                "|",
                ("name", "ilike", term),
                ("ref", "ilike", term),
                ("city", "ilike", term),
                ("fleet_state_name", "ilike", term),
            ]
        )

    def test_all_finds_by_state_name(self):
        texas = self.env["res.country.state"].search(
            [("code", "=", "TX"), ("country_id.code", "=", "US")]
        )
        found = self.create_customer("Lone Star Lifts", "S-TX", state_id=texas.id)
        other = self.create_customer("Elsewhere Hire", "S-XX")
        self.assertIn(found, self.all_search("texa"))
        self.assertNotIn(other, self.all_search("texa"))
        # The other branches still match, and a term matching no state
        # excludes nothing.
        self.assertIn(other, self.all_search("Elsewhere"))
        self.assertEqual(self.customer.fleet_state_name, self.customer.state_id.name)

    def test_negative_operator(self):
        texas = self.env["res.country.state"].search(
            [("code", "=", "TX"), ("country_id.code", "=", "US")]
        )
        found = self.create_customer("Lone Star Lifts", "S-TX", state_id=texas.id)
        result = self.Partner.search(
            [
                ("is_fleet_customer", "=", True),
                ("fleet_state_name", "not ilike", "texa"),
            ]
        )
        self.assertNotIn(found, result)


class TestDropdownSearchPlans(FleetCustomersCase):
    """Odoo's partner name search (every customer dropdown) can be served by
    indexes at any size: each field it ORs has a trigram index, and the
    customer-rank order of quotations and invoices has an ordered index.
    Plans are asked with the alternatives turned off, so that the answer
    does not depend on this small database's statistics."""

    def plan(self, term, context, **settings):
        partners = self.Partner.with_context(**context)
        query = partners._search(
            [("display_name", "ilike", term)], limit=8, order=partners._order
        )
        return explain(self.env.cr, query, **settings)

    def test_every_searched_field_has_an_index(self):
        for context in ({}, {"res_partner_search_mode": "customer"}):
            plan = self.plan(
                "northern hire", context, enable_seqscan="off", enable_indexscan="off"
            )
            self.assertNotIn("Seq Scan on res_partner", plan, plan)
            self.assertIn("res_partner_fleet_search_email_trgm_index", plan)
            self.assertIn("res_partner_fleet_search_complete_name_trgm_index", plan)

    def test_quotation_order_walks_an_index(self):
        plan = self.plan(
            "hire",
            {"res_partner_search_mode": "customer"},
            enable_seqscan="off",
            enable_bitmapscan="off",
        )
        self.assertIn("res_partner_fleet_customer_rank_order_index", plan, plan)
        self.assertNotIn("Sort", plan, plan)


class TestCustomerListPlans(FleetCustomersCase):
    """The Customers app's list walks the customers' own index in the list's
    order; its pager's count and its side panel's segment counters read
    indexes alone, which carry every column of the partners' read rule."""

    def test_page_walks_the_customer_index_in_list_order(self):
        partners = self.Partner.with_user(self.fleet_user)
        query = partners._search(
            [("is_fleet_customer", "=", True)], limit=80, order=partners._order
        )
        plan = explain(
            self.env.cr,
            query,
            enable_seqscan="off",
            enable_bitmapscan="off",
            enable_sort="off",
            enable_incremental_sort="off",
        )
        self.assertIn("res_partner_fleet_customer_list_index", plan, plan)
        self.assertNotIn("Sort", plan, plan)

    def index_columns(self, index):
        self.env.cr.execute(
            """
            SELECT array_agg(attribute.attname::text)
              FROM pg_index index
              JOIN pg_class class ON class.oid = index.indexrelid
              JOIN pg_attribute attribute
                ON attribute.attrelid = index.indrelid
               AND attribute.attnum = ANY(index.indkey)
             WHERE class.relname = %s
            """,
            [index],
        )
        return set(self.env.cr.fetchone()[0] or ())

    def assert_index_covers(self, index, query, *columns):
        # Which index PostgreSQL picks on this small database depends on its
        # statistics; what makes an index-only scan possible at scale is
        # that every column the query reads is in the index.
        sql = query.select(*columns).code
        read = set(re.findall(r'"res_partner"\."(\w+)"', sql))
        self.assertIn("company_id", read, "the read rule is in the query")
        # is_fleet_customer is the index's own condition.
        self.assertLessEqual(
            read - {"is_fleet_customer"}, self.index_columns(index), sql
        )

    def test_count_needs_no_partner_row(self):
        partners = self.Partner.with_user(self.fleet_user)
        query = partners._search([("is_fleet_customer", "=", True)], limit=10_001)
        self.assert_index_covers("res_partner_fleet_customer_list_index", query)

    def test_count_by_state_needs_no_partner_row(self):
        partners = self.Partner.with_user(self.fleet_user)
        query = partners._search(
            [("is_fleet_customer", "=", True), ("fleet_state_name", "ilike", "a")],
            limit=10_001,
        )
        self.assertIn('"res_partner"."state_id" IN', query.select().code)
        # As search_count asks it: no column, no id.
        self.assert_index_covers("res_partner_fleet_state_index", query, SQL("1"))

    def test_segment_counters_need_no_partner_row(self):
        # The side panel's counters: customers per segment.
        partners = self.Partner.with_user(self.fleet_user)
        query = partners._search([("is_fleet_customer", "=", True)])
        self.assert_index_covers(
            "res_partner_fleet_segment_count_index",
            query,
            partners._field_to_sql(partners._table, "fleet_segment_id", query),
        )


class TestCustomerDropdown(FleetCustomersCase):
    """Dropdowns that offer fleet customers only (work orders, the assign
    dialog, contracts...) find the partners Odoo's name search finds, through
    the customers' own indexes."""

    CUSTOMERS_ONLY = [("is_fleet_customer", "=", True)]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quarryman = cls.create_customer(
            "Quarryman Plant Hire",
            "DD-4711",
            email="yard@quarryman.example",
            vat="FR40303265045",
            company_registry="RCS 4711",
        )
        cls.quarryman_contact = cls.Partner.create(
            {
                "name": "Wilhelmina Quarrygate",
                "parent_id": cls.quarryman.id,
                "email": "w.quarrygate@example.com",
            }
        )
        cls.ordinary_company = cls.Partner.create(
            {"name": "Quarryman Consulting", "is_company": True}
        )

    def dropdown(self, term, domain=None, user=None):
        partners = self.Partner.with_user(user or self.fleet_user)
        if domain is None:
            domain = self.CUSTOMERS_ONLY
        found = partners.name_search(term, domain, limit=100)
        return self.Partner.browse([partner_id for partner_id, __ in found])

    def odoo_search(self, term, domain=None, user=None):
        partners = self.Partner.with_user(user or self.fleet_user)
        return partners.search(
            [("display_name", "ilike", term), *(domain or self.CUSTOMERS_ONLY)]
        )

    def test_same_partners_as_odoo_by_every_searched_field(self):
        for term in ("quarryman", "DD-4711", "yard@quarry", "FR4030326", "RCS 47"):
            found = self.dropdown(term)
            self.assertEqual(found, self.quarryman, term)
            self.assertEqual(found, self.odoo_search(term), term)
        # The contact's name and email match the contact only, which is no
        # customer; the ordinary company neither.
        for term in ("Quarrygate", "w.quarrygate@"):
            self.assertFalse(self.dropdown(term), term)
            self.assertFalse(self.odoo_search(term), term)

    def test_the_form_domain_and_access_rules_still_apply(self):
        other_company = self.env["res.company"].create({"name": "Other Fleet Co"})
        elsewhere = self.create_customer(
            "Quarryman Abroad", "DD-4712", company_id=other_company.id
        )
        archived = self.create_customer("Quarryman Closed", "DD-4713")
        archived.action_archive()
        work_order_domain = [
            "|",
            ("company_id", "=", False),
            ("company_id", "parent_of", [self.company.id]),
            ("is_fleet_customer", "=", True),
        ]
        # Both work in this company only; the internal user, with no Fleet
        # role, is the lowest who may call name_search at all.
        for user in (self.internal_user, self.fleet_user):
            found = self.dropdown("Quarryman", work_order_domain, user)
            self.assertEqual(found, self.quarryman, user.login)
            self.assertEqual(
                found, self.odoo_search("Quarryman", work_order_domain, user)
            )
            self.assertNotIn(elsewhere, found)
            self.assertNotIn(archived, found)
            # Every partner's text (a quotation's dropdown, no domain): the
            # user's own rules still decide, as in Odoo's search.
            found = self.dropdown("quarryman", [], user)
            self.assertEqual(
                found,
                self.Partner.with_user(user).search(
                    [("display_name", "ilike", "quarryman")]
                ),
            )
            self.assertIn(self.ordinary_company, found)
            self.assertNotIn(elsewhere, found)
            self.assertNotIn(archived, found)

    def test_other_domains_keep_odoo_search(self):
        # Customers or companies: the ordinary company is found, which the
        # customers' search (NULL on any other partner) could not find.
        either = ["|", ("is_fleet_customer", "=", True), ("is_company", "=", True)]
        found = self.dropdown("Quarryman", either)
        self.assertEqual(found, self.quarryman | self.ordinary_company)
        self.assertIn(self.quarryman_contact, self.dropdown("Quarrygate", []))
        self.assertFalse(self.Partner._fleet_customers_only(either))
        self.assertFalse(
            self.Partner._fleet_customers_only(["!", ("is_fleet_customer", "=", True)])
        )
        self.assertTrue(
            self.Partner._fleet_customers_only(
                [("active", "=", True), ("is_fleet_customer", "=", True)]
            )
        )

    def test_a_long_domain_is_no_problem(self):
        # The domain comes from the caller (RPC): its length is theirs.
        domain = [
            *self.CUSTOMERS_ONLY,
            *(("id", "!=", -number) for number in range(1, 1500)),
        ]
        self.assertEqual(self.dropdown("Quarryman", domain), self.quarryman)

    def capture(self, function):
        """(function's result, the SQL it ran, joined)."""
        result, queries = capture_queries(function)
        return result, "\n".join(queries)

    def captured_queries(self, term):
        return self.capture(lambda: self.dropdown(term))

    def walk_plan(self, query):
        """The plan of ``query`` as a walk in order, whatever this small
        database's statistics say."""
        return explain(
            self.env.cr,
            query,
            enable_seqscan="off",
            enable_bitmapscan="off",
            enable_sort="off",
        )

    def test_every_partner_dropdown_finds_what_odoo_finds(self):
        # Quotations, invoices and tasks search every partner, in their own
        # order (customer or supplier rank first): the same partners, in the
        # same order, as Odoo's search, through the partners' joined values.
        self.quarryman.customer_rank = 3
        self.ordinary_company.supplier_rank = 2
        company_domain = [("company_id", "in", (False, self.company.id))]
        for context in (
            {},
            {"res_partner_search_mode": "customer"},
            {"res_partner_search_mode": "supplier"},
        ):
            partners = self.Partner.with_user(self.fleet_user).with_context(**context)
            for term in (
                "quarry",
                "Quarrygate",
                "W.QUARRYGATE@",
                "dd-47",
                "consulting",
                "hireyard",
            ):
                found, queries = self.capture(
                    lambda partners=partners, term=term: partners.name_search(
                        term, company_domain, limit=100
                    )
                )
                self.assertIn("fleet_partner_text", queries, term)
                expected = partners.search(
                    [("display_name", "ilike", term), *company_domain]
                )
                self.assertEqual(
                    [partner_id for partner_id, __ in found], expected.ids, term
                )
        # Wildcards: value by value, Odoo's own search.
        partners = self.Partner.with_user(self.fleet_user)
        found, queries = self.capture(lambda: partners.name_search("hire%yard", []))
        self.assertNotIn("fleet_partner_text", queries)
        expected = partners.search([("display_name", "ilike", "hire%yard")])
        self.assertEqual([partner_id for partner_id, __ in found], expected.ids)
        self.assertNotIn(self.quarryman.id, expected.ids)

    def test_names_as_odoo_shows_them_from_a_few_columns(self):
        # A quotation's customer field shows addresses and VAT numbers.
        self.quarryman.write({"street": "1 Quarry Lane", "city": "Lyon"})
        context = {
            "res_partner_search_mode": "customer",
            "show_address": 1,
            "show_vat": True,
        }
        partners = self.Partner.with_user(self.fleet_user).with_context(**context)
        for term in ("quarry", "DD-4711", "w.quarrygate@"):
            self.env.invalidate_all()
            found, queries = self.capture(
                lambda term=term: partners.name_search(term, [], limit=100)
            )
            with self.subTest(term=term):
                self.assertIn("fleet_partner_text", queries)
                self.assertTrue(found)
                # Odoo's own names of the same partners.
                self.env.invalidate_all()
                shown = self.Partner.with_context(**context).browse(
                    [partner_id for partner_id, __ in found]
                )
                self.assertEqual(
                    found, [(partner.id, partner.display_name) for partner in shown]
                )
                # The customer's address, its contact's too (synced).
                names = dict(found)
                quarryman = {self.quarryman.id, self.quarryman_contact.id} & set(names)
                self.assertTrue(quarryman)
                for partner_id in quarryman:
                    self.assertIn("1 Quarry Lane", names[partner_id])
                # Not the partners' hundred-odd columns.
                self.assertNotIn('"res_partner"."comment"', queries)

    def test_quotation_dropdown_walks_the_rank_index_alone(self):
        partners = self.Partner.with_user(self.fleet_user).with_context(
            res_partner_search_mode="customer"
        )
        query = partners._search(
            [("complete_name", "ilike", PartnerTextTerm("quarry"))],
            limit=8,
            order=partners._order,
        )
        plan = self.walk_plan(query)
        self.assertIn(
            "Index Only Scan using res_partner_fleet_customer_rank_order_index",
            plan,
            plan,
        )
        plan = explain(self.env.cr, query, cpu_operator_cost="1")
        self.assertIn("res_partner_fleet_partner_text_trgm_index", plan, plan)

    def test_same_partners_as_odoo_on_the_joined_values(self):
        # Case, accents, punctuation and digits as PostgreSQL's ILIKE sees
        # them; a term across two values (name, then email) matches neither.
        self.create_customer(
            "ÉCULLY Straße Levage", "ÉC-9", email="Grue.Lyon@Example.com"
        )
        for term in (
            "écully",
            "ÉCULLY",
            "strasse",
            "straße",
            "STRASSE",
            "c-9",
            "grue.lyon@example",
            "hireyard",
            "hire yard",
            "levage",
            "Hire",
            "4711",
        ):
            found, queries = self.captured_queries(term)
            self.assertIn("fleet_dropdown_text", queries, term)
            self.assertEqual(found, self.odoo_search(term), term)
        self.assertFalse(self.dropdown("hireyard"))
        self.assertFalse(self.dropdown("hire\x01yard"))

    def test_wildcard_terms_keep_the_per_column_search(self):
        # "hire%yard" would match the joined text (name, separator, email),
        # not any one value: such terms are searched value by value.
        for term in ("hire%yard", "quarry_an", "Quarry%Hire"):
            found, queries = self.captured_queries(term)
            self.assertNotIn("fleet_dropdown_text", queries, term)
            self.assertIn("CASE WHEN", queries, term)
            self.assertEqual(found, self.odoo_search(term), term)
        self.assertFalse(self.dropdown("hire%yard"))
        self.assertEqual(self.dropdown("quarry_an"), self.quarryman)

    def test_the_joined_values_follow_every_change(self):
        # A generated column: PostgreSQL recomputes it at every write,
        # whatever writes (the ORM, an import, SQL).
        self.assertFalse(self.dropdown("Rock Movers"))
        self.quarryman.name = "Rock Movers"
        self.assertEqual(self.dropdown("rock movers"), self.quarryman)
        self.assertFalse(self.dropdown("Quarryman Plant"))
        self.quarryman.is_fleet_customer = False
        self.assertFalse(self.dropdown("rock movers"))

    def test_customer_search_reads_the_customer_indexes(self):
        partners = self.Partner.with_user(self.fleet_user)
        domain = [
            *self.CUSTOMERS_ONLY,
            ("complete_name", "ilike", CustomerTextTerm("quarrygate")),
        ]
        query = partners._search(domain, limit=8, order=partners._order)
        # A rare term: the joined values' trigram index (on this small
        # database PostgreSQL would rather filter the dozen customers: with
        # each test of a row costed as on 100,000, the index answers).
        plan = explain(self.env.cr, query, cpu_operator_cost="1")
        self.assertIn("res_partner_fleet_dropdown_text_trgm_index", plan, plan)
        # A common term: the walk in dropdown order reads the list index
        # alone, the joined values included.
        plan = self.walk_plan(query)
        self.assertIn(
            "Index Only Scan using res_partner_fleet_customer_list_index", plan, plan
        )
        # Value by value (wildcard terms, unaccent), each column as the
        # search spells it is an index of its own.
        query = partners._search(
            partners._fleet_customer_name_domain("Quarrygate"),
            limit=8,
            order=partners._order,
        )
        plan = explain(self.env.cr, query, enable_seqscan="off", enable_indexscan="off")
        self.assertNotIn("Seq Scan on res_partner", plan, plan)
        for column in self.Partner._fleet_customer_search_columns():
            self.assertIn(f"res_partner_fleet_dropdown_{column}_trgm_index", plan, plan)


class TestPageReadsTheRuleColumnsWithItsSearch(FleetCustomersCase):
    """A page of partners fetches the columns its read rule tests with the
    search: Odoo checks that rule in Python on the page's records, and
    reading its first column fetched every column of res_partner."""

    def run_and_capture(self, function):
        """(function(), the SQL it ran), after the test's own writes."""
        self.env.invalidate_all()  # flushes them
        return capture_queries(function)

    @staticmethod
    def partner_columns(queries):
        """The res_partner columns each partner SELECT fetches."""
        return [
            re.findall(r'"res_partner"\."(\w+)"', query.split(" FROM ")[0])
            for query in queries
            if query.startswith('SELECT "res_partner"."id"')
        ]

    def test_a_page_never_reads_every_partner_column(self):
        other_company = self.env["res.company"].create({"name": "Other Fleet Co"})
        foreign = self.create_customer(
            "Quarryman Abroad", "DD-4712", company_id=other_company.id
        )
        # A stored column and a computed one: web_read fetches the computed
        # one with a read rule check in Python.
        spec = {"name": {}, "ref": {}, "fleet_asset_count": {}}
        Partner = self.Partner.with_user(self.fleet_user)
        result, queries = self.run_and_capture(
            lambda: Partner.web_search_read(
                [("is_fleet_customer", "=", True)], spec, limit=80, count_limit=10001
            )
        )
        ids = [record["id"] for record in result["records"]]
        self.assertIn(self.customer.id, ids)
        # The rule itself still applies.
        self.assertNotIn(foreign.id, ids)
        # The search's own columns and the rule's, not res_partner's
        # hundred-odd.
        widest = max(map(len, self.partner_columns(queries)), default=0)
        self.assertLess(widest, 10, queries)

    def test_a_search_for_ids_fetches_nothing_more(self):
        Partner = self.Partner.with_user(self.fleet_user)
        found, queries = self.run_and_capture(
            lambda: Partner.search([("is_fleet_customer", "=", True)], limit=80)
        )
        self.assertIn(self.customer, found)
        self.assertEqual(self.partner_columns(queries), [["id"]])

    def test_the_rule_columns(self):
        self.assertEqual(
            self.Partner.with_user(self.fleet_user)._fleet_read_rule_columns(),
            ["company_id", "partner_share"],
        )
        # No rule applies to the superuser: nothing more to fetch.
        self.assertEqual(self.Partner.sudo()._fleet_read_rule_columns(), [])

    def test_a_rule_column_the_user_may_not_read_is_left_out(self):
        # signup_type is for Access Rights administrators only: fetching it
        # for a Fleet user would refuse the whole page.
        self.env["ir.rule"].create(
            {
                "name": "Partners by signup type",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "domain_force": "['|', ('signup_type', '=', False),"
                " ('signup_type', '!=', False)]",
                "perm_read": True,
            }
        )
        Partner = self.Partner.with_user(self.fleet_user)
        self.assertNotIn("signup_type", Partner._fleet_read_rule_columns())
        result, __ = self.run_and_capture(
            lambda: Partner.web_search_read(
                [("is_fleet_customer", "=", True)], {"name": {}}, limit=80
            )
        )
        self.assertIn(self.customer.id, [record["id"] for record in result["records"]])


class TestPartnerTextStatisticsTarget(FleetCustomersCase):
    """The every-partner dropdown text is estimated from a larger sample
    than PostgreSQL's default: at 100 buckets a term held by 3 % of the
    partners could be in none, and be sorted whole instead of walked."""

    def statistics_target(self):
        self.env.cr.execute(
            """
            SELECT coalesce(attstattarget, -1) FROM pg_attribute
             WHERE attrelid = 'res_partner'::regclass
               AND attname = 'fleet_partner_text'
            """
        )
        return self.env.cr.fetchone()[0]

    def test_set_at_install(self):
        self.assertEqual(self.statistics_target(), PARTNER_TEXT_STATISTICS_TARGET)

    def test_set_again_by_an_upgrade(self):
        # A database of an earlier version: the column at the default.
        # Rolled back with the test: PostgreSQL's DDL is transactional.
        self.env.cr.execute(
            "ALTER TABLE res_partner ALTER COLUMN fleet_partner_text"
            " SET STATISTICS -1"
        )
        self.assertEqual(self.statistics_target(), -1)
        self.Partner.init()
        self.assertEqual(self.statistics_target(), PARTNER_TEXT_STATISTICS_TARGET)


class TestRareWordOfATerm(FleetCustomersCase):
    """A term of several words reads the trigram index for its rarest word
    only, and tests the whole term on the partners that word finds."""

    def test_the_rarest_word_where_it_saves_reading(self):
        frequencies = {"con": 0.66, "ont": 0.66, "nta": 0.66, "tac": 0.66}
        frequencies.update({"act": 0.66, "exa": 0.5, "xam": 0.5, "amp": 0.5})
        unlisted = 0.001
        self.assertEqual(rarest_word("Contact 1 73026", frequencies, unlisted), "73026")
        self.assertEqual(rarest_word("contact1.73026@", frequencies, unlisted), "73026")
        # One word, or only common ones: the whole term, as before.
        for term in (
            "contact",
            "contact 1",
            "dd-4711",
            "contact example",
            "é ü",
            "1 2",
        ):
            with self.subTest(term=term):
                self.assertIsNone(rarest_word(term, frequencies, unlisted))
        # Not ASCII: PostgreSQL may lowercase it otherwise alone.
        self.assertIsNone(rarest_word("contact Ærø", frequencies, unlisted))

    def test_same_partners_through_the_rare_word(self):
        company = self.Partner.create(
            {"name": "Commonword Holdings", "is_company": True}
        )
        self.Partner.create(
            [
                {
                    "name": f"Commonword Person {number}",
                    "parent_id": company.id,
                    "email": f"commonword.{number}@example.com",
                }
                for number in range(7300, 7600)
            ]
        )
        self.env.flush_all()
        self.env.cr.execute("ANALYZE res_partner")
        self.env.registry.clear_cache()
        partners = self.Partner.with_user(self.fleet_user)
        for term, found_count in (
            ("Commonword Person 7331", 1),
            ("commonword.7331@", 1),
            # The rare word alone is in a partner; the whole term in none.
            ("Commonword Holdings 7331", 0),
            ("Person 99999 Commonword", 0),
        ):
            with self.subTest(term=term):
                found, queries = TestCustomerDropdown.capture(
                    self, lambda term=term: partners.name_search(term, [], limit=100)
                )
                self.assertIn("strpos", queries)
                expected = partners.search([("display_name", "ilike", term)])
                self.assertEqual([partner_id for partner_id, __ in found], expected.ids)
                self.assertEqual(len(found), found_count)
        # A common word alone: the whole term, through the index or a walk.
        found, queries = TestCustomerDropdown.capture(
            self, lambda: partners.name_search("commonword person", [], limit=100)
        )
        self.assertNotIn("strpos", queries)
        self.assertEqual(len(found), 100)

    def test_the_rare_word_keeps_the_read_rules(self):
        # Another company's partner and an archived one hold the rare word
        # and the whole term: the search through the word is still under
        # the user's rules, for a user without any Fleet role too.
        other_company = self.env["res.company"].create({"name": "Other Fleet Co"})
        common = self.Partner.create(
            [{"name": f"Commonword Person {number}"} for number in range(300)]
        )
        elsewhere = self.Partner.create(
            {"name": "Commonword Person 8642", "company_id": other_company.id}
        )
        archived = self.Partner.create(
            {"name": "Commonword Person 8642 Old", "active": False}
        )
        mine = self.Partner.create({"name": "Commonword Person 8642 Here"})
        self.env.flush_all()
        self.env.cr.execute("ANALYZE res_partner")
        self.env.registry.clear_cache()
        self.assertTrue(common)
        # Without the rules (the superuser), the other company's is found.
        everyone = dict(self.Partner.name_search("Commonword Person 8642", []))
        self.assertIn(elsewhere.id, everyone)
        for user in (self.internal_user, self.fleet_user):
            partners = self.Partner.with_user(user)
            found, queries = TestCustomerDropdown.capture(
                self,
                lambda partners=partners: partners.name_search(
                    "Commonword Person 8642", [], limit=100
                ),
            )
            with self.subTest(user=user.login):
                self.assertIn("strpos", queries)
                self.assertEqual([partner_id for partner_id, __ in found], mine.ids)
                self.assertNotIn(elsewhere.id, dict(found))
                self.assertNotIn(archived.id, dict(found))


class TestShortTermCounts(FleetCustomersCase):
    """Counts of the Customers app's searches by one or two characters look
    the term up in n-gram indexes: they count exactly what ILIKE finds, and
    only where that is the same search."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shorts = (
            cls.create_customer("LYON Lifts", "LY-01", city="Écully")
            | cls.create_customer("Straße Bau", "sb-77", city="Lyon")
            | cls.create_customer("O'Neil & Co", "ON 12", city="São Paulo")
            | cls.create_customer("Zo", "Z", city=False)
        )
        # Same names, no customers: never counted.
        cls.Partner.create(
            [{"name": name, "city": "Lyon"} for name in ("LYON Lifts", "Zo")]
        )

    def app_domain(self, term, columns):
        # As the web client sends it: the action's domain, then the facet's.
        return [
            ("is_fleet_customer", "=", True),
            *(["|"] * (len(columns) - 1)),
            *((column, "ilike", term) for column in columns),
        ]

    def sql_of(self, domain, **kwargs):
        return self.Partner._search(domain, **kwargs).select().code

    def test_counts_what_ilike_finds(self):
        partners = self.Partner.with_user(self.fleet_user)
        terms = ["ly", "LY", "Ly", "y", "L", "ss", "'n", "& ", " ", "o", "12", "7", "z"]
        columns_of_searches = [["name"], ["ref"], ["city"], ["name", "ref", "city"]]
        for columns in columns_of_searches:
            for term in terms:
                domain = self.app_domain(term, columns)
                with self.subTest(columns=columns, term=term):
                    self.assertIn("fleet_customers_ngrams", self.sql_of(domain))
                    # A page by number or city looks the pairs up too (or
                    # tests them); by name, or all three, it is Odoo's ILIKE.
                    page = partners.search(domain, order="id")
                    self.assertEqual(
                        "fleet_customers_ngrams" in self.sql_of(domain, order="id"),
                        "name" not in columns,
                    )
                    self.assertEqual(partners.search_count(domain), len(page))
                    expected = partners.search(
                        [("is_fleet_customer", "=", True)], order="id"
                    ).filtered(
                        lambda p, term=term, columns=columns: any(
                            term.lower() in (p[column] or "").lower()
                            for column in columns
                        )
                    )
                    self.assertEqual(page, expected)
        lyon, strasse, oneil, zo = self.shorts
        found = partners.search(self.app_domain("ly", ["name", "ref", "city"]))
        self.assertIn(lyon, found)
        self.assertIn(strasse, found)  # its city, Lyon
        self.assertNotIn(oneil, found)
        self.assertEqual(partners.search(self.app_domain("Z", ["ref"])) & zo, zo)
        # The side panel's counters are unordered too.
        domain = self.app_domain("ly", ["city"])
        groups = partners.read_group(domain, ["fleet_segment_id"], ["fleet_segment_id"])
        self.assertEqual(
            sum(group["fleet_segment_id_count"] for group in groups),
            len(partners.search(domain, order="id")),
        )

    def test_counts_respect_the_companies(self):
        # The lookup replaces a condition, not the read rules: a customer
        # of another company is counted neither by its users' search nor
        # through the pairs.
        other_company = self.env["res.company"].create({"name": "Other Fleet Co"})
        elsewhere = self.create_customer(
            "Lyonnaise Autre", "LY-99", city="Lyon", company_id=other_company.id
        )
        for user in (self.internal_user, self.fleet_user):
            partners = self.Partner.with_user(user)
            for columns in (["name"], ["city"], ["name", "ref", "city"]):
                domain = self.app_domain("ly", columns)
                with self.subTest(user=user.login, columns=columns):
                    self.assertIn("fleet_customers_ngrams", self.sql_of(domain))
                    found = partners.search(domain, order="id")
                    self.assertNotIn(elsewhere, found)
                    self.assertEqual(partners.search_count(domain), len(found))
        self.assertIn(elsewhere, self.Partner.search(self.app_domain("ly", ["name"])))

    def test_only_where_it_is_the_same_search(self):
        looked_up = "fleet_customers_ngrams"
        for domain in (
            # Not kept to fleet customers: the indexes hold customers only.
            [("name", "ilike", "ly")],
            ["|", ("is_fleet_customer", "=", True), ("name", "ilike", "ly")],
            # Three characters: trigrams.
            self.app_domain("lyo", ["name"]),
            # LIKE wildcards, not ASCII: Odoo's ILIKE.
            self.app_domain("l%", ["name"]),
            self.app_domain("_y", ["name"]),
            self.app_domain("é", ["city"]),
            # Negated, or ORed with what no index serves: PostgreSQL would
            # compute the pairs of every customer.
            [("is_fleet_customer", "=", True), "!", ("name", "ilike", "ly")],
            [
                ("is_fleet_customer", "=", True),
                "|",
                ("name", "ilike", "ly"),
                ("email", "ilike", "ly"),
            ],
            [("is_fleet_customer", "=", True), ("name", "not ilike", "ly")],
        ):
            with self.subTest(domain=domain):
                self.assertNotIn(looked_up, self.sql_of(domain))
        # ANDed with anything, a short term still is.
        domain = [
            ("is_fleet_customer", "=", True),
            ("email", "ilike", "ly"),
            "|",
            ("name", "ilike", "ly"),
            ("fleet_state_name", "ilike", "ly"),
        ]
        self.assertIn(looked_up, self.sql_of(domain))

    def test_the_count_reads_the_ngram_indexes(self):
        query = self.Partner._search(
            self.app_domain("ly", ["name", "ref", "city"]), limit=10_001
        )
        # On this small database, filtering the dozen customers is cheaper:
        # asked as if computing the pairs cost what it costs at 100,000.
        plan = explain(
            self.env.cr,
            query,
            enable_seqscan="off",
            enable_indexscan="off",
            cpu_operator_cost="1",
        )
        for column in ("name", "ref", "city"):
            self.assertIn(f"res_partner_fleet_{column}_ngram_index", plan, plan)

    def test_a_page_by_number_or_city_never_reads_a_trigram_index(self):
        # Trigram indexes hold nothing for one or two characters: read for
        # them, they are read whole (100 to 200 ms at 100,000 customers).
        # With the list walk ruled out, and asked as if testing the dozen
        # customers here cost what it costs at 100,000, what is left is the
        # lookup.
        for columns in (["ref"], ["city"], ["ref", "city"]):
            query = self.Partner._search(
                self.app_domain("ly", columns), limit=80, order="id"
            )
            plan = explain(
                self.env.cr,
                query,
                enable_seqscan="off",
                enable_indexscan="off",
                cpu_operator_cost="1",
            )
            with self.subTest(columns=columns):
                self.assertNotIn("trgm", plan, plan)
                for column in columns:
                    self.assertIn(f"res_partner_fleet_{column}_ngram_index", plan)

    def test_the_pairs_have_statistics(self):
        # Gathered at install: without them PostgreSQL guesses how many
        # customers hold a pair, and may sort 90,000 for a page of 80.
        self.env.cr.execute(
            """
            SELECT statistics_name FROM pg_stats_ext_exprs
             WHERE tablename = 'res_partner'
               AND expr LIKE 'fleet_customers_ngrams(%%'
            """
        )
        self.assertEqual(
            sorted(name for (name,) in self.env.cr.fetchall()),
            sorted(self.Partner._fleet_ngram_statistics()),
        )

    def test_uninstalling_drops_the_indexes_and_their_function(self):
        # Rolled back with the test: PostgreSQL's DDL is transactional.
        uninstall_hook(self.env)
        # The dropdown texts, no field's columns, go too.
        self.env.cr.execute(
            "SELECT 1 FROM information_schema.columns"
            " WHERE table_name = 'res_partner'"
            " AND column_name IN ('fleet_dropdown_text', 'fleet_partner_text')"
        )
        self.assertFalse(self.env.cr.fetchall())
        self.env.cr.execute(
            "SELECT relname FROM pg_class WHERE relname LIKE %s",
            ["res_partner_fleet_%_ngram_index"],
        )
        self.assertFalse(self.env.cr.fetchall())
        self.env.cr.execute(
            "SELECT stxname FROM pg_statistic_ext WHERE stxname LIKE %s",
            ["res_partner_fleet_%"],
        )
        self.assertFalse(self.env.cr.fetchall())
        self.env.cr.execute(
            "SELECT proname FROM pg_proc WHERE proname = 'fleet_customers_ngrams'"
        )
        self.assertFalse(self.env.cr.fetchall())


class TestTrigramIndexesWithoutPendingList(FleetCustomersCase):
    """Every trigram index the addon puts on partners takes new entries
    straight into the index: a GIN pending list would make every search
    read it whole until the next vacuum."""

    def test_every_trigram_index_writes_through(self):
        self.env.cr.execute(
            """
            SELECT index.relname, coalesce(index.reloptions, '{}')
              FROM pg_index
              JOIN pg_class index ON index.oid = pg_index.indexrelid
              JOIN pg_class tab ON tab.oid = pg_index.indrelid
              JOIN pg_am am ON am.oid = index.relam
             WHERE tab.relname = 'res_partner' AND am.amname = 'gin'
               AND index.relname LIKE 'res_partner_fleet%%'
            """
        )
        indexes = dict(self.env.cr.fetchall())
        # The Customers app's three trigram and three n-gram indexes, and
        # the dropdowns' twelve.
        self.assertEqual(len(indexes), 18, indexes)
        for name, options in indexes.items():
            self.assertIn("fastupdate=off", options, name)


class TestStateSearch(FleetCustomersCase):
    """The Customers app's State search: by name or code as typed, or the
    state picked in its autocompletion (its id)."""

    def state_search(self, value):
        return self.Partner.search(
            [("is_fleet_customer", "=", True), ("fleet_state_name", "ilike", value)]
        )

    def test_by_name_code_or_picked_state(self):
        texas = self.env["res.country.state"].search(
            [("code", "=", "TX"), ("country_id.code", "=", "US")]
        )
        found = self.create_customer("Lone Star Lifts", "S-TX", state_id=texas.id)
        other = self.create_customer("Elsewhere Hire", "S-XX")
        for value in ("texa", "TX", texas.id):
            result = self.state_search(value)
            self.assertIn(found, result, value)
            self.assertNotIn(other, result, value)

    def test_the_search_view_state_field_reads_state_ids(self):
        # Odoo's own state_id ILIKE is a sub-select that scanned all
        # partners at 100,000 customers.
        arch = self.Partner.get_view(
            self.env.ref("fleet_customers.res_partner_fleet_customer_view_search").id,
            "search",
        )["arch"]
        state = etree.fromstring(arch).xpath("//field[@name='state_id']")[0]
        self.assertIn("fleet_state_name", state.get("filter_domain"))
