"""Evaluators' pages: their institution's assignments only, and never anyone else's scores."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apertus.calls import selectors, services
from apertus.calls.forms import EvaluationForm, InterviewForm
from apertus.calls.models import EvaluationAssignment, Interview
from apertus.core.forms import apply_service
from apertus.core.permissions import has_perm, need


@login_required
def evaluator_home(request):
    need(request.user, "calls.evaluate")
    return render(
        request,
        "calls/evaluator_home.html",
        {"evaluations": selectors.evaluations_for(request.user), "interviews": selectors.interviews_for(request.user)},
    )


def _visible(user, obj, permission):
    # Someone else's assignment answers 404, exactly like one that does not exist.
    if not has_perm(user, permission, obj):
        raise Http404


@login_required
def evaluation(request, pk: int):
    try:
        assignment = selectors.evaluation_get(pk=pk)
    except EvaluationAssignment.DoesNotExist:
        raise Http404 from None
    _visible(request.user, assignment, "calls.view_evaluation")
    call = assignment.application.call
    criteria = list(call.criteria.all())
    scores = {s.criterion_id: s for s in assignment.scores.all()}  # this institution's own, nobody else's
    can_score = has_perm(request.user, "calls.score_evaluation", assignment)
    editable = can_score and not assignment.is_submitted and call.selection_confirmed_at is None
    form = EvaluationForm(request.POST or None, criteria=criteria, scores=scores)
    if request.method == "POST":
        need(request.user, "calls.score_evaluation", assignment)
        if form.is_valid():
            if apply_service(
                form,
                lambda: services.evaluation_save(
                    actor=request.user, assignment=assignment, scores=form.scores(), submit="submit" in request.POST
                ),
            ):
                messages.success(request, _("Evaluación enviada.") if "submit" in request.POST else _("Guardado."))
                return redirect("calls:evaluation", pk=assignment.pk)
    application = assignment.application
    return render(
        request,
        "calls/evaluation.html",
        {
            "assignment": assignment,
            "application": application,
            "call": call,
            "form": form,
            "editable": editable,
            "criteria_scores": [(c, scores.get(c.pk)) for c in criteria],
            "cv": selectors.cv_by_section(application),
            "identity": has_perm(request.user, "calls.view_identity", assignment),
        },
    )


@login_required
def interview(request, pk: int):
    try:
        item = selectors.interview_get(pk=pk)
    except Interview.DoesNotExist:
        raise Http404 from None
    _visible(request.user, item, "calls.view_interview")
    call = item.application.call
    questions = list(call.questions.all())
    answers = {a.question_id: a.value for a in item.answers.all()}
    can_interview = has_perm(request.user, "calls.conduct_interview", item)
    editable = can_interview and not item.is_submitted and call.selection_confirmed_at is None
    form = InterviewForm(request.POST or None, questions=questions, answers=answers, initial={"notes": item.notes})
    if request.method == "POST":
        need(request.user, "calls.conduct_interview", item)
        if form.is_valid():
            if apply_service(
                form,
                lambda: services.interview_save(
                    actor=request.user,
                    interview=item,
                    answers=form.answers(),
                    notes=form.cleaned_data["notes"],
                    submit="submit" in request.POST,
                ),
            ):
                messages.success(request, _("Entrevista enviada.") if "submit" in request.POST else _("Guardado."))
                return redirect("calls:interview", pk=item.pk)
    return render(
        request,
        "calls/interview.html",
        {
            "interview": item,
            "application": item.application,
            "call": call,
            "form": form,
            "editable": editable,
            "identity": has_perm(request.user, "calls.view_identity", item),
            "scoring_final": item.application.scoring_final_at is not None,
            "answers": [(q, answers.get(q.pk)) for q in questions],
        },
    )
