"""netcore: the small numpy neural network behind every number the lesson's videos show."""
from .errors import NetcoreError
from .network import DEFAULT_SIZES, Network, Trace

__all__ = ["NetcoreError", "Network", "Trace", "DEFAULT_SIZES"]
