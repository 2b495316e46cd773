from apertus.accounts.rules import is_coordinator
from apertus.core.permissions import add_rule, always_allow

add_rule("taxonomy.view_term", always_allow)
add_rule("taxonomy.change_term", is_coordinator)
