"""A questionnaire's results as an XLSX workbook (write-only: memory stays flat).

"Resumen": one row per option or scale value of each question, with counts, percentages and the
mean; open questions give their number of answers. "Respuestas": one row per submitted response,
named only when the questionnaire's results are not anonymous. "Ficha": the questionnaire and its
response rate.
"""

from __future__ import annotations

import tempfile

from django.utils import timezone
from django.utils.translation import gettext as _

from apertus.core.exports import _csv_safe
from apertus.learning.selectors import roster
from apertus.surveys import selectors
from apertus.surveys.models import QuestionKind, Questionnaire

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BATCH = 500  # responses read per query for the "Respuestas" sheet


def _cell(value):
    # Texts come from people: one starting with "=" must not become a formula.
    return _csv_safe(value) if isinstance(value, str) else value


def summary_header() -> list[str]:
    return [
        _("Núm."),
        _("Pregunta"),
        _("Tipo"),
        _("Respuestas"),
        _("Opción o valor"),
        _("Conteo"),
        _("Porcentaje"),
        _("Promedio"),
    ]


def summary_rows(data: selectors.Results):
    for n, result in enumerate(data.questions, start=1):
        question = result.question
        head = [n, question.text, question.get_kind_display(), result.answered]
        if question.kind == QuestionKind.OPEN:
            yield [*head, _("(respuestas abiertas)"), result.texts_total, None, None]
            continue
        for bar in result.bars:
            value = int(bar.label) if question.kind == QuestionKind.SCALE else bar.label
            yield [*head, value, bar.count, bar.percent, result.mean]


def _responses(questionnaire: Questionnaire, questions, *, respondent_ids, states):
    """Per-person rows in batches, so a large cohort never sits in memory at once."""
    responses = selectors.submitted_responses(questionnaire, respondent_ids=respondent_ids)
    last = None
    while True:
        page = responses.filter(pk__gt=last) if last else responses
        batch = list(page.order_by("pk")[:BATCH])
        if not batch:
            return
        yield from selectors.person_rows(questionnaire, questions, batch, states=states)
        last = batch[-1].pk


def results_xlsx(questionnaire: Questionnaire, *, state_ids=None):
    """The workbook in a temporary file at its start; the response that streams it closes it.

    ``state_ids`` (a facilitator's states; None for all) limits the named rows of a questionnaire
    that is not anonymous. Anonymous rows are never filtered by state: that would narrow them down.
    """
    from openpyxl import Workbook

    data = selectors.results(questionnaire, open_cap=None)
    questions = [r.question for r in data.questions]
    anonymous = questionnaire.anonymous_results
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(_("Resumen"))
    summary.append(summary_header())
    for values in summary_rows(data):
        summary.append([_cell(v) for v in values])

    answers = workbook.create_sheet(_("Respuestas"))
    people = [] if anonymous else [_("Persona"), _("Entidad"), _("Enviada")]
    answers.append([_("Respuesta"), *people, *[_cell(f"{n}. {q.text}") for n, q in enumerate(questions, start=1)]])
    ids = (
        None
        if anonymous or state_ids is None
        else [f.user.pk for f in roster(questionnaire.program, state_ids=state_ids)]
    )
    for n, row in enumerate(_responses(questionnaire, questions, respondent_ids=ids, states=data.states), start=1):
        named = (
            []
            if anonymous
            else [row.name, row.state, timezone.localtime(row.response.submitted_at).replace(tzinfo=None)]
        )
        answers.append([n, *[_cell(v) for v in named], *[_cell(v) for v in row.values]])

    sheet = workbook.create_sheet(_("Ficha"))
    for label, value in [
        (_("Cuestionario"), questionnaire.title),
        (_("Programa"), questionnaire.program.title),
        (_("Propósito"), questionnaire.get_purpose_display()),
        (_("Respuestas enviadas"), data.submitted),
        (_("Fellows de la generación"), data.fellows),
        (_("Tasa de respuesta (%)"), data.response_rate),
        (_("Resultados anónimos"), _("Sí") if anonymous else _("No")),
    ]:
        sheet.append([label, _cell(value)])
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle
