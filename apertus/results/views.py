"""Pages of the results framework (public), the records behind each figure, the state comparison, and
funder reports (coordination only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apertus.core.files import protected_file_response
from apertus.core.forms import apply_service, try_service
from apertus.core.permissions import need
from apertus.program.models import ProgramPhase
from apertus.results import comparison, selectors, services, tables
from apertus.results.forms import ReportForm
from apertus.results.framework import FIGURES, PEOPLE, figure_label, results_framework
from apertus.results.models import FunderReport
from apertus.territories.models import State


def _bad_period(request, errors: list[str]):
    html = render_to_string("results/bad_request.html", {"errors": errors}, request=request)
    return HttpResponseBadRequest(html)


@require_GET
def framework_page(request):
    if not (found := try_service(lambda: selectors.period_from(request.GET))):
        return _bad_period(request, found.messages)
    period = found.result
    fw = results_framework(period=period)
    return render(request, "results/framework.html", {"fw": fw, "period": period})


@require_GET
def framework_xlsx(request):
    if not (found := try_service(lambda: selectors.period_from(request.GET))):
        return _bad_period(request, found.messages)
    period = found.result
    body = tables.workbook_bytes(results_framework(period=period))
    response = HttpResponse(body, content_type=tables.XLSX_MIME)
    response["Content-Disposition"] = 'attachment; filename="apertus-marco-de-resultados.xlsx"'
    return response


@require_GET
def figure_records(request, code: str):
    if code not in dict(FIGURES) or code in PEOPLE:
        raise Http404
    if not (found := try_service(lambda: selectors.period_from(request.GET))):
        return _bad_period(request, found.messages)
    period = found.result
    phase = state = None
    raw_phase, raw_state = request.GET.get("fase", "").strip(), request.GET.get("entidad", "").strip()
    if raw_phase:
        phase = (
            ProgramPhase.objects.filter(number=int(raw_phase)).first()
            if raw_phase.isdigit() and len(raw_phase) < 3
            else None
        )
        if phase is None:
            raise Http404
    if raw_state:
        state = State.objects.filter(code=raw_state).first() if len(raw_state) == 2 else None
        if state is None:
            raise Http404
    queryset, to_record = selectors.figure_records(code=code, period=period, phase=phase, state=state)
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "results/records.html",
        {
            "label": figure_label(code),
            "code": code,
            "page_obj": page,
            "records": [to_record(o) for o in page],
            "phase": phase,
            "state": state,
            "period": period,
            "query": query.urlencode(),
        },
    )


@require_GET
def compare(request):
    figure = request.GET.get("indicador", comparison.DEFAULT)
    if figure not in comparison.MAP_FIGURES:
        figure = comparison.DEFAULT
    return render(request, "results/compare.html", {"page": comparison.comparison(figure=figure)})


# --- Funder reports (coordination) -----------------------------------------------------------------


def _coordinator(request, name: str):
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    need(request.user, name)
    return None


def redirect_to_login(request):
    from django.contrib.auth.views import redirect_to_login as to_login

    return to_login(request.get_full_path())


@require_http_methods(["GET", "POST"])
def report_list(request):
    denied = _coordinator(request, "results.view_funder_report")
    if denied:
        return denied
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        need(request.user, "results.request_funder_report")
        if form.is_valid():
            if done := apply_service(
                form,
                lambda: services.funder_report_request(
                    actor=request.user,
                    language=get_language() or "es",
                    period_start=form.cleaned_data["desde"],
                    period_end=form.cleaned_data["hasta"],
                ),
            ):
                messages.success(request, _("Reporte en preparación. Le avisaremos por correo cuando esté listo."))
                return redirect(done.result)
    page = Paginator(selectors.report_list(), 20).get_page(request.GET.get("page"))
    return render(
        request, "results/report_list.html", {"form": form, "page_obj": page}, status=400 if form.errors else 200
    )


@require_GET
def report_detail(request, pk: int):
    denied = _coordinator(request, "results.view_funder_report")
    if denied:
        return denied
    report = get_object_or_404(FunderReport.objects.select_related("requested_by"), pk=pk)
    template = "results/_report_status.html" if request.htmx else "results/report_detail.html"
    return render(request, template, {"report": report})


@require_GET
def report_download(request, pk: int, kind: str):
    denied = _coordinator(request, "results.view_funder_report")
    if denied:
        return denied
    report = get_object_or_404(FunderReport, pk=pk)
    field = {"pdf": report.pdf, "xlsx": report.xlsx}.get(kind)
    if field is None or not field.name:
        raise Http404
    content_type = "application/pdf" if kind == "pdf" else tables.XLSX_MIME
    name = f"apertus-reporte-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}.{kind}"
    return protected_file_response(
        field.open("rb"), content_type=content_type, disposition=f'attachment; filename="{name}"', private=True
    )
