"""Writes about team projects: create, form the team, write, publish, deliverables and feedback.

Keyword-only, validated, atomic. ``actor`` None means the system (data loading).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.history import attribute
from apertus.core.permissions import need, require
from apertus.core.validation import full_clean
from apertus.documents.models import DocumentKind
from apertus.documents.services import document_create, document_publish, document_unpublish
from apertus.notifications.services import notify
from apertus.search import index as search_index
from apertus.stl.models import Stl
from apertus.teams import selectors
from apertus.teams.models import Deliverable, TeamProject
from apertus.teams.rules import team_fellow_ids

FEEDBACK_EVENT = "team_feedback"
SUBMISSION_EVENT = "team_submission"


def _save(obj, actor, *, reason: str = "") -> None:
    full_clean(obj)
    with transaction.atomic():
        attribute(obj, actor)
        # Read by simple-history for this save only; a stale reason must not label later changes.
        obj._change_reason = reason or None
        obj.save()
        search_index.update(obj)  # a project (published or not); other records are not searched


def project_create(
    *, actor, phase, state, title: str, summary: str = "", mentor=None, stl=None, is_published: bool = False
) -> TeamProject:
    """A cohort's project for one state (one per cohort and state). Its STL defaults to the state's."""
    require(actor, "teams.add_project", state)
    if stl is None:
        stl = Stl.objects.filter(state=state).first()
    project = TeamProject(phase=phase, state=state, title=title.strip(), summary=summary, mentor=mentor, stl=stl)
    _save(project, actor)
    if is_published:
        project_publish(actor=actor, project=project)
    return project


def _manage_url(project: TeamProject) -> str:
    return reverse("teams:manage", args=[project.phase.year, project.state.slug])


def _check_commitments(project: TeamProject, commitments) -> list:
    commitments = list(commitments)
    allowed = set(selectors.state_commitments(state=project.state).values_list("pk", flat=True))
    if any(c.pk not in allowed for c in commitments):
        raise ValidationError({"commitments": _("Solo se pueden elegir compromisos de los planes de la entidad.")})
    return commitments


def _check_targets(targets) -> list:
    targets = list(targets)
    if any(t.scheme != "sdg_target" for t in targets):
        raise ValidationError({"targets": _("Solo se pueden elegir metas de los ODS.")})
    return targets


def project_update(
    *,
    actor,
    project: TeamProject,
    title: str,
    summary: str,
    commitments: Iterable | None = None,
    targets: Iterable | None = None,
) -> TeamProject:
    """The team's own content: title, summary (Markdown), the commitments and SDG targets it works on."""
    require(actor, "teams.change_project", project)
    project.title, project.summary = title.strip(), summary
    with transaction.atomic():
        if commitments is not None:
            project.commitments.set(_check_commitments(project, commitments))
        if targets is not None:
            project.targets.set(_check_targets(targets))
        _save(project, actor)
    return project


def project_set_team(*, actor, project: TeamProject, fellows: Iterable, mentor=None, stl=None) -> TeamProject:
    """Form the team: its fellows (fellows of exactly this cohort and state), mentor and STL."""
    require(actor, "teams.manage_project", project)
    fellows = list(fellows)
    eligible = set(selectors.eligible_fellows(phase=project.phase, state=project.state).values_list("pk", flat=True))
    strangers = [str(f) for f in fellows if f.pk not in eligible]
    if strangers:
        raise ValidationError(
            {"fellows": _("No son fellows de esta generación y entidad: %(names)s") % {"names": ", ".join(strangers)}}
        )
    project.mentor, project.stl = mentor, stl
    names = ", ".join(sorted(f.public_name for f in fellows)) or "—"
    if mentor is not None:
        names += " · " + _("mentoría: %(name)s") % {"name": mentor.public_name}
    with transaction.atomic():
        project.fellows.set(fellows)
        project._team_fellow_ids = {f.pk for f in fellows}
        _save(project, actor, reason=_("Equipo: %(names)s") % {"names": names})
    return project


def _set_documents_public(project: TeamProject, public: bool) -> None:
    change = document_publish if public else document_unpublish
    for deliverable in project.deliverables.exclude(document=None).select_related("document"):
        change(actor=None, document=deliverable.document)


def project_publish(*, actor, project: TeamProject) -> TeamProject:
    """Make the page public, with the files the team handed in."""
    require(actor, "teams.manage_project", project)
    with transaction.atomic():
        project.is_published = True
        project.published_at = project.published_at or timezone.now()
        _save(project, actor)
        _set_documents_public(project, True)
    return project


def project_unpublish(*, actor, project: TeamProject) -> TeamProject:
    """Back to draft: the page and its files are no longer public."""
    require(actor, "teams.manage_project", project)
    with transaction.atomic():
        project.is_published = False
        _save(project, actor)
        _set_documents_public(project, False)
    return project


def deliverable_create(
    *, actor, project: TeamProject, title: str, due_date: date, description: str = ""
) -> Deliverable:
    require(actor, "teams.add_deliverable", project)
    deliverable = Deliverable(project=project, title=title.strip(), description=description, due_date=due_date)
    _save(deliverable, actor)
    return deliverable


def deliverable_submit(*, actor, deliverable: Deliverable, upload=None, link: str = "", now=None) -> Deliverable:
    """Hand in (or replace) the deliverable: a file, a link or both.

    The server's clock decides whether it is late (after the end of the due day); late work is
    accepted and marked. Once the mentor has given feedback the submission is final. The file is
    checked by content and kept private until the project is published. ``actor`` is required:
    only the team hands in its work.
    """
    need(actor, "teams.submit_deliverable", deliverable)
    link = (link or "").strip()
    if upload is None and not link:
        raise ValidationError(_("Adjunta un archivo o escribe un enlace."))
    project = deliverable.project
    with transaction.atomic():
        current = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
        if current.feedback_at is not None:
            raise ValidationError(_("Este entregable ya tiene retroalimentación; la entrega es definitiva."))
        old_document = current.document
        if upload is not None:
            # The documents app lets only coordination and STLs upload; the team's right was checked above.
            document = document_create(
                actor=None,
                upload=upload,
                title=f"{deliverable.title} · {project.title}"[:255],
                kind=DocumentKind.REPORT,
                is_public=project.is_published,
            )
            document.uploaded_by = actor
            attribute(document, actor)
            document.save(update_fields=["uploaded_by"])
            deliverable.document = document
        deliverable.link = link
        deliverable.submitted_at = now or timezone.now()
        deliverable.submitted_by = actor
        deliverable.is_late = deliverable.submitted_at > deliverable.deadline
        _save(deliverable, actor)
        if upload is not None and old_document is not None and old_document.is_public:
            document_unpublish(actor=None, document=old_document)
        if project.mentor_id:
            notify(
                event=SUBMISSION_EVENT,
                recipients=[project.mentor_id],
                title=_("%(team)s entregó «%(title)s»")
                % {"team": project.state.short_name, "title": deliverable.title},
                url=_manage_url(project),
                actor=actor,
                dedupe_key=f"team-submission:{deliverable.pk}:{deliverable.submitted_at.isoformat()}",
                target=deliverable,
            )
    return deliverable


def deliverable_feedback(*, actor, deliverable: Deliverable, feedback: str) -> Deliverable:
    """The mentor's (or coordination's) feedback, in Markdown; the team is told."""
    require(actor, "teams.review_deliverable", deliverable)
    if not deliverable.is_submitted:
        raise ValidationError(_("El equipo aún no entrega este trabajo."))
    if not feedback.strip():
        raise ValidationError({"feedback": _("Escribe la retroalimentación.")})
    with transaction.atomic():
        deliverable.feedback = feedback
        deliverable.feedback_by = actor
        deliverable.feedback_at = timezone.now()
        _save(deliverable, actor)
        project = deliverable.project
        notify(
            event=FEEDBACK_EVENT,
            recipients=team_fellow_ids(project),
            title=_("Retroalimentación de «%(title)s»") % {"title": deliverable.title},
            url=_manage_url(project),
            actor=actor,
            dedupe_key=f"team-feedback:{deliverable.pk}:{deliverable.feedback_at.isoformat()}",
            target=deliverable,
        )
    return deliverable
