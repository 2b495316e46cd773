from apertus.core.permissions import add_rule, always_allow, fact

add_rule("organizations.view_organization", always_allow)
add_rule("organizations.change_organization", fact("accounts.is_coordinator"))
