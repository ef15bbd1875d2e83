import re

from lxml import etree

from .common import FleetCustomersCase, explain


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
    order, and its pager's count reads that index alone: the index carries
    every column of the partners' read rule."""

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

    def test_count_needs_no_partner_row(self):
        # Which index PostgreSQL picks on this small database depends on its
        # statistics; what makes the count an index-only scan at scale is
        # that every column its query reads is in the index.
        partners = self.Partner.with_user(self.fleet_user)
        query = partners._search([("is_fleet_customer", "=", True)], limit=10_001)
        sql = query.select().code
        read = set(re.findall(r'"res_partner"\."(\w+)"', sql))
        self.env.cr.execute(
            """
            SELECT array_agg(attribute.attname::text)
              FROM pg_index index
              JOIN pg_class class ON class.oid = index.indexrelid
              JOIN pg_attribute attribute
                ON attribute.attrelid = index.indrelid
               AND attribute.attnum = ANY(index.indkey)
             WHERE class.relname = 'res_partner_fleet_customer_list_index'
            """
        )
        covered = set(self.env.cr.fetchone()[0] or ())
        # is_fleet_customer is the index's own condition.
        self.assertLessEqual(read - {"is_fleet_customer"}, covered, sql)
        self.assertIn("company_id", read, "the read rule is in the query")


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
