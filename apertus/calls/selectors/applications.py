"""Reads about applications: an applicant's own, coordination's lists, and completeness."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apertus.calls import limits
from apertus.calls.models import Application, ApplicationStatus, Call, ProofStatus

# The application's steps, in order: (slug in the URL, title).
STEPS: list[tuple[str, str | Promise]] = [
    ("motivos", _("Exposición de motivos")),
    ("curriculum", _("Currículum")),
    ("video", _("Video")),
    ("datos", _("Datos generales")),
    ("comprobante", _("Comprobante de domicilio")),
    ("aviso", _("Aviso de privacidad")),
]
STEP_SLUGS = [slug for slug, _title in STEPS]


@dataclass(frozen=True)
class CompletenessItem:
    key: str
    label: str | Promise
    done: bool
    step: str


@dataclass(frozen=True)
class Completeness:
    items: list[CompletenessItem]

    @property
    def percent(self) -> int:
        done = sum(1 for item in self.items if item.done)
        return done * 100 // len(self.items)

    @property
    def missing(self) -> list[CompletenessItem]:
        return [item for item in self.items if not item.done]

    @property
    def is_complete(self) -> bool:
        return not self.missing


def cv_counts(application: Application) -> Counter:
    return Counter(entry.section for entry in application.cv_entries.all())


def completeness(application: Application) -> Completeness:
    """How complete an application is: the one computation, shown to the applicant and used
    by ``application_submit`` and the reminders. Uses prefetched CV entries when there are."""
    counts = cv_counts(application)
    motives = application.motives.strip()
    items = [
        CompletenessItem(
            "motives",
            _("Exposición de motivos"),
            bool(motives) and application.motives_words <= application.call.motives_word_limit,
            "motivos",
        ),
        CompletenessItem(
            "cv",
            _("Currículum: formación y experiencia laboral"),
            all(counts[s.key] >= s.min_count for s in limits.CV_SECTIONS.values()),
            "curriculum",
        ),
        CompletenessItem("video", _("Enlace al video"), bool(application.video_url), "video"),
        CompletenessItem("state", _("Entidad de residencia"), application.state_id is not None, "datos"),
        CompletenessItem("gender", _("Género"), bool(application.gender), "datos"),
        CompletenessItem("sector", _("Sector"), bool(application.sector), "datos"),
        CompletenessItem("proof", _("Comprobante de domicilio"), application.proof_id is not None, "comprobante"),
        CompletenessItem(
            "consent", _("Aceptación del aviso de privacidad"), application.consent_at is not None, "aviso"
        ),
    ]
    return Completeness(items)


def application_of(*, call: Call, user) -> Application | None:
    """``user``'s own application to ``call`` (there is at most one), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Application.objects.filter(call=call, applicant_id=user.pk)
        .select_related("call", "state", "proof")
        .prefetch_related("cv_entries")
        .first()
    )


def applications_of_user(user) -> QuerySet[Application]:
    return (
        Application.objects.filter(applicant_id=user.pk)
        .select_related("call", "state")
        .prefetch_related("cv_entries")
        .order_by("-created_at")
    )


def applications_for_call(call: Call, *, status: str | None = None, proof: str | None = None) -> QuerySet[Application]:
    """Coordination's list: everything a row shows, in a fixed number of queries."""
    qs = (
        Application.objects.filter(call=call)
        .select_related("call", "applicant", "state", "proof")
        .prefetch_related("cv_entries")
        .annotate(
            evaluations_total=Count("evaluations", distinct=True),
            evaluations_done=Count("evaluations", filter=Q(evaluations__submitted_at__isnull=False), distinct=True),
            interviews_total=Count("interviews", distinct=True),
        )
        .order_by("status", "applicant__last_name", "applicant__first_name", "pk")
    )
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    if proof:
        qs = qs.filter(proof_status=proof)
    return qs


def application_for_coordination(*, call: Call, pk: int) -> Application:
    return (
        Application.objects.select_related("call", "applicant", "state", "proof", "proof_checked_by")
        .prefetch_related("cv_entries")
        .get(call=call, pk=pk)
    )


def cv_by_section(application: Application) -> list[tuple[limits.CVSection, list]]:
    entries = list(application.cv_entries.all())
    return [(spec, [e for e in entries if e.section == spec.key]) for spec in limits.CV_SECTIONS.values()]


def proofs_to_check() -> QuerySet[Application]:
    """Sent applications whose proof of residence nobody has checked yet (coordination's queue)."""
    return (
        Application.objects.filter(status=ApplicationStatus.SUBMITTED, proof_status=ProofStatus.PENDING)
        .select_related("call", "applicant")
        .order_by("submitted_at", "pk")
    )
