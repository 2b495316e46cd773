"""STL pages: public (index, a state's STL, a session) and management (members, sessions, agreements).

Drafts answer 404 to whoever may not see them; management answers 403 to whoever may not run
the STL. Changes happen only on POST, through the services.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apertus.core.forms import apply_service as _apply
from apertus.core.forms import try_service
from apertus.core.permissions import has_perm, need
from apertus.stl import selectors, services
from apertus.stl.forms import (
    AgreementForm,
    AgreementStatusForm,
    AttendanceForm,
    MemberEndForm,
    MemberForm,
    MemberRejectForm,
    MinutesForm,
    SessionForm,
    StlForm,
)
from apertus.stl.models import Agreement, Member, MemberStatus, Stl
from apertus.stl.rules import can_view_stl

MANAGED_SESSIONS_PER_PAGE = 20


def _visible_stl(request, slug: str) -> Stl:
    stl = selectors.stl_get(state=slug)
    if stl is None or not can_view_stl(request.user, stl):
        raise Http404
    return stl


def _managed_stl(request, slug: str) -> Stl:
    stl = selectors.stl_get(state=slug)
    if stl is None:
        raise Http404
    need(request.user, "stl.change_stl", stl)
    return stl


def _session_of(stl: Stl, pk: int):
    session = selectors.session_get(stl=stl, pk=pk)
    if session is None:
        raise Http404
    return session


def _form_page(request, stl: Stl, form, title: str, *, session=None, status: int = 200):
    context = {"stl": stl, "form": form, "title": title, "session": session}
    return render(request, "stl/form.html", context, status=status)


# Public pages


@require_GET
def stl_list(request):
    return render(request, "stl/list.html", {"stls": selectors.stl_index(user=request.user)})


@require_GET
def stl_detail(request, slug: str):
    page = selectors.stl_for_state(slug, page_number=request.GET.get("page"))
    if page is None or not can_view_stl(request.user, page.stl):
        raise Http404
    return render(request, "stl/detail.html", {"page": page, "stl": page.stl, "page_obj": page.past})


@require_GET
def session_detail(request, slug: str, pk: int):
    stl = _visible_stl(request, slug)
    session = _session_of(stl, pk)
    can_change = has_perm(request.user, "stl.change_stl", stl)
    return render(
        request,
        "stl/session_detail.html",
        {
            "stl": stl,
            "session": session,
            "can_change": can_change,
            "status_form": AgreementStatusForm() if can_change else None,
        },
    )


# Management


@require_GET
def stl_manage(request, slug: str):
    stl = _managed_stl(request, slug)
    sessions = Paginator(selectors.sessions_with_counts(stl).order_by("-starts_at"), MANAGED_SESSIONS_PER_PAGE)
    return render(
        request,
        "stl/manage.html",
        {
            "stl": stl,
            "members": selectors.stl_members_for_management(stl),
            "pending": _with_decisions(request.user, selectors.stl_pending_members(stl)),
            "page_obj": sessions.get_page(request.GET.get("page")),
            "today": timezone.localdate(),
            "end_form": MemberEndForm(initial={"end_date": timezone.localdate()}),
        },
    )


@require_http_methods(["GET", "POST"])
def stl_edit(request, slug: str):
    stl = _managed_stl(request, slug)
    form = StlForm(request.POST or None, request.FILES or None, instance=Stl.objects.get(pk=stl.pk))
    if request.method == "POST" and form.is_valid():
        if _apply(form, lambda: services.stl_update(actor=request.user, stl=stl, **form.save_arguments())):
            messages.success(request, _("Se guardaron los datos del STL."))
            return redirect("stl:manage", slug)
    return _form_page(request, stl, form, _("Datos del STL"), status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def member_add(request, slug: str):
    stl = _managed_stl(request, slug)
    form = MemberForm(request.POST or None, stl=stl, initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        added = []
        if _apply(
            form,
            lambda: added.append(
                services.member_add(
                    actor=request.user,
                    stl=stl,
                    email=data["email"],
                    display_name=data["display_name"],
                    organization=data["organization"],
                    sector=data["sector"],
                    role=data["role"],
                    start_date=data["start_date"],
                )
            ),
        ):
            if added[0].is_pending:
                # Worded the same whether or not the e-mail has an account.
                messages.success(
                    request,
                    _(
                        "Se registró la propuesta. Queda pendiente hasta que la apruebe la coordinación u otra "
                        "persona integrante del STL; si el correo corresponde a una cuenta, la persona podrá "
                        "gestionar el STL una vez aprobada."
                    ),
                )
            else:
                messages.success(request, _("Se agregó a la persona integrante."))
            return redirect("stl:manage", slug)
    return _form_page(request, stl, form, _("Agregar integrante"), status=400 if form.errors else 200)


def _with_decisions(user, pending: list[Member]) -> list[Member]:
    for member in pending:
        member.can_approve = has_perm(user, "stl.approve_member", member)
        member.can_reject = has_perm(user, "stl.reject_member", member)
    return pending


def _pending_seat(request, slug: str, pk: int, permission: str) -> tuple[Stl, Member]:
    stl = _managed_stl(request, slug)
    member = Member.objects.filter(stl=stl, pk=pk).select_related("stl__state", "organization").first()
    if member is None:
        raise Http404
    need(request.user, permission, member)
    return stl, member


def _already_decided(request, stl: Stl, member: Member):
    """A seat already approved or rejected: nothing left to decide (409)."""
    return render(request, "stl/already_decided.html", {"stl": stl, "member": member}, status=409)


@require_POST
def member_approve(request, slug: str, pk: int):
    stl, member = _pending_seat(request, slug, pk, "stl.approve_member")
    if not member.is_pending:
        return _already_decided(request, stl, member)
    if not try_service(lambda: services.member_approve(actor=request.user, member=member)):
        return _already_decided(request, stl, member)
    messages.success(request, _("Se aprobó la incorporación de %(name)s.") % {"name": member.display_name})
    return redirect("stl:manage", slug)


@require_http_methods(["GET", "POST"])
def member_reject(request, slug: str, pk: int):
    stl, member = _pending_seat(request, slug, pk, "stl.reject_member")
    if not member.is_pending:
        return _already_decided(request, stl, member)
    form = MemberRejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["rejection_reason"]
        if _apply(form, lambda: services.member_reject(actor=request.user, member=member, reason=reason)):
            messages.success(request, _("Se rechazó la incorporación de %(name)s.") % {"name": member.display_name})
            return redirect("stl:manage", slug)
    title = _("Rechazar la incorporación de %(name)s") % {"name": member.display_name}
    return _form_page(request, stl, form, title, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def member_end(request, slug: str, pk: int):
    stl = _managed_stl(request, slug)
    member = Member.objects.filter(stl=stl, pk=pk).select_related("stl", "organization").first()
    if member is None:
        raise Http404
    form = MemberEndForm(request.POST or None, initial={"end_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        end_date = form.cleaned_data["end_date"]
        if _apply(form, lambda: services.member_end(actor=request.user, member=member, end_date=end_date)):
            messages.success(request, _("Se registró la baja de %(name)s.") % {"name": member.display_name})
            return redirect("stl:manage", slug)
    title = _("Baja de %(name)s") % {"name": member.display_name}
    return _form_page(request, stl, form, title, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def session_create(request, slug: str):
    stl = _managed_stl(request, slug)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = []
        if _apply(
            form, lambda: created.append(services.session_create(actor=request.user, stl=stl, **form.cleaned_data))
        ):
            messages.success(request, _("Se creó la sesión."))
            return redirect("stl:session_detail", slug, created[0].pk)
    return _form_page(request, stl, form, _("Nueva sesión"), status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def minutes(request, slug: str, pk: int):
    stl = _managed_stl(request, slug)
    session = _session_of(stl, pk)
    form = MinutesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.session_minutes_attach(
                actor=request.user, session=session, upload=data["upload"], is_public=data["is_public"]
            ),
        ):
            messages.success(request, _("Se guardó la minuta."))
            return redirect("stl:session_detail", slug, pk)
    return _form_page(request, stl, form, _("Minuta de la sesión"), session=session, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def attendance(request, slug: str, pk: int):
    stl = _managed_stl(request, slug)
    session = _session_of(stl, pk)
    seats = Member.objects.filter(stl=stl, status=MemberStatus.APPROVED).select_related("organization")
    members = list(seats.order_by("sector", "display_name"))
    current = {row.member_id: row.status for row in session.attendance.all()}
    # Everyone seated on the day, plus anyone already recorded (a later correction keeps them).
    day = timezone.localdate(session.starts_at)
    members = [m for m in members if m.is_active(day) or m.pk in current]
    form = AttendanceForm(request.POST or None, members=members, current=current)
    if request.method == "POST" and form.is_valid():
        if _apply(
            form, lambda: services.attendance_record(actor=request.user, session=session, statuses=form.statuses())
        ):
            messages.success(request, _("Se registró la asistencia."))
            return redirect("stl:session_detail", slug, pk)
    return _form_page(request, stl, form, _("Asistencia"), session=session, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def agreement_add(request, slug: str, pk: int):
    stl = _managed_stl(request, slug)
    session = _session_of(stl, pk)
    form = AgreementForm(request.POST or None, stl=stl)
    if request.method == "POST" and form.is_valid():
        if _apply(form, lambda: services.agreement_add(actor=request.user, session=session, **form.cleaned_data)):
            messages.success(request, _("Se agregó el acuerdo."))
            return redirect("stl:session_detail", slug, pk)
    return _form_page(request, stl, form, _("Nuevo acuerdo"), session=session, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def agreement_status(request, slug: str, pk: int):
    stl = _managed_stl(request, slug)
    agreement = Agreement.objects.filter(session__stl=stl, pk=pk).select_related("session__stl").first()
    if agreement is None:
        raise Http404
    form = AgreementStatusForm(request.POST or None, initial={"status": agreement.status})
    if request.method == "POST" and form.is_valid():
        status = form.cleaned_data["status"]
        if _apply(form, lambda: services.agreement_set_status(actor=request.user, agreement=agreement, status=status)):
            messages.success(request, _("Se actualizó el seguimiento del acuerdo."))
            return redirect("stl:session_detail", slug, agreement.session_id)
    return _form_page(
        request, stl, form, _("Seguimiento del acuerdo"), session=agreement.session, status=400 if form.errors else 200
    )
