"""Questionnaire pages: the cohort's list, answering, the staff editor, results and their XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apertus.core.forms import apply_service, run_action, try_service
from apertus.core.permissions import has_perm, need
from apertus.learning.progress import ActivityLocked, is_unlocked
from apertus.learning.selectors import roster, staff_states
from apertus.learning.views.common import course_or_404
from apertus.surveys import exports, selectors, services
from apertus.surveys.forms import AnswerForm, ChoiceFormSet, QuestionForm, QuestionnaireForm, choice_rows
from apertus.surveys.models import QuestionKind

PER_PAGE = 50
MIN_RATING_RESPONSES = 3  # below this, a rated facilitator could tell who said what


def _questionnaire(request, year: int, pk: int):
    """The questionnaire if ``request.user`` may see it at all: 404 if it does not exist for them
    (a draft, another cohort's facilitator survey), 403 outside the cohort."""
    questionnaire = selectors.questionnaire_get(pk=pk, year=year)
    if questionnaire is None:
        raise Http404
    user = request.user
    if has_perm(user, "surveys.view_questionnaire", questionnaire) or has_perm(
        user, "surveys.view_own_rating", questionnaire
    ):
        return questionnaire
    if has_perm(user, "surveys.view_list", questionnaire.program):
        raise Http404
    raise PermissionDenied


def _managed(request, year: int, pk: int):
    questionnaire = _questionnaire(request, year, pk)
    need(request.user, "surveys.change_questionnaire", questionnaire)
    return questionnaire


def _context(questionnaire, **extra) -> dict:
    return {"questionnaire": questionnaire, "program": questionnaire.program, **extra}


@login_required
@require_GET
def questionnaire_list(request, year: int):
    program = course_or_404(year)
    need(request.user, "surveys.view_list", program)
    return render(
        request,
        "surveys/list.html",
        {
            "program": program,
            "items": selectors.questionnaires_for(program, request.user),
            "can_add": has_perm(request.user, "surveys.add_questionnaire", program),
        },
    )


def _questionnaire_form(request, program, **kwargs):
    may_rate = has_perm(request.user, "surveys.add_facilitator_survey", program)
    return QuestionnaireForm(request.POST or None, program=program, may_rate_facilitators=may_rate, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_create(request, year: int):
    program = course_or_404(year)
    need(request.user, "surveys.add_questionnaire", program)
    form = _questionnaire_form(request, program)
    if request.method == "POST" and form.is_valid():
        created = []
        if apply_service(
            form,
            lambda: created.append(services.questionnaire_create(actor=request.user, program=program, **form.values())),
        ):
            messages.success(request, _("Se creó el cuestionario. Ahora agrega sus preguntas."))
            return redirect(created[0].get_absolute_url())
    return render(
        request,
        "surveys/form.html",
        {"form": form, "program": program, "title": _("Nuevo cuestionario")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_edit(request, year: int, pk: int):
    questionnaire = _managed(request, year, pk)
    initial = {
        name: getattr(questionnaire, name)
        for name in ("title", "intro", "purpose", "opens_at", "closes_at", "anonymous_results")
    }
    initial["facilitator"] = questionnaire.facilitator_id
    form = _questionnaire_form(request, questionnaire.program, initial=initial)
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: services.questionnaire_update(actor=request.user, questionnaire=questionnaire, **form.values()),
        ):
            messages.success(request, _("Se guardaron los cambios."))
            return redirect(questionnaire.get_absolute_url())
    return render(
        request,
        "surveys/form.html",
        _context(questionnaire, form=form, title=_("Editar «%(t)s»") % {"t": questionnaire.title}),
        status=400 if form.errors else 200,
    )


def _locked(questionnaire, user) -> bool:
    return any(not is_unlocked(user, a) for a in selectors.linked_activities(questionnaire))


def _answer_page(request, questionnaire, *, form=None, status=200):
    response = selectors.response_of(questionnaire, request.user)
    questions = selectors.questions_of(questionnaire)
    answers = selectors.answers_by_question(response)
    submitted = bool(response and response.is_submitted)
    is_open = questionnaire.is_open()
    locked = is_open and not submitted and _locked(questionnaire, request.user)
    if form is None and not submitted:
        form = AnswerForm(questions=questions, initial_answers=answers)
    return render(
        request,
        "surveys/answer.html",
        _context(
            questionnaire,
            form=form,
            response=response,
            submitted=submitted,
            is_open=is_open,
            locked=locked,
            not_yet=bool(questionnaire.opens_at and timezone.now() < questionnaire.opens_at),
            own_answers=[(q, selectors.answer_value(q, answers.get(q.pk))) for q in questions] if submitted else [],
        ),
        status=status,
    )


def _manage_page(request, questionnaire):
    questions = selectors.questions_of(questionnaire)
    return render(
        request,
        "surveys/manage.html",
        _context(
            questionnaire,
            questions=questions,
            answered=selectors.answered_question_ids(questionnaire),
            activities=selectors.linked_activities(questionnaire),
            kinds=QuestionKind,
            submitted=selectors.submitted_responses(questionnaire).count(),
        ),
    )


def _show_errors(form, error: ValidationError) -> None:
    """The service's verdict, question by question, replaces the form's own checks."""
    form.is_valid()
    form.errors.clear()
    for key, message in error.message_dict.items():
        form.errors[key if key in form.fields else "__all__"] = form.error_class(message)


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire_detail(request, year: int, pk: int):
    """A fellow answers here (draft or submission); staff manage the questionnaire here."""
    questionnaire = _questionnaire(request, year, pk)
    may_answer = has_perm(request.user, "surveys.answer_questionnaire", questionnaire)
    if request.method == "GET":
        if may_answer:
            return _answer_page(request, questionnaire)
        if has_perm(request.user, "surveys.change_questionnaire", questionnaire):
            return _manage_page(request, questionnaire)
        return redirect("surveys:results", year, questionnaire.pk)  # the rated facilitator
    if not may_answer:
        raise PermissionDenied
    questions = selectors.questions_of(questionnaire)
    form = AnswerForm(request.POST, questions=questions)
    submit = request.POST.get("accion") == "enviar"
    try:
        done = try_service(
            lambda: services.response_save(
                actor=request.user, questionnaire=questionnaire, answers=form.answers_from(request.POST), submit=submit
            )
        )
    except ActivityLocked as error:
        messages.error(request, str(error))
        return redirect(questionnaire.get_absolute_url())
    if not done:
        if not hasattr(done.error, "error_dict"):  # closed, or already submitted: nothing to correct
            for message in done.messages:
                messages.error(request, message)
            return redirect(questionnaire.get_absolute_url())
        _show_errors(form, done.error)
        messages.error(request, _("No se guardaron tus respuestas: revisa los errores marcados."))
        return _answer_page(request, questionnaire, form=form, status=400)
    messages.success(request, _("Enviaste tus respuestas. ¡Gracias!") if submit else _("Guardamos tu borrador."))
    return redirect(questionnaire.get_absolute_url())


@login_required
@require_POST
def questionnaire_publish(request, year: int, pk: int):
    questionnaire = _managed(request, year, pk)
    published = request.POST.get("publicar") == "1"
    if run_action(
        request,
        lambda: services.questionnaire_publish(actor=request.user, questionnaire=questionnaire, published=published),
    ):
        messages.success(request, _("Se publicó el cuestionario.") if published else _("Se retiró el cuestionario."))
    return redirect(questionnaire.get_absolute_url())


def _question_page(request, questionnaire, question=None):
    if question is None:
        initial, choices = {"required": True}, []
    else:
        initial = {"kind": question.kind, "text": question.text, "help": question.help, "required": question.required}
        choices = [{"id": c.pk, "label": c.label, "position": c.position} for c in question.choices.all()]
    form = QuestionForm(request.POST or None, initial=initial)
    formset = ChoiceFormSet(request.POST or None, initial=choices, prefix="opciones")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        if question is None:
            action = lambda: services.question_create(  # noqa: E731
                actor=request.user, questionnaire=questionnaire, choices=choice_rows(formset), **data
            )
        else:
            action = lambda: services.question_update(  # noqa: E731
                actor=request.user, question=question, choices=choice_rows(formset), **data
            )
        if apply_service(form, action):
            messages.success(request, _("Se guardó la pregunta."))
            return redirect(questionnaire.get_absolute_url())
    title = _("Nueva pregunta") if question is None else _("Editar la pregunta")
    return render(
        request,
        "surveys/question_form.html",
        _context(questionnaire, form=form, formset=formset, title=title, question=question),
        status=400 if (form.errors or formset.total_error_count()) else 200,
    )


def _question(questionnaire, qpk: int):
    question = questionnaire.questions.prefetch_related("choices").filter(pk=qpk).first()
    if question is None:
        raise Http404
    question.questionnaire = questionnaire
    return question


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request, year: int, pk: int):
    return _question_page(request, _managed(request, year, pk))


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, year: int, pk: int, qpk: int):
    questionnaire = _managed(request, year, pk)
    return _question_page(request, questionnaire, _question(questionnaire, qpk))


@login_required
@require_POST
def question_delete(request, year: int, pk: int, qpk: int):
    questionnaire = _managed(request, year, pk)
    if run_action(
        request, lambda: services.question_delete(actor=request.user, question=_question(questionnaire, qpk))
    ):
        messages.success(request, _("Se eliminó la pregunta."))
    return redirect(questionnaire.get_absolute_url())


@login_required
@require_POST
def question_move(request, year: int, pk: int, qpk: int):
    questionnaire = _managed(request, year, pk)
    offset = -1 if request.POST.get("direccion") == "arriba" else 1
    services.question_move(actor=request.user, question=_question(questionnaire, qpk), offset=offset)
    return redirect(questionnaire.get_absolute_url())


@login_required
@require_GET
def results(request, year: int, pk: int):
    questionnaire = _questionnaire(request, year, pk)
    full = has_perm(request.user, "surveys.view_results", questionnaire)
    if not (full or has_perm(request.user, "surveys.view_own_rating", questionnaire)):
        raise PermissionDenied
    data = selectors.results(questionnaire)
    context = _context(
        questionnaire,
        results=data,
        full=full,
        too_few=not full and data.submitted < MIN_RATING_RESPONSES,
        min_responses=MIN_RATING_RESPONSES,
    )
    if full and not questionnaire.anonymous_results:
        states = staff_states(request.user, questionnaire.program)
        ids = None if states is None else [f.user.pk for f in roster(questionnaire.program, state_ids=states)]
        page = Paginator(selectors.submitted_responses(questionnaire, respondent_ids=ids), PER_PAGE).get_page(
            request.GET.get("pagina")
        )
        context["page"], context["show_people"] = page, True
        context["people"] = selectors.person_rows(
            questionnaire, [r.question for r in data.questions], page.object_list, states=data.states
        )
    return render(request, "surveys/results.html", context)


@login_required
@require_GET
def results_xlsx(request, year: int, pk: int):
    questionnaire = _questionnaire(request, year, pk)
    need(request.user, "surveys.view_results", questionnaire)
    states = staff_states(request.user, questionnaire.program)
    handle = exports.results_xlsx(questionnaire, state_ids=states)
    return FileResponse(
        handle,
        as_attachment=True,
        content_type=exports.XLSX_MIME,
        filename=f"cuestionario-{questionnaire.pk}-resultados.xlsx",
    )
