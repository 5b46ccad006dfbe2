"""The one exception type netcore raises for bad input."""


class NetcoreError(Exception):
    """A problem with the user's input (a file, a shape, an option), stated in one line."""
