"""Public pages of the program: cohorts, a cohort's state, indicators and fellows' public profiles,
and the page where a fellow edits (and consents to publish) their own profile.

Aggregates are public; a fellow's profile exists publicly only while its fellow consents (404
otherwise, for everyone). No page here ever shows an e-mail address.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apertus.cohorts import charts, datasets, indicators, selectors
from apertus.cohorts.forms import FellowProfileForm
from apertus.core.forms import apply_service
from apertus.core.permissions import has_perm, visible_or_404
from apertus.program import selectors as program_selectors
from apertus.program import services


def _phase_or_404(year: int):
    phase = program_selectors.phase_by_year(year)
    if phase is None:
        raise Http404
    return phase


def _phase_from_query(request):
    """``?generacion=2017`` → that cohort; absent or empty → None (every cohort); anything else → 404."""
    raw = request.GET.get("generacion", "").strip()
    if not raw or raw == datasets.ALL:
        return None
    if not raw.isdigit() or len(raw) != 4:
        raise Http404
    return _phase_or_404(int(raw))


@require_GET
def program_index(request):
    return render(request, "cohorts/index.html", {"phases": program_selectors.phase_list()})


@require_GET
def cohort_detail(request, year: int):
    phase = _phase_or_404(year)
    return render(request, "cohorts/cohort.html", {"phase": phase, "states": selectors.cohort_states(phase)})


@require_GET
def cohort_state(request, year: int, state: str):
    phase = _phase_or_404(year)
    found = selectors.state_by_slug_or_code(state)
    if found is None:
        raise Http404
    if found.slug != state:  # one address per page: the code redirects to the slug
        return redirect("program:cohort_state", phase.year, found.slug, permanent=True)
    page = selectors.cohort_state_page(phase=phase, state=found)
    if page.participation is None and not page.fellows:
        raise Http404
    return render(request, "cohorts/cohort_state.html", {"page": page, "phase": phase, "state": found})


def _charts(ind):
    return {
        "applicants_state": charts.counts_chart(_("Aspirantes por entidad"), ind.applicants_by_state),
        "applicants_gender": charts.counts_chart(_("Aspirantes por género"), ind.applicants_by_gender),
        "fellows_state": charts.counts_chart(_("Agentes de cambio por entidad"), ind.fellows_by_state),
        "fellows_gender": charts.counts_chart(_("Agentes de cambio por género"), ind.fellows_by_gender),
        "fellows_sector": charts.counts_chart(_("Agentes de cambio por sector"), ind.fellows_by_sector),
        "completion": charts.rates_chart(
            _("Conclusión del curso por género (%)"), [ind.completion, *ind.completion_by_gender]
        ),
        "passing": charts.rates_chart(_("Aprobación por género (%)"), [ind.passing, *ind.passing_by_gender]),
    }


@require_GET
def indicators_page(request, year: int | None = None):
    phase = _phase_or_404(year) if year is not None else _phase_from_query(request)
    ind = indicators.indicators(phase=phase)
    context = {
        "ind": ind,
        "phase": phase,
        "charts": _charts(ind),
        "threshold": indicators.SUPPRESS_BELOW,
        "completion_rows": [ind.completion, *ind.completion_by_gender],
        "passing_rows": [ind.passing, *ind.passing_by_gender],
        "all_phases": ind.all_phases,
        "generation": str(phase.year) if phase else "",
    }
    return render(request, "cohorts/indicators.html", context)


@require_GET
def indicators_csv(request):
    return datasets.indicators_csv(_phase_from_query(request))


@require_GET
def indicators_xlsx(request):
    handle, filename = datasets.indicators_xlsx(_phase_from_query(request))
    return FileResponse(handle, as_attachment=True, content_type=datasets.XLSX_MIME, filename=filename)


@require_GET
def fellow_profile(request, public_id):
    profile = visible_or_404(
        request.user, "program.view_fellow_profile", program_selectors.fellow_profile_get(public_id=public_id)
    )
    details = selectors.profile_details(profile.user)
    return render(request, "cohorts/fellow_profile.html", {"profile": profile, "details": details})


@login_required
@require_http_methods(["GET", "POST"])
def fellow_profile_edit(request):
    user = request.user
    if not has_perm(user, "program.change_fellow_profile", user):
        raise PermissionDenied
    profile = program_selectors.own_fellow_profile(user)
    initial = {"is_public": profile.is_public, "bio": profile.bio} if profile else {}
    form = FellowProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if done := apply_service(form, lambda: services.fellow_profile_update(actor=user, **form.cleaned_data)):
            messages.success(
                request,
                _("Tu perfil público está visible.")
                if done.result.is_public
                else _("Guardamos tu perfil; no es público."),
            )
            return redirect("fellow_profile_edit")
    context = {"form": form, "profile": profile, "details": selectors.profile_details(user)}
    return render(request, "cohorts/profile_edit.html", context, status=400 if form.errors else 200)
