from django import template

from apertus.core.cache import versioned
from apertus.plans.models import Commitment

register = template.Library()


@register.filter
def rule_text(rule, part: str) -> str:
    """A quality rule's "what", "why" or "fix", in the page's language."""
    return rule.text(part)


@register.simple_tag
def advice_summary(commitments):
    """The IRM design assessment summed up over a queryset of commitments (one query)."""
    from apertus.advice.selectors import assessments_summary

    return assessments_summary(commitments)


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or nothing (an empty dict) when it is missing."""
    return (mapping or {}).get(key, {}) if hasattr(mapping, "get") else {}


@register.simple_tag
def irm_assessment(commitment):
    from apertus.advice.models import IRMAssessment

    # The same for everyone who may see it: read once per content version.
    found = versioned(
        "irm-assessment",
        [commitment.pk],
        lambda: IRMAssessment.objects.filter(commitment=commitment).select_related("assessed_by").first() or False,
    )
    return found or None


@register.simple_tag
def state_advice_summary(state):
    """The design assessment summed up over the commitments of the state's published plans."""
    from apertus.advice.rules import PUBLISHED
    from apertus.advice.selectors import assessments_summary

    return assessments_summary(Commitment.objects.filter(plan__state=state, plan__status__in=PUBLISHED))
