"""Who may open a personal dashboard: anyone signed in (each section shows only their own work)."""

from apertus.accounts.rules import is_authenticated
from apertus.core.permissions import add_rule

add_rule("dashboard.view_dashboard", is_authenticated)
