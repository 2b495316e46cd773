"""Read-only API of team projects: published ones only, for everyone."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from apertus.core.api import from_path
from apertus.teams import selectors

router = Router()


class ProjectOut(Schema):
    year: int
    state_code: str
    state_slug: str
    state_name: str
    title: str
    published_at: datetime | None
    url: str

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.phase.year

    resolve_state_code = from_path("state.code")
    resolve_state_slug = from_path("state.slug")
    resolve_state_name = from_path("state.short_name")

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class CommitmentRef(Schema):
    id: int
    title: str
    url: str


class DeliverableOut(Schema):
    """What the public page shows; feedback stays between the team and its mentor."""

    title: str
    description: str
    due_date: date
    submitted_at: datetime | None
    is_late: bool
    file_url: str | None
    link: str


class ProjectDetailOut(ProjectOut):
    summary: str
    fellows: list[str]
    mentor: str | None
    commitments: list[CommitmentRef]
    sdg_targets: list[str]
    deliverables: list[DeliverableOut]

    @staticmethod
    def resolve_fellows(obj) -> list[str]:
        return [f.public_name for f in obj.fellows.all()]

    @staticmethod
    def resolve_mentor(obj) -> str | None:
        return obj.mentor.public_name if obj.mentor_id else None

    @staticmethod
    def resolve_commitments(obj) -> list[dict]:
        return [
            {"id": c.pk, "title": c.title, "url": c.get_absolute_url()}
            for c in obj.commitments.all()
            if c.plan.is_public
        ]

    @staticmethod
    def resolve_sdg_targets(obj) -> list[str]:
        return [t.code for t in obj.targets.all()]

    @staticmethod
    def resolve_deliverables(obj) -> list[dict]:
        rows = []
        for d in obj.deliverables.all():
            file_url = (
                reverse("teams:deliverable_file", args=[obj.phase.year, obj.state.slug, d.pk])
                if d.document_id
                else None
            )
            rows.append(
                {
                    "title": d.title,
                    "description": d.description,
                    "due_date": d.due_date,
                    "submitted_at": d.submitted_at,
                    "is_late": d.is_late,
                    "file_url": file_url,
                    "link": d.link,
                }
            )
        return rows


@router.get("/", response=list[ProjectOut], summary="Proyectos de equipo publicados")
@paginate(LimitOffsetPagination)
def list_projects(request, year: int | None = None, state: str | None = None):
    qs = selectors.published_projects()
    if year is not None:
        qs = qs.filter(phase__year=year)
    if state:
        qs = qs.filter(state__code=state)
    return qs


@router.get("/{year}/{state_slug}", response=ProjectDetailOut, summary="Un proyecto de equipo publicado")
def get_project(request, year: int, state_slug: str):
    project = selectors.project_get(year=year, state_slug=state_slug)
    if project is None or not project.is_published:
        raise Http404
    return project
