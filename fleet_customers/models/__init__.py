from . import fleet_customer_segment
from . import fleet_business_unit
from . import fleet_asset_assignment
from . import maintenance_equipment
from . import res_company
from . import res_config_settings
from . import res_partner
