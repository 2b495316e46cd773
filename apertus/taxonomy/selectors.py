from django.db.models import Count, Prefetch, QuerySet

from apertus.taxonomy.models import Scheme, Term


def goal_list() -> QuerySet[Term]:
    return Term.objects.filter(scheme=Scheme.SDG_GOAL).annotate(target_count=Count("children")).order_by("position")


def goal_get(*, number: int) -> Term:
    """A goal with its targets and their indicators: three queries whatever their number."""
    indicators = Term.objects.filter(scheme=Scheme.SDG_INDICATOR).order_by("position")
    targets = (
        Term.objects.filter(scheme=Scheme.SDG_TARGET)
        .order_by("position")
        .prefetch_related(Prefetch("children", queryset=indicators, to_attr="indicators"))
    )
    return (
        Term.objects.filter(scheme=Scheme.SDG_GOAL, code=str(number))
        .prefetch_related(Prefetch("children", queryset=targets, to_attr="targets"))
        .get()
    )


def term_list(*, scheme: str) -> QuerySet[Term]:
    return Term.objects.filter(scheme=scheme).select_related("parent").order_by("position", "code")
