"""Team project pages: public (cohorts, a cohort, a project, its files) and management.

A draft answers 404 to whoever may not see it (everyone but its team, mentor and coordination);
management answers 403 to whoever sees the project but may not do that. Writes happen on POST,
through the services.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from apertus.core.files import document_response
from apertus.core.forms import apply_service as _apply
from apertus.core.history import change_log
from apertus.core.permissions import has_perm, need, visible_or_404
from apertus.teams import selectors, services
from apertus.teams.forms import (
    DeliverableForm,
    FeedbackForm,
    ProjectContentForm,
    ProjectCreateForm,
    SubmissionForm,
    TeamForm,
)
from apertus.teams.models import TeamProject


def _visible_project(request, year: int, slug: str) -> TeamProject:
    project = visible_or_404(request.user, "teams.view_project", selectors.project_get(year=year, state_slug=slug))
    return project


def _project_for(request, year: int, slug: str, permission: str) -> TeamProject:
    project = _visible_project(request, year, slug)
    need(request.user, permission, project)
    return project


def _deliverable_of(project: TeamProject, pk: int):
    deliverable = selectors.deliverable_get(project=project, pk=pk)
    if deliverable is None:
        raise Http404
    return deliverable


def _form_page(request, form, title: str, project=None):
    context = {"form": form, "title": title, "project": project}
    return render(request, "teams/form.html", context, status=400 if form.errors else 200)


def _to_manage(project: TeamProject):
    return redirect("teams:manage", project.phase.year, project.state.slug)


# Public pages


@require_GET
def cohort_list(request):
    can_add = has_perm(request.user, "teams.add_project")
    return render(request, "teams/cohort_list.html", {"phases": selectors.cohort_index(), "can_add": can_add})


@require_GET
def cohort_detail(request, year: int):
    phase = selectors.phase_by_year(year)
    if phase is None:
        raise Http404
    projects = selectors.cohort_projects(phase=phase, user=request.user)
    return render(request, "teams/cohort_detail.html", {"phase": phase, "projects": projects})


@require_GET
def project_detail(request, year: int, slug: str):
    project = _visible_project(request, year, slug)
    insider = has_perm(request.user, "teams.view_management", project)
    commitments = [c for c in project.commitments.all() if insider or c.plan.is_public]
    context = {
        "project": project,
        "commitments": commitments,
        "insider": insider,
        "show_feedback": has_perm(request.user, "teams.view_feedback", project),
        "stl_public": bool(project.stl and (project.stl.is_published or insider)),
        "history": change_log(project),
    }
    return render(request, "teams/detail.html", context)


@require_safe
def deliverable_file(request, year: int, slug: str, pk: int):
    """A handed-in file, to whoever may see the project (the public, once it is published)."""
    project = _visible_project(request, year, slug)
    deliverable = _deliverable_of(project, pk)
    return document_response(deliverable.document, private=not project.is_published)


# Management


@require_GET
def project_manage(request, year: int, slug: str):
    project = _project_for(request, year, slug, "teams.view_management")
    user = request.user
    context = {
        "project": project,
        "can_change": has_perm(user, "teams.change_project", project),
        "can_manage": has_perm(user, "teams.manage_project", project),
        "can_add_deliverable": has_perm(user, "teams.add_deliverable", project),
        "can_submit": has_perm(user, "teams.submit_deliverable", project),
        "can_review": has_perm(user, "teams.review_deliverable", project),
    }
    return render(request, "teams/manage.html", context)


@require_http_methods(["GET", "POST"])
def project_create(request):
    need(request.user, "teams.add_project")
    form = ProjectCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data, created = form.cleaned_data, []
        if _apply(form, lambda: created.append(services.project_create(actor=request.user, **data))):
            messages.success(request, _("Se creó el proyecto de equipo."))
            return _to_manage(created[0])
    return _form_page(request, form, _("Nuevo proyecto de equipo"))


@require_http_methods(["GET", "POST"])
def project_edit(request, year: int, slug: str):
    project = _project_for(request, year, slug, "teams.change_project")
    initial = {
        "title": project.title,
        "summary": project.summary,
        "commitments": list(project.commitments.all()),
        "targets": list(project.targets.all()),
    }
    form = ProjectContentForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _apply(form, lambda: services.project_update(actor=request.user, project=project, **form.cleaned_data)):
            messages.success(request, _("Se guardó el proyecto."))
            return _to_manage(project)
    return _form_page(request, form, _("Contenido del proyecto"), project)


@require_http_methods(["GET", "POST"])
def project_team(request, year: int, slug: str):
    project = _project_for(request, year, slug, "teams.manage_project")
    initial = {"fellows": list(project.fellows.all()), "mentor": project.mentor, "stl": project.stl}
    form = TeamForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _apply(form, lambda: services.project_set_team(actor=request.user, project=project, **form.cleaned_data)):
            messages.success(request, _("Se guardó el equipo."))
            return _to_manage(project)
    return _form_page(request, form, _("Equipo, mentoría y STL"), project)


@require_POST
def project_publication(request, year: int, slug: str):
    project = _project_for(request, year, slug, "teams.manage_project")
    if request.POST.get("publish") == "1":
        services.project_publish(actor=request.user, project=project)
        messages.success(request, _("El proyecto ya es público."))
    else:
        services.project_unpublish(actor=request.user, project=project)
        messages.success(request, _("El proyecto volvió a borrador."))
    return _to_manage(project)


@require_http_methods(["GET", "POST"])
def deliverable_add(request, year: int, slug: str):
    project = _project_for(request, year, slug, "teams.add_deliverable")
    form = DeliverableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _apply(form, lambda: services.deliverable_create(actor=request.user, project=project, **form.cleaned_data)):
            messages.success(request, _("Se agregó el entregable."))
            return _to_manage(project)
    return _form_page(request, form, _("Nuevo entregable"), project)


@require_http_methods(["GET", "POST"])
def deliverable_submit(request, year: int, slug: str, pk: int):
    project = _project_for(request, year, slug, "teams.submit_deliverable")
    deliverable = _deliverable_of(project, pk)
    deliverable.project = project
    form = SubmissionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _apply(
            form,
            lambda: services.deliverable_submit(
                actor=request.user, deliverable=deliverable, upload=data.get("upload"), link=data.get("link") or ""
            ),
        ):
            if deliverable.is_late:
                messages.warning(request, _("Se recibió la entrega, fuera de la fecha límite."))
            else:
                messages.success(request, _("Se recibió la entrega."))
            return _to_manage(project)
    return _form_page(request, form, _("Entregar «%(title)s»") % {"title": deliverable.title}, project)


@require_http_methods(["GET", "POST"])
def deliverable_feedback(request, year: int, slug: str, pk: int):
    project = _project_for(request, year, slug, "teams.review_deliverable")
    deliverable = _deliverable_of(project, pk)
    deliverable.project = project
    form = FeedbackForm(request.POST or None, initial={"feedback": deliverable.feedback})
    if request.method == "POST" and form.is_valid():
        feedback = form.cleaned_data["feedback"]
        if _apply(
            form, lambda: services.deliverable_feedback(actor=request.user, deliverable=deliverable, feedback=feedback)
        ):
            messages.success(request, _("Se guardó la retroalimentación."))
            return _to_manage(project)
    return _form_page(request, form, _("Retroalimentación de «%(title)s»") % {"title": deliverable.title}, project)
