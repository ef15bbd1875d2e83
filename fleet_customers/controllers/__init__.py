from . import telematics
from . import portal
from . import portal_request
