"""The customer portal: a fleet customer's contacts with portal access see
their customer's assets, sites, contracts and work orders.

Every read below runs as the portal user: the record rules of
security/fleet_customers_portal_rules.xml keep them to their commercial
partner's records, and fleet.portal.mixin to the fields meant for them.
sudo() is used only after that check, to show names of records they may
not read themselves (an asset's category, a work order's stage), and says
so where it is.
"""

import json
from collections import defaultdict

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

PAGE_SIZE = 20


class FleetCustomerPortal(CustomerPortal):
    # ------------------------------------------------------------------
    # Who is asking
    # ------------------------------------------------------------------

    def _fleet_customer(self):
        """The fleet customer of the current user, or an empty recordset.
        A deactivated one's contacts never get here: ir.http answers every
        /my page for them (models/ir_http.py)."""
        return request.env.user._fleet_customer()

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        customer = self._fleet_customer()
        wanted = {
            "fleet_asset_count": ("maintenance.equipment", self._fleet_asset_domain),
            "fleet_site_count": ("res.partner", self._fleet_site_domain),
            "fleet_contract_count": (
                "fleet.customer.contract",
                self._fleet_contract_domain,
            ),
            "fleet_work_order_count": (
                "maintenance.request",
                self._fleet_work_order_domain,
            ),
        }
        for counter, (model, domain) in wanted.items():
            if counter not in counters:
                continue
            if not customer:
                values[counter] = 0
                continue
            Model = request.env[model]
            values[counter] = (
                Model.search_count(domain(customer)) if Model.has_access("read") else 0
            )
        return values

    # ------------------------------------------------------------------
    # Domains: the customer's records (the record rules say the same for
    # portal users; internal users visiting /my see their own customer's)
    # ------------------------------------------------------------------

    def _fleet_asset_domain(self, customer):
        return [("fleet_customer_id", "=", customer.id)]

    def _fleet_history_domain(self, customer):
        return [("partner_id", "=", customer.id)]

    def _fleet_site_domain(self, customer):
        return [("parent_id", "=", customer.id), ("type", "=", "fleet_site")]

    def _fleet_contract_domain(self, customer):
        return [("partner_id", "=", customer.id)]

    def _fleet_work_order_domain(self, customer):
        return [("fleet_customer_id", "=", customer.id)]

    # ------------------------------------------------------------------
    # Shared by the pages
    # ------------------------------------------------------------------

    def _fleet_get(self, model, record_id, domain):
        """The record ``record_id`` of ``model`` if it is the current
        user's customer's, read as the user; else 404 (never telling a
        record of another customer from one that does not exist)."""
        customer = self._fleet_customer()
        if not customer:
            raise NotFound()
        records = request.env[model].search(
            expression.AND([[("id", "=", record_id)], domain(customer)]), limit=1
        )
        if not records:
            raise NotFound()
        return records

    def _fleet_list(
        self,
        model,
        domain,
        url,
        page,
        sortings,
        sortby,
        searches,
        search_in,
        search,
        groupbys=None,
        groupby=None,
    ):
        """Values of a portal list page: search, sort, group and pager, as
        Odoo's portal lists do; the records read as the user."""
        sortby = sortby if sortby in sortings else next(iter(sortings))
        search_in = search_in if search_in in searches else next(iter(searches))
        if search:
            make_domain = searches[search_in].get("domain") or (
                lambda term, field=searches[search_in]["field"]: [
                    (field, "ilike", term)
                ]
            )
            domain = expression.AND([domain, make_domain(search)])
        groupbys = groupbys or {}
        groupby = groupby if groupby in groupbys else "none"
        Model = request.env[model]
        count = Model.search_count(domain)
        pager = portal_pager(
            url=url,
            url_args={
                "sortby": sortby,
                "search_in": search_in,
                "search": search,
                "groupby": groupby,
            },
            total=count,
            page=page,
            step=PAGE_SIZE,
        )
        order = sortings[sortby]["order"]
        group_field = groupbys.get(groupby, {}).get("field")
        if group_field:
            order = f"{group_field}, {order}"
        records = Model.search(
            domain, order=order, limit=PAGE_SIZE, offset=pager["offset"]
        )
        if group_field:
            groups = defaultdict(list)
            for record in records:
                groups[record[group_field]].append(record.id)
            grouped = [(group, Model.browse(ids)) for group, ids in groups.items()]
        else:
            grouped = [(None, records)] if records else []
        return {
            "records": records,
            "grouped_records": grouped,
            "pager": pager,
            "default_url": url,
            "searchbar_sortings": {
                key: {"label": value["label"]} for key, value in sortings.items()
            },
            "sortby": sortby,
            "searchbar_inputs": {
                key: {"input": key, "label": value["label"]}
                for key, value in searches.items()
            },
            "search_in": search_in,
            "search": search,
            "searchbar_groupby": {
                key: {"input": key, "label": value["label"]}
                for key, value in groupbys.items()
            },
            "groupby": groupby,
        }

    def _fleet_render(self, template, values):
        page = self._prepare_portal_layout_values()
        page.update(values)
        return request.render(template, page)

    # ------------------------------------------------------------------
    # Assets
    # ------------------------------------------------------------------

    @http.route(
        ["/my/assets", "/my/assets/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_fleet_assets(
        self, page=1, sortby=None, search_in=None, search=None, groupby=None, **kw
    ):
        """The assets the customer holds and held: its periods of holding
        them (fleet.asset.assignment), with dates, by site."""
        customer = self._fleet_customer()
        domain = self._fleet_history_domain(customer) if customer else [("id", "=", 0)]
        values = self._fleet_list(
            "fleet.asset.assignment",
            domain,
            "/my/assets",
            page,
            sortings={
                "date": {
                    "label": request.env._("Newest"),
                    "order": "date_start desc, id desc",
                },
                "name": {
                    "label": request.env._("Asset"),
                    "order": "equipment_id, id desc",
                },
            },
            sortby=sortby,
            searches={
                "name": {
                    "label": request.env._("Search in Assets"),
                    "domain": lambda term: self._fleet_held_domain(
                        customer, "name", term
                    ),
                },
                "serial": {
                    "label": request.env._("Search in Serial Numbers"),
                    "domain": lambda term: self._fleet_held_domain(
                        customer, "serial_no", term
                    ),
                },
            },
            search_in=search_in,
            search=search,
            groupbys={
                "none": {"label": request.env._("None")},
                "site": {"label": request.env._("Site"), "field": "site_id"},
            },
            groupby=groupby,
        )
        values["page_name"] = "fleet_assets"
        return self._fleet_render("fleet_customers.portal_my_fleet_assets", values)

    def _fleet_held_domain(self, customer, fname, term):
        """Periods of assets whose ``fname`` contains ``term``, among the
        assets the customer holds or held (some of which it may no longer
        read: another customer holds them now)."""
        held = request.env["fleet.asset.assignment"].search(
            self._fleet_history_domain(customer)
        )
        # sudo: only among the assets of the customer's own periods, read
        # above as the user; only their ids leave this method.
        matching = (
            request.env["maintenance.equipment"]
            .sudo()
            .with_context(active_test=False)
            ._search([("id", "in", held.equipment_id.ids), (fname, "ilike", term)])
        )
        return [("equipment_id", "in", matching)]

    @http.route("/my/assets/<int:asset_id>", type="http", auth="user", website=True)
    def portal_my_fleet_asset(self, asset_id, **kw):
        asset = self._fleet_get(
            "maintenance.equipment", asset_id, self._fleet_asset_domain
        )
        customer = self._fleet_customer()
        events = request.env["fleet.asset.event"].search(
            [("equipment_id", "=", asset.id), ("customer_id", "=", customer.id)],
            limit=20,
        )
        work_orders = request.env["maintenance.request"].search(
            expression.AND(
                [
                    self._fleet_work_order_domain(customer),
                    [("equipment_id", "=", asset.id), ("stage_id.done", "=", False)],
                ]
            )
        )
        # sudo: the asset is the customer's (read above as the user); its
        # documents flagged for the customer are shown through Odoo's
        # access tokens, as the portal shows attachments.
        documents = (
            request.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "maintenance.equipment"),
                    ("res_id", "=", asset.id),
                    ("fleet_show_on_portal", "=", True),
                ]
            )
        )
        documents.generate_access_token()
        # A refused service request (controllers/portal_request.py).
        refused = request.session.pop("fleet_request_error", None) or {}
        if refused.get("asset_id") != asset.id:
            refused = {}
        values = {
            "page_name": "fleet_asset",
            "asset": asset,
            "request_error": refused.get("message"),
            "request_description": refused.get("description"),
            # sudo: the category's name, of the asset checked above.
            "asset_category": asset.sudo().category_id.name,
            "events": events,
            "work_orders": work_orders,
            "documents": documents,
        }
        values = self._get_page_view_values(
            asset, None, values, "my_fleet_assets_history", False
        )
        return self._fleet_render("fleet_customers.portal_my_fleet_asset", values)

    # ------------------------------------------------------------------
    # Sites
    # ------------------------------------------------------------------

    @http.route(
        ["/my/sites", "/my/sites/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_fleet_sites(
        self, page=1, sortby=None, search_in=None, search=None, **kw
    ):
        customer = self._fleet_customer()
        domain = self._fleet_site_domain(customer) if customer else [("id", "=", 0)]
        values = self._fleet_list(
            "res.partner",
            domain,
            "/my/sites",
            page,
            sortings={
                "name": {"label": request.env._("Name"), "order": "name, id"},
                "city": {"label": request.env._("City"), "order": "city, name, id"},
            },
            sortby=sortby,
            searches={
                "name": {"label": request.env._("Search in Sites"), "field": "name"},
                "city": {"label": request.env._("Search in Cities"), "field": "city"},
            },
            search_in=search_in,
            search=search,
        )
        values["page_name"] = "fleet_sites"
        return self._fleet_render("fleet_customers.portal_my_fleet_sites", values)

    @http.route("/my/sites/<int:site_id>", type="http", auth="user", website=True)
    def portal_my_fleet_site(self, site_id, **kw):
        site = self._fleet_get("res.partner", site_id, self._fleet_site_domain)
        values = {
            "page_name": "fleet_site",
            "site": site,
            "geofence_json": json.dumps(site.fleet_geofence or {}),
        }
        return self._fleet_render("fleet_customers.portal_my_fleet_site", values)

    # ------------------------------------------------------------------
    # Contracts
    # ------------------------------------------------------------------

    @http.route(
        ["/my/contracts", "/my/contracts/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_fleet_contracts(
        self, page=1, sortby=None, search_in=None, search=None, **kw
    ):
        customer = self._fleet_customer()
        domain = self._fleet_contract_domain(customer) if customer else [("id", "=", 0)]
        values = self._fleet_list(
            "fleet.customer.contract",
            domain,
            "/my/contracts",
            page,
            sortings={
                "date": {
                    "label": request.env._("Newest"),
                    "order": "date_start desc, id desc",
                },
                "end": {"label": request.env._("End Date"), "order": "date_end, id"},
            },
            sortby=sortby,
            searches={
                "name": {
                    "label": request.env._("Search in Contracts"),
                    "field": "name",
                },
            },
            search_in=search_in,
            search=search,
        )
        values["page_name"] = "fleet_contracts"
        return self._fleet_render("fleet_customers.portal_my_fleet_contracts", values)

    @http.route(
        "/my/contracts/<int:contract_id>", type="http", auth="user", website=True
    )
    def portal_my_fleet_contract(self, contract_id, **kw):
        contract = self._fleet_get(
            "fleet.customer.contract", contract_id, self._fleet_contract_domain
        )
        values = {
            "page_name": "fleet_contract",
            "contract": contract,
            # sudo: the level's name, of the contract checked above.
            "level_name": contract.sudo().membership_level_id.name,
        }
        values = self._get_page_view_values(
            contract, None, values, "my_fleet_contracts_history", False
        )
        return self._fleet_render("fleet_customers.portal_my_fleet_contract", values)

    # ------------------------------------------------------------------
    # Work orders
    # ------------------------------------------------------------------

    @http.route(
        ["/my/work-orders", "/my/work-orders/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_fleet_work_orders(
        self, page=1, sortby=None, search_in=None, search=None, groupby=None, **kw
    ):
        customer = self._fleet_customer()
        domain = (
            self._fleet_work_order_domain(customer) if customer else [("id", "=", 0)]
        )
        values = self._fleet_list(
            "maintenance.request",
            domain,
            "/my/work-orders",
            page,
            sortings={
                "date": {
                    "label": request.env._("Newest"),
                    "order": "request_date desc, id desc",
                },
                "name": {"label": request.env._("Subject"), "order": "name, id"},
            },
            sortby=sortby,
            searches={
                "name": {
                    "label": request.env._("Search in Work Orders"),
                    "field": "name",
                },
                "asset": {
                    "label": request.env._("Search in Assets"),
                    "field": "equipment_id.name",
                },
            },
            search_in=search_in,
            search=search,
            groupbys={
                "none": {"label": request.env._("None")},
                "stage": {"label": request.env._("Stage"), "field": "stage_id"},
                "site": {"label": request.env._("Site"), "field": "fleet_site_id"},
            },
            groupby=groupby,
        )
        values["page_name"] = "fleet_work_orders"
        return self._fleet_render("fleet_customers.portal_my_fleet_work_orders", values)

    @http.route(
        "/my/work-orders/<int:work_order_id>", type="http", auth="user", website=True
    )
    def portal_my_fleet_work_order(self, work_order_id, **kw):
        work_order = self._fleet_get(
            "maintenance.request", work_order_id, self._fleet_work_order_domain
        )
        values = {
            "page_name": "fleet_work_order",
            "work_order": work_order,
            # Just opened by a service request (controllers/portal_request.py).
            "request_sent": request.session.pop("fleet_request_sent", None)
            == work_order.id,
        }
        values = self._get_page_view_values(
            work_order, None, values, "my_fleet_work_orders_history", False
        )
        return self._fleet_render("fleet_customers.portal_my_fleet_work_order", values)
