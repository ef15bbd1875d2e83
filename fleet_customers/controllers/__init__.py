from . import telematics
from . import portal
