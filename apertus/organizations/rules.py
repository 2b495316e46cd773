from apertus.accounts.rules import is_coordinator
from apertus.core.permissions import add_rule, always_allow

add_rule("organizations.view_organization", always_allow)
add_rule("organizations.change_organization", is_coordinator)
