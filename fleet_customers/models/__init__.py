from . import fleet_customer_segment
from . import fleet_business_unit
from . import fleet_asset_assignment
from . import maintenance_equipment
from . import fleet_membership_level
from . import fleet_deactivation_reason
from . import fleet_customer_contract
from . import ir_attachment
from . import fleet_field_work_mixin
from . import maintenance_stage
from . import maintenance_request
from . import project_task
from . import account_move
from . import account_invoice_report
from . import sale_order
from . import res_company
from . import res_config_settings
from . import res_partner
from . import fleet_telematics_integration
from . import fleet_asset_position
from . import fleet_asset_event

# A SQL view over columns the models above add: created last.
from . import fleet_customer_note
