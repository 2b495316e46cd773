"""Site search over public records. Simple and portable (icontains on SQLite and PostgreSQL)."""

from django.db.models import Q


def search(query: str, limit: int = 20) -> dict[str, list]:
    from apertus.organizations.models import Organization
    from apertus.plans.models import Commitment
    from apertus.plans.selectors import public_plans
    from apertus.taxonomy.models import Scheme, Term
    from apertus.territories.models import State

    query = " ".join(query.split())[:100]
    if len(query) < 2:
        return {}
    plans = public_plans()
    return {
        "commitments": list(Commitment.objects.filter(plan__in=plans)
                            .filter(Q(title__icontains=query) | Q(problem__icontains=query) | Q(objective__icontains=query))
                            .select_related("plan__state").order_by("plan__state__short_name", "number")[:limit]),
        "plans": list(plans.filter(title__icontains=query)[:limit]),
        "states": list(State.objects.filter(Q(short_name__icontains=query) | Q(name__icontains=query))[:limit]),
        "organizations": list(Organization.objects.filter(Q(name__icontains=query) | Q(acronym__icontains=query))[:limit]),
        "sdg": list(Term.objects.filter(scheme__in=[Scheme.SDG_GOAL, Scheme.SDG_TARGET])
                    .filter(Q(name_es__icontains=query) | Q(name_en__icontains=query) | Q(code=query))
                    .order_by("scheme", "position")[:limit]),
    }
