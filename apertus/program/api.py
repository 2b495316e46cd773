from ninja import Router, Schema

from apertus.program import selectors

router = Router()


class ParticipationOut(Schema):
    state_code: str
    state_name: str
    declaration_date: str | None
    status_summary: str

    @staticmethod
    def resolve_state_code(obj) -> str:
        return obj.state.code

    @staticmethod
    def resolve_state_name(obj) -> str:
        return obj.state.short_name

    @staticmethod
    def resolve_declaration_date(obj) -> str | None:
        return obj.declaration_date.isoformat() if obj.declaration_date else None


class PhaseOut(Schema):
    number: int
    year: int
    name_es: str
    name_en: str
    fellows_goal: int
    states: list[ParticipationOut]

    @staticmethod
    def resolve_states(obj):
        return list(obj.participations.all())


class PartnerOut(Schema):
    name: str
    acronym: str
    role: str

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_acronym(obj) -> str:
        return obj.organization.acronym


@router.get("/phases", response=list[PhaseOut], summary="Fases del programa y sus entidades")
def list_phases(request):
    return selectors.phase_list()


@router.get("/partners", response=list[PartnerOut], summary="Aliados del programa")
def list_partners(request):
    return selectors.partner_list()
