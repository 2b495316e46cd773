"""Who may do what with open data: everyone reads it; fellows keep a private course calendar."""

from apertus.accounts.models import Role
from apertus.accounts.selectors import has_role
from apertus.core.permissions import add_rule, always_allow, predicate


@predicate
def is_fellow(user, obj):
    return bool(user and user.is_authenticated and user.is_active and has_role(user, Role.FELLOW))


add_rule("opendata.view_catalog", always_allow)
add_rule("opendata.manage_calendar_token", is_fellow)
