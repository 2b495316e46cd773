"""The course builder: the cohort's staff build its course in these pages (no admin needed).

Every page is under ``/formacion/<year>/editar/`` and every record is looked up within that
program, so an id of another cohort's course is a 404. Dates typed in are read in the viewer's zone
(``calendar.time_zone_of``), as the calendar shows them.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apertus.core.forms import apply_service, try_service
from apertus.core.permissions import need
from apertus.learning import calendar, selectors, services
from apertus.learning.forms import (
    ActivityForm,
    CopyForm,
    CriterionForm,
    ModuleForm,
    QuestionForm,
    SeminarForm,
    SessionForm,
)
from apertus.learning.models import (
    SUBMISSION_KINDS,
    Activity,
    ActivityKind,
    Module,
    Question,
    RubricCriterion,
    Seminar,
    Session,
)
from apertus.learning.progress import annotate, predecessor_map
from apertus.learning.views.common import course_or_404

# What each kind of record is found by, within a program.
LOOKUPS = {
    "modulo": (Module, "program", ()),
    "sesion": (Session, "module__program", ("module",)),
    "actividad": (Activity, "session__module__program", ("session__module",)),
    "pregunta": (Question, "activity__session__module__program", ("activity__session__module",)),
    "criterio": (RubricCriterion, "activity__session__module__program", ("activity__session__module",)),
    "seminario": (Seminar, "program", ()),
}


def builder_view(methods=("GET", "POST")):
    """Signed in, a program that exists, the right to build it; the request runs in the viewer's zone."""

    def decorate(view):
        @login_required
        @require_http_methods(list(methods))
        @functools.wraps(view)
        def wrapper(request, year: int, *args, **kwargs):
            program = course_or_404(year)
            need(request.user, "learning.build_course", program)
            with timezone.override(calendar.zone(calendar.time_zone_of(request.user, program.phase_id))):
                return view(request, program, *args, **kwargs)

        return wrapper

    return decorate


def _get(kind: str, pk, program):
    model, path, related = LOOKUPS[kind]
    obj = (
        model.objects.filter(pk=pk, **{path: program}).select_related(*related).first()
        if related
        else model.objects.filter(pk=pk, **{path: program}).first()
    )
    if obj is None:
        raise Http404
    return obj


def _builder_url(program, anchor: str = "") -> str:
    return reverse("learning:builder", args=[program.phase.year]) + (f"#{anchor}" if anchor else "")


def _activity_url(activity) -> str:
    return reverse("learning:builder_activity", args=[activity.program.phase.year, activity.pk])


def _form_page(
    request,
    program,
    form,
    *,
    title: str,
    save,
    back: str,
    saved: str,
    template="learning/builder_form.html",
    extra=None,
):
    """GET: the form. POST: valid input goes to ``save`` (a service call); its refusals land on the form."""
    if request.method == "POST" and form.is_valid():
        done = apply_service(form, save)
        if done:
            messages.success(request, saved)
            return redirect(back(done.result) if callable(back) else back)
    context = {
        "form": form,
        "title": title,
        "program": program,
        "back": _builder_url(program),
        "zone": timezone.get_current_timezone_name(),
        **(extra or {}),
    }
    return render(request, template, context, status=400 if form.errors else 200)


def _post(request):
    return request.POST if request.method == "POST" else None


# --- The outline ------------------------------------------------------------------------------


@builder_view(methods=("GET",))
def builder(request, program):
    modules, seminars = selectors.builder_outline(program)
    return render(
        request,
        "learning/builder.html",
        {
            "program": program,
            "modules": modules,
            "seminars": seminars,
            "kinds": ActivityKind.choices,
            "is_empty": not modules and not seminars,
        },
    )


@builder_view(methods=("GET",))
def builder_preview(request, program):
    """The course page as a fellow who has done nothing yet sees it; nothing is recorded."""
    modules = selectors.modules_of(program)
    summary = annotate(modules, fellow=request.user, statuses={}, predecessors=predecessor_map(program), exempt=set())
    now = timezone.now()
    for module in modules:
        for session in module.sessions.all():
            for activity in session.activities.all():
                activity.not_open = bool(activity.opens_at and activity.opens_at > now)
    return render(
        request,
        "learning/course.html",
        {
            "program": program,
            "modules": modules,
            "summary": summary,
            "is_fellow": True,
            "preview": True,
        },
    )


# --- Modules, sessions, seminars --------------------------------------------------------------


@builder_view()
def module_new(request, program):
    form = ModuleForm(_post(request))
    return _form_page(
        request,
        program,
        form,
        title=_("Nuevo módulo"),
        saved=_("Se agregó el módulo."),
        save=lambda: services.module_add(actor=request.user, program=program, **form.data_for_service()),
        back=lambda m: _builder_url(program, f"modulo-{m.pk}"),
    )


@builder_view()
def module_edit(request, program, pk: int):
    module = _get("modulo", pk, program)
    form = ModuleForm(_post(request), instance=module)
    return _form_page(
        request,
        program,
        form,
        title=_("Módulo: %(t)s") % {"t": module.title},
        saved=_("Se guardó el módulo."),
        back=_builder_url(program, f"modulo-{module.pk}"),
        save=lambda: services.module_update(actor=request.user, module=module, **form.data_for_service()),
    )


@builder_view()
def session_new(request, program, pk: int):
    module = _get("modulo", pk, program)
    form = SessionForm(_post(request))
    return _form_page(
        request,
        program,
        form,
        title=_("Nueva sesión en «%(t)s»") % {"t": module.title},
        saved=_("Se agregó la sesión."),
        back=lambda s: _builder_url(program, f"sesion-{s.pk}"),
        save=lambda: services.session_add(actor=request.user, module=module, **form.data_for_service()),
    )


@builder_view()
def session_edit(request, program, pk: int):
    session = _get("sesion", pk, program)
    form = SessionForm(_post(request), instance=session)
    return _form_page(
        request,
        program,
        form,
        title=_("Sesión: %(t)s") % {"t": session.title},
        saved=_("Se guardó la sesión."),
        back=_builder_url(program, f"sesion-{session.pk}"),
        save=lambda: services.session_update(actor=request.user, session=session, **form.data_for_service()),
    )


@builder_view()
def seminar_new(request, program):
    form = SeminarForm(_post(request))
    return _form_page(
        request,
        program,
        form,
        title=_("Nuevo seminario presencial"),
        saved=_("Se agregó el seminario."),
        back=_builder_url(program, "seminarios"),
        save=lambda: services.seminar_add(actor=request.user, program=program, **form.data_for_service()),
    )


@builder_view()
def seminar_edit(request, program, pk: int):
    seminar = _get("seminario", pk, program)
    form = SeminarForm(_post(request), instance=seminar)
    return _form_page(
        request,
        program,
        form,
        title=_("Seminario: %(t)s") % {"t": seminar.title},
        saved=_("Se guardó el seminario."),
        back=_builder_url(program, "seminarios"),
        save=lambda: services.seminar_update(actor=request.user, seminar=seminar, **form.data_for_service()),
    )


# --- Activities, questions, rubric criteria ---------------------------------------------------


@builder_view()
def activity_new(request, program, pk: int):
    session = _get("sesion", pk, program)
    kind = request.GET.get("tipo", "")
    if kind not in ActivityKind.values:
        if request.method == "POST" or kind:
            return HttpResponseBadRequest(_("Tipo de actividad desconocido."))
        return render(
            request,
            "learning/builder_kind.html",
            {"program": program, "session": session, "kinds": ActivityKind.choices},
        )
    form = ActivityForm(_post(request), kind=kind, program=program)
    return _form_page(
        request,
        program,
        form,
        title=_("Nueva actividad (%(k)s) en «%(s)s»") % {"k": ActivityKind(kind).label, "s": session.title},
        saved=_("Se agregó la actividad."),
        back=_activity_url,
        save=lambda: services.activity_add(actor=request.user, session=session, kind=kind, **form.data_for_service()),
    )


@builder_view()
def activity_edit(request, program, pk: int):
    activity = _get("actividad", pk, program)
    affected = selectors.affected_fellows([activity.pk])[activity.pk]
    form = ActivityForm(_post(request), kind=activity.kind, program=program, instance=activity, affected=affected)
    extra = {"activity_obj": activity, "affected": affected}
    if activity.kind == ActivityKind.QUIZ:
        extra["questions"] = list(selectors.questions_of(activity))
    if activity.kind in SUBMISSION_KINDS:
        extra["criteria"] = list(activity.criteria.order_by("position", "pk"))
    return _form_page(
        request,
        program,
        form,
        title=_("Actividad: %(t)s") % {"t": activity.title},
        saved=_("Se guardó la actividad."),
        back=_activity_url(activity),
        template="learning/builder_activity.html",
        extra=extra,
        save=lambda: services.activity_update(actor=request.user, activity=activity, **form.data_for_service()),
    )


def _quiz(program, pk):
    activity = _get("actividad", pk, program)
    if activity.kind != ActivityKind.QUIZ:
        raise Http404
    return activity


def _graded_by_rubric(program, pk):
    activity = _get("actividad", pk, program)
    if activity.kind not in SUBMISSION_KINDS:
        raise Http404
    return activity


@builder_view()
def question_new(request, program, pk: int):
    activity = _quiz(program, pk)
    form = QuestionForm(_post(request))
    return _form_page(
        request,
        program,
        form,
        title=_("Nueva pregunta de «%(t)s»") % {"t": activity.title},
        saved=_("Se agregó la pregunta."),
        back=_activity_url(activity),
        template="learning/builder_question.html",
        extra={"activity_obj": activity},
        save=lambda: services.question_add(actor=request.user, activity=activity, **form.data_for_service()),
    )


@builder_view()
def question_edit(request, program, pk: int):
    question = _get("pregunta", pk, program)
    activity = question.activity
    form = QuestionForm(_post(request), instance=question, affected=selectors.attempted_fellows(activity))
    return _form_page(
        request,
        program,
        form,
        title=_("Pregunta de «%(t)s»") % {"t": activity.title},
        saved=_("Se guardó la pregunta."),
        back=_activity_url(activity),
        template="learning/builder_question.html",
        extra={"activity_obj": activity},
        save=lambda: services.question_update(actor=request.user, question=question, **form.data_for_service()),
    )


@builder_view()
def criterion_new(request, program, pk: int):
    activity = _graded_by_rubric(program, pk)
    form = CriterionForm(_post(request))
    return _form_page(
        request,
        program,
        form,
        title=_("Nuevo criterio de «%(t)s»") % {"t": activity.title},
        saved=_("Se agregó el criterio."),
        back=_activity_url(activity),
        save=lambda: services.criterion_add(actor=request.user, activity=activity, **form.data_for_service()),
    )


@builder_view()
def criterion_edit(request, program, pk: int):
    criterion = _get("criterio", pk, program)
    activity = criterion.activity
    affected = selectors.affected_fellows([activity.pk])[activity.pk]
    form = CriterionForm(_post(request), instance=criterion, affected=affected)
    return _form_page(
        request,
        program,
        form,
        title=_("Criterio de «%(t)s»") % {"t": activity.title},
        saved=_("Se guardó el criterio."),
        back=_activity_url(activity),
        save=lambda: services.criterion_update(actor=request.user, criterion=criterion, **form.data_for_service()),
    )


# --- Deleting ---------------------------------------------------------------------------------

DELETERS = {
    "modulo": lambda actor, obj: services.module_delete(actor=actor, module=obj),
    "sesion": lambda actor, obj: services.session_delete(actor=actor, session=obj),
    "actividad": lambda actor, obj: services.activity_delete(actor=actor, activity=obj),
    "pregunta": lambda actor, obj: services.question_delete(actor=actor, question=obj),
    "criterio": lambda actor, obj: services.criterion_delete(actor=actor, criterion=obj),
    "seminario": lambda actor, obj: services.seminar_delete(actor=actor, seminar=obj),
}


def _affected_by_deleting(kind: str, obj) -> int:
    if kind == "modulo":
        ids = Activity.objects.filter(session__module=obj).values_list("pk", flat=True)
    elif kind == "sesion":
        ids = Activity.objects.filter(session=obj).values_list("pk", flat=True)
    elif kind == "actividad":
        ids = [obj.pk]
    elif kind == "pregunta":
        return selectors.attempted_fellows(obj.activity)
    elif kind == "criterio":
        ids = [obj.activity_id]
    else:
        return obj.attendance.values("fellow_id").distinct().count()
    return max(selectors.affected_fellows(ids).values(), default=0)


@builder_view()
def item_delete(request, program, kind: str, pk: int):
    """GET: what deleting would touch. POST: delete, or refuse (400) when fellows already worked on it."""
    if kind not in DELETERS:
        raise Http404
    obj = _get(kind, pk, program)
    back = _activity_url(obj.activity) if kind in {"pregunta", "criterio"} else _builder_url(program)
    error = None
    if request.method == "POST":
        if done := try_service(lambda: DELETERS[kind](request.user, obj)):
            messages.success(request, _("Se borró «%(t)s».") % {"t": _label(obj)})
            return redirect(back)
        error = done.message
    return render(
        request,
        "learning/builder_delete.html",
        {
            "program": program,
            "obj": obj,
            "label": _label(obj),
            "affected": _affected_by_deleting(kind, obj),
            "error": error,
            "back": back,
        },
        status=400 if error else 200,
    )


def _label(obj) -> str:
    return getattr(obj, "title", None) or str(obj)


# --- Reordering -------------------------------------------------------------------------------

ORDERED = {"modulo", "sesion", "actividad", "pregunta", "criterio"}


def _int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


@builder_view(methods=("POST",))
def item_move(request, program):
    """Move up/down buttons: plain forms, so reordering works without JavaScript."""
    kind, pk, direction = request.POST.get("what"), _int(request.POST.get("id")), request.POST.get("direction")
    if kind not in ORDERED or pk is None or direction not in {"up", "down"}:
        return HttpResponseBadRequest(_("Petición no válida."))
    obj = _get(kind, pk, program)
    services.position_move(actor=request.user, obj=obj, direction=direction)
    if kind in {"pregunta", "criterio"}:
        return redirect(_activity_url(obj.activity))
    return redirect(_builder_url(program, f"{kind}-{obj.pk}"))


@builder_view(methods=("POST",))
def item_reorder(request, program):
    """Drag and drop (builder.js): the whole new order of one list, as comma-separated ids."""
    kind = request.POST.get("what")
    order = [_int(v) for v in request.POST.get("order", "").split(",")]
    if kind not in ORDERED or not order or None in order or len(order) > 1000:
        return HttpResponseBadRequest(_("Petición no válida."))
    first = _get(kind, order[0], program)
    if not (done := try_service(lambda: services.positions_set(actor=request.user, first=first, order=order))):
        return HttpResponseBadRequest(done.message)
    return HttpResponse(status=204)


# --- Copying ----------------------------------------------------------------------------------


@builder_view()
def builder_copy(request, program):
    programs = selectors.courses_to_copy(request.user, program)
    form = CopyForm(_post(request), programs=programs)
    has_content = program.modules.exists() or program.seminars.exists()
    if request.method == "POST" and has_content:
        form.is_valid()
        form.add_error(None, _("Este curso ya tiene contenido: solo se copia a un curso vacío."))
    if request.method == "POST" and form.is_valid():
        source = form.programs[form.cleaned_data["source"]]
        done = apply_service(
            form,
            lambda: services.course_copy(
                actor=request.user, source=source, target=program, seminars=form.cleaned_data["seminars"]
            ),
        )
        if done:
            messages.success(
                request,
                _("Se copió el curso de %(y)s; las fechas se movieron %(d)s días.")
                % {"y": source.phase.year, "d": (program.starts_on - source.starts_on).days},
            )
            for title in done.result:
                messages.warning(
                    request,
                    _("«%(t)s» usaba un cuestionario de la otra generación: elige uno o pon un enlace.") % {"t": title},
                )
            return redirect(_builder_url(program))
    return render(
        request,
        "learning/builder_copy.html",
        {
            "form": form,
            "program": program,
            "has_content": has_content,
            "title": _("Copiar el curso de otra generación"),
        },
        status=400 if form.errors else 200,
    )
