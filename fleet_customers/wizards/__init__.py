from . import fleet_customer_wizard
from . import fleet_customer_wizard_contact
