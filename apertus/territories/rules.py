from apertus.core.permissions import add_rule, always_allow

# The catalogue of states and municipalities is public reference data; only loading changes it.
add_rule("territories.view_state", always_allow)
