from . import fleet_customer_wizard
from . import fleet_customer_wizard_contact
from . import fleet_asset_assign_wizard
from . import fleet_asset_unassign_wizard
from . import fleet_customer_deactivate_wizard
from . import fleet_customer_reactivate_wizard
from . import fleet_telematics_key_show
