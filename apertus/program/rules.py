from apertus.accounts.rules import is_coordinator
from apertus.core.permissions import add_rule, always_allow

add_rule("program.view_phase", always_allow)
add_rule("program.change_phase", is_coordinator)
add_rule("program.change_participation", is_coordinator)
