{
    "name": "Fleet Customers",
    "summary": "Customers of equipment dealers, rental houses and service "
    "providers: segments, customer numbers, contacts, business units",
    "version": "18.0.1.0.0",
    "category": "Sales/Fleet Customers",
    "website": "https://github.com/fleet-customers/fleet_customers",
    "author": "Fleet Customers developers",
    "license": "LGPL-3",
    "development_status": "Beta",
    "maintainers": ["fleet-customers"],
    "application": True,
    "installable": True,
    "depends": ["contacts", "mail", "phone_validation"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/fleet_customers_groups.xml",
        "security/ir.model.access.csv",
        "security/fleet_customers_rules.xml",
        "data/fleet_customer_segment_data.xml",
        "wizards/fleet_customer_wizard_views.xml",
        "views/fleet_customer_segment_views.xml",
        "views/fleet_business_unit_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_partner_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "fleet_customers/static/tests/tours/*.js",
        ],
    },
}
