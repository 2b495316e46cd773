"""The home page's figures, each computed from the database in one query."""

from dataclasses import dataclass

from apertus.accounts.selectors import fellows_count
from apertus.organizations.selectors import organizations_count
from apertus.program.selectors import participating_states_count


@dataclass(frozen=True)
class ProgramFigures:
    states: int
    fellows: int
    organizations: int


def program_figures() -> ProgramFigures:
    return ProgramFigures(
        states=participating_states_count(),
        fellows=fellows_count(),
        organizations=organizations_count(),
    )
