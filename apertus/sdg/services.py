"""Writes of the SDG suggestions: add a suggested tag, dismiss a suggestion, refresh stored scores."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from apertus.core.permissions import has_perm
from apertus.sdg.classifier import get_classifier
from apertus.sdg.models import Dismissal, RecordScore
from apertus.sdg.records import RECORDS, record_text
from apertus.taxonomy.models import Scheme, Term

MODEL_VERSION = "1"


def _require(actor, kind: str, record) -> None:
    rt = RECORDS[kind]
    if actor is None or not has_perm(actor, rt.permission, record):
        raise PermissionDenied(_("No puedes cambiar los ODS de este registro."))


def suggestion_term(kind: str, code: str) -> Term:
    """The term a suggestion code names, in the scheme the record accepts ("6" on a commitment → goal 6)."""
    scheme = Scheme.SDG_TARGET if "." in code else Scheme.SDG_GOAL
    if scheme == Scheme.SDG_GOAL and RECORDS[kind].tag_scheme == Scheme.SDG_TARGET and kind != "commitment":
        raise ValidationError({"code": _("Este registro se etiqueta con metas, no con objetivos.")})
    if scheme == Scheme.SDG_TARGET and RECORDS[kind].tag_scheme == Scheme.SDG_GOAL:
        scheme, code = Scheme.SDG_GOAL, code.split(".")[0]
    term = Term.objects.filter(scheme=scheme, code=code).first()
    if term is None:
        raise ValidationError({"code": _("«%(c)s» no es un ODS ni una meta.") % {"c": code}})
    return term


def sdg_tag_add(*, actor, kind: str, record, code: str):
    """Adds a suggested goal or target to a record through the record's own service.

    That service checks its permission and records the change in the record's history under
    ``actor``; here the history row also gets a reason saying it came from a suggestion.
    """
    rt = RECORDS[kind]
    _require(actor, kind, record)
    if rt.add is None:
        raise ValidationError(_("Los ODS de este registro no se pueden cambiar después de enviarlo."))
    term = suggestion_term(kind, code)
    if kind == "commitment" and term.scheme == Scheme.SDG_GOAL and record.primary_goal_id:
        # A commitment has one primary goal; another goal is tagged through its closest target.
        if record.primary_goal_id == term.pk:
            return record
        best = get_classifier().best_targets(record_text(rt, record), int(term.code))
        term = Term.objects.get(scheme=Scheme.SDG_TARGET, code=best[0])
    with transaction.atomic():
        updated = rt.add(actor, record, term)
        update_change_reason(updated, _("ODS añadido desde una sugerencia: %(c)s") % {"c": term.code})
    return updated


def sdg_dismiss(*, actor, kind: str, record, code: str) -> Dismissal:
    """Remembers that a suggestion was dismissed for this record (it is not suggested again)."""
    _require(actor, kind, record)
    if not code or len(code) > 10 or not code.replace(".", "").isalnum():
        raise ValidationError({"code": _("Código de ODS no válido.")})
    dismissal, _created = Dismissal.objects.get_or_create(
        kind=kind, record_id=record.pk, code=code, defaults={"user": actor}
    )
    return dismissal


def text_hash(text: str) -> str:
    return hashlib.sha256(f"{MODEL_VERSION}:{text}".encode()).hexdigest()[:40]


def record_scores_refresh(kind: str, records: list) -> dict[int, RecordScore]:
    """Stored scores for ``records``, recomputing (in one batch) those whose text changed.

    Three queries whatever the number of records: read, bulk insert, bulk update.
    """
    rt = RECORDS[kind]
    texts = {r.pk: record_text(rt, r) for r in records}
    stored = {s.record_id: s for s in RecordScore.objects.filter(kind=kind, record_id__in=list(texts))}
    stale = [pk for pk, text in texts.items() if pk not in stored or stored[pk].text_hash != text_hash(text)]
    if stale:
        suggestions = get_classifier().suggest_many([texts[pk] for pk in stale], targets=0)
        new, changed = [], []
        for pk, s in zip(stale, suggestions, strict=True):
            scores = {str(g.goal): round(g.score, 4) for g in s.ranked}
            row = stored.get(pk)
            if row is None:
                row = RecordScore(kind=kind, record_id=pk)
                new.append(row)
            else:
                changed.append(row)
            row.text_hash, row.model_version, row.present, row.scores = (
                text_hash(texts[pk]),
                MODEL_VERSION,
                s.present,
                scores,
            )
            stored[pk] = row
        with transaction.atomic():
            RecordScore.objects.bulk_create(new, ignore_conflicts=True)
            if changed:
                RecordScore.objects.bulk_update(
                    changed, ["text_hash", "model_version", "present", "scores", "updated_at"]
                )
    return stored
