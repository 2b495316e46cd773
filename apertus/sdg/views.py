"""Pages of the SDG suggestions: the panel on the forms (htmx), add/dismiss, the check on a
commitment's page, and the public SDG map of the program."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apertus.core import ratelimit
from apertus.core.exports import stream_csv
from apertus.core.forms import try_service
from apertus.core.permissions import need
from apertus.program.models import ProgramPhase
from apertus.sdg import selectors, services
from apertus.sdg.classifier import MAX_CHARS
from apertus.sdg.records import RECORDS
from apertus.taxonomy.models import Scheme, Term
from apertus.territories.models import State

PANEL_LIMIT = 120  # panel refreshes per person per minute (typing is debounced in the page)


def _record_type(kind: str):
    rt = RECORDS.get(kind)
    if rt is None:
        raise Http404
    return rt


def _record(request, kind: str, pk: int | None):
    """The record being edited (None on a creation form); only people who may change it."""
    rt = _record_type(kind)
    if pk is None:
        return rt, None
    record = rt.load(pk)
    if record is None:
        raise Http404
    need(request.user, rt.permission, record)
    return rt, record


def _form_text(request, rt) -> str:
    return "\n".join(request.POST.get(f, "") for f in rt.text_fields)[:MAX_CHARS]


def _form_tags(request, rt) -> list[str]:
    return [v for v in request.POST.getlist(rt.tag_field) if v.isdigit()][:200]


def _render_panel(request, kind, rt, record, *, selected_ids: list[str], added: Term | None = None, status=200):
    terms = Term.objects.filter(pk__in=selected_ids).only("id", "code", "scheme") if selected_ids else []
    tagged_codes = {t.code for t in terms}
    primary = request.POST.get("primary_goal", "")
    if kind == "commitment" and primary.isdigit():
        goal = Term.objects.filter(pk=primary, scheme=Scheme.SDG_GOAL).first()
        if goal is not None:
            tagged_codes.add(goal.code)
    for code in list(tagged_codes):  # a tagged target tags its goal too
        if "." in code:
            tagged_codes.add(code.split(".")[0])
    suggestion, goals, targets = selectors.panel(
        _form_text(request, rt),
        tagged_codes=tagged_codes,
        dismissed=selectors.dismissed_codes(kind, record.pk if record else None),
    )
    context = {
        "primary_set": kind == "commitment" and primary.isdigit(),
        "kind": kind,
        "record": record,
        "goals": goals,
        "targets": targets,
        "suggestion": suggestion,
        "selected_ids": {str(i) for i in selected_ids},
        "added": added,
        "rt": rt,
        "field_options": _field_options(rt) if added is not None else None,
    }
    return render(request, "sdg/_panel.html", context, status=status)


def _field_options(rt):
    return Term.objects.filter(scheme=rt.tag_scheme).order_by("position")


@login_required
@require_POST
def panel(request, kind: str, pk: int | None = None):
    """The suggestions for the text of the form (htmx; the form's fields are posted)."""
    rt, record = _record(request, kind, pk)
    if not ratelimit.hit(f"sdg-panel:{request.user.pk}", PANEL_LIMIT, 60):
        return HttpResponse(_("Demasiadas solicitudes; espera un momento."), status=429)
    return _render_panel(request, kind, rt, record, selected_ids=_form_tags(request, rt))


@login_required
@require_POST
def add(request, kind: str, pk: int | None = None):
    """One click adds a suggestion. On an existing record it is saved at once through the record's
    service (its history names who added it); on a new record it is selected in the form, and
    saved with it. The form's tag field (and version) are swapped out of band."""
    rt, record = _record(request, kind, pk)
    code = request.POST.get("code", "")
    if not (found := try_service(lambda: services.suggestion_term(kind, code))):
        return HttpResponseBadRequest(_("Código de ODS no válido."))
    term = found.result
    selected = _form_tags(request, rt)
    if record is not None:
        done = try_service(lambda: services.sdg_tag_add(actor=request.user, kind=kind, record=record, code=code))
        if not done:
            return HttpResponseBadRequest(done.message)
        record = done.result
    if term.scheme == rt.tag_scheme and str(term.pk) not in selected:
        selected.append(str(term.pk))
    if kind == "commitment" and term.scheme == Scheme.SDG_GOAL:
        request.POST = request.POST.copy()
        request.POST["primary_goal"] = str(term.pk)
    response = _render_panel(request, kind, rt, record, selected_ids=selected, added=term)
    return response


@login_required
@require_POST
def dismiss(request, kind: str, pk: int):
    rt, record = _record(request, kind, pk)
    if not try_service(
        lambda: services.sdg_dismiss(actor=request.user, kind=kind, record=record, code=request.POST.get("code", ""))
    ):
        return HttpResponseBadRequest(_("Código de ODS no válido."))
    if request.htmx:
        return _render_panel(request, kind, rt, record, selected_ids=_form_tags(request, rt))
    return _back(request, record)


@login_required
@require_POST
def check_add(request, kind: str, pk: int):
    """The button on a commitment's page: adds a clearly present goal, then back to the page."""
    rt, record = _record(request, kind, pk)
    if not try_service(
        lambda: services.sdg_tag_add(actor=request.user, kind=kind, record=record, code=request.POST.get("code", ""))
    ):
        return HttpResponseBadRequest(_("Código de ODS no válido."))
    return _back(request, record)


def _back(request, record):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(record.get_absolute_url())


# -- the SDG map ---------------------------------------------------------------------------------


def _phase(request):
    number = request.GET.get("fase", "")
    if not number:
        return None
    if not number.isdigit():
        raise Http404
    return get_object_or_404(ProgramPhase, number=int(number))


@require_GET
def matrix(request):
    phase = _phase(request)
    rows = selectors.sdg_matrix(phase)
    goals = [t for t in Term.objects.filter(scheme=Scheme.SDG_GOAL).order_by("position")]
    context = {
        "rows": rows,
        "goals": goals,
        "phase": phase,
        "phases": ProgramPhase.objects.order_by("number"),
        "totals": selectors.matrix_totals(rows),
    }
    return render(request, "sdg/matrix.html", context)


@require_GET
def matrix_csv(request):
    phase = _phase(request)
    rows = selectors.sdg_matrix(phase)

    def lines():
        for r in rows:
            for g in range(17):
                yield [r.state.short_name, phase.number if phase else "", g + 1, r.tagged[g], r.suggested[g]]

    header = ["state", "phase", "goal", "tagged_commitments", "suggested_untagged_commitments"]
    return stream_csv("ods_compromisos_por_entidad.csv", header, lines())


@require_GET
def matrix_cell(request, state: str, goal: int):
    state_obj = get_object_or_404(State, slug=state)
    if not 1 <= goal <= 17:
        raise Http404
    phase = _phase(request)
    suggested = request.GET.get("sugeridos") == "1"
    commitments = selectors.matrix_cell(state=state_obj, goal=goal, suggested=suggested, phase=phase)
    page = Paginator(commitments, 50).get_page(request.GET.get("pagina"))
    goal_term = Term.objects.get(scheme=Scheme.SDG_GOAL, code=str(goal))
    return render(
        request,
        "sdg/matrix_cell.html",
        {"state": state_obj, "goal": goal_term, "suggested": suggested, "page": page, "phase": phase},
    )
