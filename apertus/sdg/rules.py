from apertus.core.permissions import add_rule  # noqa: F401
