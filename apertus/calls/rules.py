"""Who may do what with calls, applications and their review.

- A call is public once published; drafts exist only for coordination.
- An application is seen by its applicant and coordination. Evaluators see an application only
  through an assignment of their own institution, and never another institution's scores.
- Proofs of address are private Documents (``documents.view_document``: coordination and the
  uploader, who is the applicant).
"""

from apertus.accounts.rules import is_authenticated, is_coordinator
from apertus.core.permissions import add_rule, predicate


@predicate
def is_published_call(user, obj):
    return bool(obj is not None and getattr(obj, "is_published", False))


@predicate
def has_published_results(user, obj):
    return bool(obj is not None and obj.is_published and obj.results_published_at is not None)


@predicate
def is_verified(user, obj):
    """The person proved they control their e-mail (allauth). Read once per request."""
    if not (user and user.is_authenticated):
        return False
    cached = getattr(user, "_calls_verified", None)
    if cached is None:
        from allauth.account.models import EmailAddress

        cached = EmailAddress.objects.filter(user_id=user.pk, verified=True).exists()
        user._calls_verified = cached
    return cached


@predicate
def is_own_application(user, obj):
    return bool(user and user.is_authenticated and obj is not None and obj.applicant_id == user.pk)


@predicate
def is_evaluator_for(user, obj):
    """``obj`` is an EvaluationAssignment or Interview of an institution ``user`` works for in that
    call, in a role that covers that kind of work (scoring, interviewing or both)."""
    from apertus.calls.models import Interview
    from apertus.calls.selectors.review import evaluator_scopes

    if obj is None:
        return False
    kind = "interview" if isinstance(obj, Interview) else "evaluation"
    return (obj.application.call_id, obj.organization_id) in evaluator_scopes(user, kind)


@predicate
def is_scoring_final(user, obj):
    """The application behind an evaluation or interview has every assigned score submitted."""
    return bool(obj is not None and obj.application.scoring_final_at is not None)


@predicate
def is_evaluator_somewhere(user, obj):
    from apertus.calls.selectors.review import evaluator_scopes

    return bool(evaluator_scopes(user))


add_rule("calls.view_call", is_published_call | is_coordinator)
add_rule("calls.manage_call", is_coordinator)
add_rule("calls.apply", is_authenticated & is_verified & is_published_call)
add_rule("calls.change_application", is_authenticated & is_own_application)
add_rule("calls.evaluate", is_authenticated & is_evaluator_somewhere)
add_rule("calls.view_evaluation", is_evaluator_for | is_coordinator)
add_rule("calls.score_evaluation", is_authenticated & is_evaluator_for)
add_rule("calls.view_interview", is_evaluator_for | is_coordinator)
add_rule("calls.conduct_interview", is_authenticated & is_evaluator_for & is_scoring_final)
# Blind until final: the applicant's identity (name, e-mail, identifying video) is withheld from
# evaluators until the last assigned institution has submitted its scores.
add_rule("calls.view_identity", (is_evaluator_for & is_scoring_final) | is_coordinator)
add_rule("calls.view_agreement", is_coordinator)
add_rule("calls.view_results", has_published_results | is_coordinator)
