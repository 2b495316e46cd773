from apertus.core.permissions import add_rule, always_allow

add_rule("portal.view_home", always_allow)
add_rule("portal.view_open_data", always_allow)
