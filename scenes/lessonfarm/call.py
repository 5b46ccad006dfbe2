"""The one function the build sends to a Dask cluster, sent by value: it names a function of this
project and calls it on the worker. So the scheduler, which reads every task it is given, needs
nothing of the project; only the workers do."""
from __future__ import annotations

import builtins
import types


def call(name: str, *args):
    """Import ``name`` ("package.module.function") on the worker and call it with ``args``."""
    import importlib

    module, _, function = name.rpartition(".")
    return getattr(importlib.import_module(module), function)(*args)


def by_value(fn=call):
    """A copy of ``fn`` that pickle cannot find by its name, so Dask sends its code (with cloudpickle)
    instead of a reference to this module, which the scheduler may not have."""
    copy = types.FunctionType(fn.__code__, {"__builtins__": builtins}, fn.__name__)
    copy.__module__ = "__lessonfarm_call__"
    return copy
