"""Taking a quiz. The page never carries the answer key before the attempt is sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apertus.core.forms import run_action
from apertus.core.permissions import visible_or_404
from apertus.learning import selectors, services
from apertus.learning.models import Attempt
from apertus.learning.views.common import visible_activity


@login_required
@require_POST
def attempt_start(request, pk: int):
    activity = visible_activity(request, pk)
    started = run_action(request, lambda: services.attempt_start(actor=request.user, activity=activity))
    if not started:
        return redirect("learning:activity", activity.pk)
    return redirect("learning:attempt", started.result.pk)


def _answers_from(request, questions) -> dict[int, list[str]]:
    answers = {}
    for question in questions:
        values = [v for v in request.POST.getlist(f"q{question.pk}") if v.isdigit()]
        if values:
            answers[question.pk] = values
    return answers


def _results(attempt: Attempt, questions) -> list[dict]:
    """Per question: the options with what was marked and, if revealed, which were right."""
    from apertus.learning import grading

    selected = set(attempt.selections.values_list("option_id", flat=True))
    rows = []
    for question in questions:
        options = list(question.options.all())
        correct = {o.pk for o in options if o.is_correct}
        share = grading.question_score(question.kind, correct, selected, {o.pk for o in options})
        rows.append(
            {
                "question": question,
                "options": [(o, o.pk in selected) for o in options],
                "earned": grading.to_cents(share * question.points),
            }
        )
    return rows


def _attempt_page(request, attempt: Attempt, *, status: int = 200):
    questions = list(selectors.questions_of(attempt.activity))
    used = Attempt.objects.filter(activity=attempt.activity, fellow_id=attempt.fellow_id).count()
    context = {
        "attempt": attempt,
        "activity": attempt.activity,
        "program": attempt.activity.program,
        "is_mine": attempt.fellow_id == request.user.pk,
    }
    if attempt.is_open:
        context["questions"] = questions
        context["selected"] = set(attempt.selections.values_list("option_id", flat=True))
        context["time_up"] = bool(attempt.deadline and timezone.now() > attempt.deadline)
    else:
        context["results"] = _results(attempt, questions)
        context["reveal"] = services.reveals_answers(attempt, attempts_used=used)
    return render(request, "learning/attempt.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def attempt_detail(request, pk: int):
    # another fellow's attempt does not exist for you
    attempt = visible_or_404(request.user, "learning.view_attempt", selectors.attempt_get(pk=pk))
    if request.method == "GET":
        return _attempt_page(request, attempt)
    submit = request.POST.get("accion") == "enviar"
    if not run_action(
        request,
        lambda: services.attempt_answer(
            actor=request.user,
            attempt=attempt,
            answers=_answers_from(request, attempt.activity.questions.all()),
            submit=submit,
        ),
    ):
        attempt.refresh_from_db()
        return _attempt_page(request, attempt, status=400)
    if submit:
        messages.success(request, _("Enviaste tus respuestas."))
    else:
        messages.success(request, _("Guardamos tus respuestas."))
    return redirect("learning:attempt", attempt.pk)
