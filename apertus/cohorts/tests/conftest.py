"""Cohorts built in the test: calls with applications, fellows, a course with progress, grades and
certificates, so every indicator has a number worked out by hand."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from apertus.accounts.models import Role
from apertus.accounts.services import role_assign, user_create
from apertus.calls.models import Application, ApplicationStatus, Call, Result
from apertus.core.testing import data_kept_copy
from apertus.learning.models import (
    Activity,
    ActivityKind,
    ActivityProgress,
    Certificate,
    Course,
    Grade,
    Module,
    ProgressStatus,
    Session,
)
from apertus.program.models import ProgramPhase
from apertus.territories.models import State


def make_call(phase: ProgramPhase) -> Call:
    now = timezone.now()
    return Call.objects.create(
        phase=phase,
        title=f"Convocatoria {phase.year}",
        slug=f"convocatoria-{phase.year}",
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=60),
        is_published=True,
    )


def apply(
    call: Call,
    user,
    state_code: str | None,
    gender: str,
    *,
    accepted: bool,
    sector: str = "",
    status: str = ApplicationStatus.SUBMITTED,
) -> Application:
    return Application.objects.create(
        call=call,
        applicant=user,
        status=status,
        submitted_at=timezone.now(),
        gender=gender,
        sector=sector,
        state=State.objects.get(code=state_code) if state_code else None,
        result=Result.ACCEPTED if accepted else Result.NOT_SELECTED,
    )


@dataclass
class Cohort:
    phase: ProgramPhase
    call: Call
    counter: list = field(default_factory=lambda: [0])

    def person(self, first: str = "Persona", last: str = "Prueba"):
        self.counter[0] += 1
        n = self.counter[0]
        return user_create(
            email=f"persona.{self.phase.year}.{n:03d}@correo-secreto.test",
            password=None,
            first_name=f"{first}{n}",
            last_name=last,
        )

    def fellow(self, state_code: str, gender: str | None, *, sector: str = "gobierno", **role):
        """A fellow of the cohort; ``gender`` None: no application at all."""
        user = self.person()
        state = State.objects.get(code=state_code)
        if gender is not None:
            apply(self.call, user, state_code, gender, accepted=True, sector=sector)
        role_assign(actor=None, user=user, role=Role.FELLOW, state=state, phase=self.phase, sector=sector, **role)
        return user

    def applicant(self, state_code: str | None, gender: str, **kwargs):
        user = self.person("Aspirante")
        apply(self.call, user, state_code, gender, accepted=False, **kwargs)
        return user


def cohort(number: int) -> Cohort:
    phase = ProgramPhase.objects.get(number=number)
    return Cohort(phase, make_call(phase))


def make_course(phase: ProgramPhase, *, activities: int = 2, running: bool = False, published: bool = True):
    today = timezone.localdate()
    ends = today + timedelta(days=60) if running else today - timedelta(days=30)
    program = Course.objects.create(
        phase=phase,
        title=f"Curso {phase.year}",
        starts_on=ends - timedelta(days=240),
        ends_on=ends,
        is_published=published,
    )
    module = Module.objects.create(program=program, title="Módulo 1")
    session = Session.objects.create(module=module, title="Sesión 1")
    items = [
        Activity.objects.create(
            session=session, position=i, kind=ActivityKind.READING, title=f"Lectura {i}", body="Texto."
        )
        for i in range(1, activities + 1)
    ]
    return program, items


def complete(user, activities, *, status=ProgressStatus.COMPLETED):
    for activity in activities:
        ActivityProgress.objects.create(activity=activity, fellow=user, status=status)


def grade(program, user, *, passed: bool, certificate: bool = False):
    Grade.objects.create(program=program, fellow=user, total=85 if passed else 50, passed=passed)
    if certificate:
        certify(program, user)


def certify(program, user):
    Certificate.objects.create(
        program=program,
        fellow=user,
        code=secrets.token_hex(16).upper(),
        full_name=user.full_name,
        grade=85,
        issued_on=date.today(),
    )


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@dataclass
class Example:
    first: Cohort
    second: Cohort
    program: Course
    people: dict
    excluded: list


def build_example() -> Example:
    """The worked example of the indicators page, figured out by hand in ``test_indicators``.

    2017: 16 fellows in Morelos, Oaxaca and Sonora (plus one whose role ended and one disabled, who
    do not count), four applicants who were not selected (one in Chihuahua), a draft that does not
    count, and a finished two-activity course. 2018: three fellows in Campeche, no course.
    """
    from apertus.accounts.models import User

    first, second = cohort(1), cohort(2)
    p = {}
    p["mor_w1"] = first.fellow("17", "mujer")
    for i in (1, 2, 3):
        p[f"mor_h{i}"] = first.fellow("17", "hombre")
    for i in (1, 2, 3):
        p[f"oax_w{i}"] = first.fellow("20", "mujer", sector="sociedad_civil")
    p["oax_h1"] = first.fellow("20", "hombre", sector="academia")
    p["oax_nb"] = first.fellow("20", "no_binaria", sector="academia")
    for i in (1, 2, 3):
        p[f"son_w{i}"] = first.fellow("26", "mujer", sector="organo_garante")
    for i in (1, 2, 3):
        p[f"son_h{i}"] = first.fellow("26", "hombre", sector="organo_garante")
    p["son_nd"] = first.fellow("26", "", sector="")  # accepted application, gender left blank
    today = timezone.localdate()
    ended = first.fellow("20", None, starts_on=today - timedelta(days=400), ends_on=today - timedelta(days=1))
    disabled = first.fellow("20", None)
    User.objects.filter(pk=disabled.pk).update(is_active=False)
    first.applicant("20", "mujer")
    first.applicant("20", "mujer")
    first.applicant("20", "hombre")
    p["chih_applicant"] = first.applicant("08", "")
    first.applicant("17", "mujer", status=ApplicationStatus.DRAFT)
    for i in (1, 2, 3):
        p[f"camp_w{i}"] = second.fellow("04", "mujer", sector="sociedad_civil")
    second_activity_only = ProgressStatus.IN_PROGRESS
    program, (a1, a2) = make_course(first.phase)
    for key in ("oax_w1", "oax_w2", "oax_w3", "son_w1", "son_w2", "mor_h1", "son_h1", "oax_nb"):
        complete(p[key], [a1, a2])
    complete(p["son_w3"], [a1])
    complete(p["son_w3"], [a2], status=second_activity_only)
    complete(p["mor_h2"], [a1, a2], status=ProgressStatus.IN_PROGRESS)
    for key in ("oax_w1", "oax_w2", "son_w1", "oax_nb"):
        grade(program, p[key], passed=True, certificate=True)
    grade(program, p["son_w2"], passed=True)
    grade(program, p["mor_w1"], passed=False)
    grade(program, p["mor_h1"], passed=False)
    certify(program, p["son_h1"])  # a certificate without a stored grade still means passed
    return Example(first, second, program, p, [ended, disabled])


@pytest.fixture
def example(db):
    """``build_example()``, built through the services the first time from a given starting point and its
    rows written back after that (``data_kept_copy``, keyed by today's date, which its roles, course and
    applications follow); each test gets its own copy, counters of its cohorts included."""
    return data_kept_copy(f"cohorts example {timezone.localdate()}", build_example)
