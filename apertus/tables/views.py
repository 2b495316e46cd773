"""Working-table pages: public (a plan's tables, a table) and management (for the plan's STL).

Tables of plans a person may not see answer 404; management answers 403 to whoever may not run
the plan's tables. Changes happen only on POST, through the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apertus.core.forms import apply_service as _apply
from apertus.core.forms import try_service
from apertus.core.history import change_log
from apertus.core.permissions import has_perm, need
from apertus.plans.selectors import plan_get
from apertus.tables import selectors, services
from apertus.tables.forms import AttendanceForm, CommitmentLinkForm, MinutesForm, TableForm
from apertus.tables.models import RegistrationStatus, TableCommitment, WorkingTable


def _managed(request, pk: int) -> WorkingTable:
    table = selectors.table_get(user=request.user, pk=pk)
    need(request.user, "tables.manage_table", table)
    return table


def _form_page(request, form, title: str, *, plan, table=None, extra=None):
    context = {"form": form, "title": title, "plan": plan, "table": table, **(extra or {})}
    return render(request, "tables/form.html", context, status=400 if form.errors else 200)


# Public pages


@require_GET
def table_index(request):
    page = Paginator(selectors.upcoming_tables(request.user).order_by("starts_at", "pk"), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "tables/index.html", {"page_obj": page})


@require_GET
def plan_tables(request, state: str, edition: int):
    plan = plan_get(user=request.user, state_slug=state, edition=edition)
    page = Paginator(selectors.plan_tables(plan), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "tables/plan_tables.html",
        {
            "plan": plan,
            "page_obj": page,
            "can_manage": has_perm(request.user, "tables.manage_table", plan),
        },
    )


def _detail(request, table: WorkingTable, *, status: int = 200, error: str = ""):
    user = request.user
    can_manage = has_perm(user, "tables.manage_table", table)
    return render(
        request,
        "tables/detail.html",
        {
            "table": table,
            "plan": table.plan,
            "seats_left": selectors.seats_left(table),
            "attendance": selectors.attendance_by_sector(table),
            "attendance_total": sum(row.count for row in table.attendance.all()),
            "registration": selectors.registration_of(user=user, table=table),
            "closed_reason": selectors.registration_closed_reason(table),
            "cancel_closed_reason": selectors.cancellation_closed_reason(table),
            "can_register": has_perm(user, "tables.register_table", table),
            "can_manage": can_manage,
            "show_minutes": table.minutes is not None and (table.minutes.is_public or can_manage),
            "history": change_log(table, limit=20),
            "error": error,
        },
        status=status,
    )


@require_GET
def table_detail(request, pk: int):
    return _detail(request, selectors.table_get(user=request.user, pk=pk))


@login_required
@require_POST
def register(request, pk: int):
    table = selectors.table_get(user=request.user, pk=pk)
    need(request.user, "tables.register_table", table)
    done = try_service(lambda: services.registration_create(actor=request.user, table=table))
    if not done:
        return _detail(request, selectors.table_get(user=request.user, pk=pk), status=409, error=done.message)
    registration = done.result
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("Tienes un lugar en la mesa."))
    else:
        messages.success(
            request,
            _("La mesa está llena: estás en la lista de espera, en el lugar %(n)d.")
            % {"n": registration.waitlist_position},
        )
    return redirect(table)


@login_required
@require_POST
def cancel(request, pk: int):
    table = selectors.table_get(user=request.user, pk=pk)
    registration = selectors.registration_of(user=request.user, table=table)
    if registration is None:
        raise Http404
    done = try_service(lambda: services.registration_cancel(actor=request.user, registration=registration))
    if not done:
        return _detail(request, selectors.table_get(user=request.user, pk=pk), status=409, error=done.message)
    messages.success(request, _("Cancelaste tu inscripción."))
    return redirect(table)


# Management


@login_required
@require_http_methods(["GET", "POST"])
def table_create(request, state: str, edition: int):
    plan = plan_get(user=request.user, state_slug=state, edition=edition)
    need(request.user, "tables.manage_table", plan)
    form = TableForm(request.POST or None)
    created = []
    if request.method == "POST" and form.is_valid():
        if _apply(
            form, lambda: created.append(services.table_create(actor=request.user, plan=plan, **form.service_fields()))
        ):
            messages.success(request, _("Se creó la mesa de trabajo."))
            return redirect(created[0])
    return _form_page(request, form, _("Nueva mesa de trabajo"), plan=plan)


@login_required
@require_http_methods(["GET", "POST"])
def table_edit(request, pk: int):
    table = _managed(request, pk)
    form = TableForm(request.POST or None, instance=WorkingTable.objects.get(pk=table.pk))
    if request.method == "POST" and form.is_valid():
        if _apply(form, lambda: services.table_update(actor=request.user, table=table, **form.service_fields())):
            messages.success(request, _("Se guardó la mesa de trabajo."))
            return redirect(table)
    return _form_page(request, form, _("Editar la mesa"), plan=table.plan, table=table)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, pk: int):
    table = _managed(request, pk)
    registrations = selectors.table_registrations(table)
    counts = {row.sector: row.count for row in table.attendance.all()}
    form = AttendanceForm(request.POST or None, counts=counts, registrations=registrations)
    if request.method == "POST" and form.is_valid():
        if _apply(
            form,
            lambda: services.attendance_record(
                actor=request.user, table=table, counts=form.counts(), attended=form.attended()
            ),
        ):
            messages.success(request, _("Se registró la asistencia."))
            return redirect(table)
    return render(
        request,
        "tables/attendance.html",
        {"form": form, "table": table, "plan": table.plan},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request, pk: int):
    table = _managed(request, pk)
    form = MinutesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.table_minutes_attach(
                actor=request.user, table=table, upload=data["upload"], is_public=data["is_public"]
            ),
        ):
            messages.success(request, _("Se guardó la minuta."))
            return redirect(table)
    return _form_page(request, form, _("Minuta de la mesa"), plan=table.plan, table=table)


@login_required
@require_http_methods(["GET", "POST"])
def commitments(request, pk: int):
    table = _managed(request, pk)
    form = CommitmentLinkForm(request.POST or None, plan=table.plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.table_commitment_link(
                actor=request.user, table=table, commitment=data["commitment"], note=data["note"]
            ),
        ):
            messages.success(request, _("Se vinculó el compromiso."))
            return redirect(table)
    return _form_page(
        request,
        form,
        _("Compromisos surgidos de la mesa"),
        plan=table.plan,
        table=table,
        extra={"links": table.commitment_links.all()},
    )


@login_required
@require_POST
def commitment_unlink(request, pk: int, link: int):
    table = _managed(request, pk)
    found = TableCommitment.objects.filter(table=table, pk=link).select_related("table").first()
    if found is None:
        raise Http404
    services.table_commitment_unlink(actor=request.user, link=found)
    messages.success(request, _("Se quitó el vínculo con el compromiso."))
    return redirect("tables:commitments", table.pk)
