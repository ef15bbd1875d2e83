from . import telematics
