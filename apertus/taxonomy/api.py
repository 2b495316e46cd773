from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.taxonomy import selectors
from apertus.taxonomy.models import Scheme

router = Router()


class TermOut(Schema):
    scheme: str
    code: str
    parent_code: str | None
    name_es: str
    name_en: str
    short_es: str
    short_en: str
    color: str
    is_current: bool

    @staticmethod
    def resolve_parent_code(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None


@router.get(
    "/{scheme}",
    response=list[TermOut],
    summary="Términos de un vocabulario (sdg_goal, sdg_target, sdg_indicator, ogp_value, theme)",
)
@paginate(LimitOffsetPagination)
def list_terms(request, scheme: str):
    if scheme not in Scheme.values:
        raise HttpError(404, f"Vocabulario desconocido: {scheme}")
    return selectors.term_list(scheme=scheme)
