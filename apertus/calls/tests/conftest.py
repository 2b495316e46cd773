"""Calls built through the services, as the app builds them, and applicants who fill them in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from apertus.accounts.services import email_mark_verified, user_create
from apertus.calls import services
from apertus.calls.models import Call
from apertus.documents.tests import files
from apertus.organizations.models import OrganizationType
from apertus.organizations.services import organization_ensure
from apertus.program.models import ProgramPhase
from apertus.territories.models import State

PASSWORD = "contraseña-de-prueba-1"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def build_call(
    slug="convocatoria-prueba", *, opens_in=-10, closes_in=10, published=True, phase_number=1, **fields
) -> Call:
    """A call open from ``opens_in`` to ``closes_in`` days from now (negative: in the past)."""
    now = timezone.now()
    return services.call_create(
        actor=None,
        title=fields.pop("title", f"Convocatoria {slug}"),
        slug=slug,
        opens_at=now + timedelta(days=opens_in),
        closes_at=now + timedelta(days=closes_in),
        phase=ProgramPhase.objects.get(number=phase_number) if phase_number else None,
        is_published=published,
        **fields,
    )


def make_applicant(email: str, *, state_code: str | None = None, first="Ana", last="Aspirante"):
    user = user_create(
        email=email,
        password=PASSWORD,
        first_name=first,
        last_name=last,
        state=State.objects.get(code=state_code) if state_code else None,
    )
    email_mark_verified(user=user)
    return user


def fill_application(
    user,
    call,
    *,
    state_code="20",
    gender="mujer",
    sector="sociedad_civil",
    motives=None,
    submit=True,
    now=None,
    proof=True,
):
    """Every step through the services (``now`` inside the call's window)."""
    application = services.application_start(actor=user, call=call, now=now)
    services.application_update(
        actor=user,
        application=application,
        now=now,
        motives=motives or "Quiero abrir el gobierno de mi estado.",
        video_url="https://video.example.org/v/1",
        state=State.objects.get(code=state_code),
        gender=gender,
        sector=sector,
    )
    services.cv_entry_add(
        actor=user,
        application=application,
        section="education",
        title="Licenciatura",
        organization="Universidad",
        start_year=2010,
        end_year=2014,
        now=now,
    )
    services.cv_entry_add(
        actor=user,
        application=application,
        section="work",
        title="Analista",
        organization="Colectivo",
        start_year=2015,
        now=now,
    )
    if proof:
        services.application_upload_proof(
            actor=user, application=application, now=now, upload=files.upload(files.pdf(), "recibo.pdf")
        )
    services.application_consent(actor=user, application=application, accepted=True, now=now)
    if submit:
        services.application_submit(actor=user, application=application, now=now)
    application.refresh_from_db()
    return application


def institutions(call, count=3):
    """``count`` evaluating institutions, each with one evaluator; returns [(organization, user)]."""
    result = []
    for n in range(count):
        org = organization_ensure(name=f"Institución evaluadora {chr(65 + n)}", type=OrganizationType.CIVIL_SOCIETY)
        user = user_create(
            email=f"evaluadora{n}.{call.pk}@test.apertus.mx",
            password=PASSWORD,
            first_name=f"Evaluadora {chr(65 + n)}",
            last_name="Prueba",
        )
        services.evaluator_add(actor=None, call=call, organization=org, user=user)
        result.append((org, user))
    return result


def close(call, days_ago=1):
    """Move a call's deadline into the past (as if time went by)."""
    now = timezone.now()
    Call.objects.filter(pk=call.pk).update(
        opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=days_ago), extended_until=None
    )
    call.refresh_from_db()
    return call


@pytest.fixture
def open_call(db):
    return build_call()


@pytest.fixture
def pdf_upload():
    return files.upload(files.pdf(), "recibo-de-luz.pdf")


def finish_scoring(call, evaluators, value=None):
    """Every assigned institution submits its scores (``value`` for every criterion, default the
    middle of the scale), so the applications' scoring is final and interviews can be assigned."""
    from apertus.calls.models import EvaluationAssignment

    people = {org.pk: user for org, user in evaluators}
    criteria = list(call.criteria.all())
    for assignment in EvaluationAssignment.objects.filter(
        application__call=call, submitted_at__isnull=True
    ).select_related("application__call"):
        scores = {c.pk: (value if value is not None else (c.min_score + c.max_score) // 2, "") for c in criteria}
        services.evaluation_save(
            actor=people[assignment.organization_id], assignment=assignment, scores=scores, submit=True
        )


def scored_call(slug, rows, evaluators_value=None):
    """A closed call where each (state, gender, combined target) row is scored so the ranking follows ``rows``."""
    from apertus.calls.models import EvaluationAssignment, Interview

    call = build_call(slug, quota_per_state=1)
    apps = [
        fill_application(
            make_applicant(f"{slug}{i}@test.apertus.mx", first=f"Persona{i}"), call, state_code=s, gender=g
        )
        for i, (s, g, _v) in enumerate(rows)
    ]
    close(call)
    for app in apps:
        services.proof_check(actor=None, application=app, valid=True)
    evaluators = dict(institutions(call, 2))
    services.evaluations_assign(actor=None, call=call)
    for app, (_s, _g, value) in zip(apps, rows, strict=True):
        for a in EvaluationAssignment.objects.filter(application=app).select_related("application__call"):
            services.evaluation_save(
                actor=evaluators[a.organization],
                assignment=a,
                submit=True,
                scores={c.pk: (value, "") for c in call.criteria.all()},
            )
    services.interviews_assign(actor=None, call=call)
    for i in Interview.objects.filter(application__call=call).select_related("application__call"):
        value = next(v for app, (_s, _g, v) in zip(apps, rows, strict=True) if app.pk == i.application_id)
        services.interview_save(
            actor=evaluators[i.organization],
            interview=i,
            submit=True,
            answers={q.pk: max(1, value // 2) for q in call.questions.all()},
        )
    return call, apps
