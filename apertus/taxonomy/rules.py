from apertus.core.permissions import add_rule, always_allow, fact

add_rule("taxonomy.view_term", always_allow)
add_rule("taxonomy.change_term", fact("accounts.is_coordinator"))
