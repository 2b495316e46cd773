"""Who may see the results framework (everyone) and who asks for and reads funder reports (coordination)."""

from apertus.accounts.rules import is_coordinator
from apertus.core.permissions import add_rule, always_allow

add_rule("results.view_framework", always_allow)
# A funder report gathers figures before they are public everywhere and names the period's work in
# detail: coordination alone asks for it and downloads it.
add_rule("results.request_funder_report", is_coordinator)
add_rule("results.view_funder_report", is_coordinator)
