"""The applicant's pages: start, fill each step (saved as they go), see completeness, submit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apertus.calls import limits, selectors, services
from apertus.calls.forms import ConsentForm, CVEntryForm, MotivesForm, ProfileForm, ProofForm, VideoForm
from apertus.calls.models import ApplicationStatus, CVEntry
from apertus.calls.views.common import call_or_404
from apertus.core.forms import apply_service, run_action
from apertus.core.permissions import has_perm, need


def _context(call, application, **extra):
    editable = (
        application is not None and application.status == ApplicationStatus.DRAFT and selectors.call_is_open(call)
    )
    return {
        "call": call,
        "application": application,
        "editable": editable,
        "steps": selectors.STEPS,
        "is_open": selectors.call_is_open(call),
        "stage": selectors.call_stage(call),
        "completeness": selectors.completeness(application) if application else None,
        **extra,
    }


@login_required
def application(request, slug: str):
    """GET: the applicant's overview (or an invitation to start). POST: start the application."""
    call = call_or_404(request, slug)
    current = selectors.application_of(call=call, user=request.user)
    if request.method == "POST":
        need(request.user, "calls.apply", call)
        if not run_action(request, lambda: services.application_start(actor=request.user, call=call), joined=True):
            return redirect("calls:application", slug=call.slug)
        return redirect("calls:step", slug=call.slug, step=selectors.STEP_SLUGS[0])
    context = _context(call, current, can_apply=has_perm(request.user, "calls.apply", call))
    return render(request, "calls/application.html", context)


@login_required
@require_POST
def submit(request, slug: str):
    call = call_or_404(request, slug)
    current = selectors.application_of(call=call, user=request.user)
    if current is None:
        raise Http404
    if run_action(request, lambda: services.application_submit(actor=request.user, application=current), joined=True):
        messages.success(request, _("Tu solicitud fue enviada. Te avisaremos del resultado."))
    return redirect("calls:application", slug=call.slug)


@login_required
def my_applications(request):
    rows = [(a, selectors.completeness(a)) for a in selectors.applications_of_user(request.user)]
    return render(request, "calls/my_applications.html", {"rows": rows})


def _next_step(step: str) -> str | None:
    index = selectors.STEP_SLUGS.index(step)
    return selectors.STEP_SLUGS[index + 1] if index + 1 < len(selectors.STEP_SLUGS) else None


def _saved(request, call, step):
    messages.success(request, _("Guardado."))
    following = _next_step(step)
    if following is None:
        return redirect("calls:application", slug=call.slug)
    return redirect("calls:step", slug=call.slug, step=following)


@login_required
def step(request, slug: str, step: str):
    call = call_or_404(request, slug)
    if step not in selectors.STEP_SLUGS:
        raise Http404
    current = selectors.application_of(call=call, user=request.user)
    if current is None:
        return redirect("calls:application", slug=call.slug)
    handler = {
        "motivos": _motives,
        "curriculum": _cv,
        "video": _video,
        "datos": _profile,
        "comprobante": _proof,
        "aviso": _consent,
    }[step]
    return handler(request, call, current, step)


def _simple(request, call, application, step, form, save):
    """A step made of one form: on POST, ``save(cleaned_data)`` calls the service."""
    if request.method == "POST" and form.is_valid():
        if apply_service(form, lambda: save(form.cleaned_data)):
            return _saved(request, call, step)
    return render(
        request,
        "calls/step.html",
        _context(call, application, step=step, form=form, multipart=isinstance(form, ProofForm)),
    )


def _motives(request, call, application, step):
    form = MotivesForm(
        request.POST or None, initial={"motives": application.motives}, word_limit=call.motives_word_limit
    )
    return _simple(
        request,
        call,
        application,
        step,
        form,
        lambda d: services.application_update(actor=request.user, application=application, motives=d["motives"]),
    )


def _video(request, call, application, step):
    form = VideoForm(request.POST or None, initial={"video_url": application.video_url})
    return _simple(
        request,
        call,
        application,
        step,
        form,
        lambda d: services.application_update(actor=request.user, application=application, video_url=d["video_url"]),
    )


def _profile(request, call, application, step):
    initial = {"state": application.state_id, "gender": application.gender, "sector": application.sector}
    form = ProfileForm(request.POST or None, initial=initial, states=selectors.eligible_states(call))
    return _simple(
        request,
        call,
        application,
        step,
        form,
        lambda d: services.application_update(
            actor=request.user, application=application, state=d["state"], gender=d["gender"], sector=d["sector"]
        ),
    )


def _proof(request, call, application, step):
    form = ProofForm(request.POST or None, request.FILES or None)
    return _simple(
        request,
        call,
        application,
        step,
        form,
        lambda d: services.application_upload_proof(actor=request.user, application=application, upload=d["file"]),
    )


def _consent(request, call, application, step):
    form = ConsentForm(request.POST or None, initial={"accept": application.consent_at is not None})
    return _simple(
        request,
        call,
        application,
        step,
        form,
        lambda d: services.application_consent(actor=request.user, application=application, accepted=d["accept"]),
    )


def _cv(request, call, application, step):
    """Every section on one page; each "Agregar" posts one section's form (``section`` says which)."""
    posted = request.POST.get("section") if request.method == "POST" else None
    forms = {
        key: CVEntryForm(request.POST if key == posted else None, spec=spec) for key, spec in limits.CV_SECTIONS.items()
    }
    if posted is not None:
        form = forms.get(posted)
        if form is None:
            raise Http404
        if form.is_valid():
            if apply_service(
                form,
                lambda: services.cv_entry_add(
                    actor=request.user, application=application, section=posted, **form.cleaned_data
                ),
            ):
                messages.success(request, _("Agregado a «%(s)s».") % {"s": form.spec.label})
                return redirect(f"{request.path}#seccion-{posted}")
    sections = [(spec, entries, forms[spec.key]) for spec, entries in selectors.cv_by_section(application)]
    return render(request, "calls/step.html", _context(call, application, step=step, sections=sections))


@login_required
@require_POST
def cv_delete(request, slug: str, pk: int):
    call = call_or_404(request, slug)
    # Looked up among the reader's own entries only: anyone else's id is simply not found.
    entry = get_object_or_404(
        CVEntry.objects.select_related("application__call"),
        pk=pk,
        application__call=call,
        application__applicant_id=request.user.pk,
    )
    if run_action(request, lambda: services.cv_entry_delete(actor=request.user, entry=entry), joined=True):
        messages.success(request, _("Entrada eliminada."))
    return redirect("calls:step", slug=call.slug, step="curriculum")
