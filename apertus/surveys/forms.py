"""Plain forms: they collect input; the services check it and save."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apertus.accounts.models import Role, User
from apertus.learning.forms import DateTimeInput
from apertus.surveys.models import SCALE_VALUES, TEXT_LIMIT, Purpose, QuestionKind


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    purpose = forms.ChoiceField(label=_("Propósito"), choices=Purpose.choices)
    facilitator = forms.TypedChoiceField(
        label=_("Persona facilitadora evaluada"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Solo para encuestas sobre la facilitación."),
    )
    intro = forms.CharField(
        label=_("Presentación"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Admite Markdown."),
    )
    opens_at = forms.DateTimeField(label=_("Abre"), required=False, widget=DateTimeInput())
    closes_at = forms.DateTimeField(label=_("Cierra"), required=False, widget=DateTimeInput())
    anonymous_results = forms.BooleanField(
        label=_("Resultados anónimos"),
        required=False,
        initial=True,
        help_text=_("El equipo docente verá solo resultados agregados, nunca quién respondió qué."),
    )

    def __init__(self, *args, program, may_rate_facilitators: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if may_rate_facilitators:
            people = (
                User.objects.filter(
                    Q(roles__role=Role.FACILITATOR)
                    & (Q(roles__phase__isnull=True) | Q(roles__phase_id=program.phase_id)),
                    is_active=True,
                )
                .distinct()
                .order_by("last_name", "first_name", "pk")
            )
            self.fields["facilitator"].choices = [("", "—"), *[(p.pk, p.public_name) for p in people]]
        else:
            del self.fields["facilitator"]
            self.fields["purpose"].choices = [c for c in Purpose.choices if c[0] != Purpose.FACILITATION]

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        if "facilitator" in data:
            data["facilitator"] = User.objects.filter(pk=data["facilitator"]).first() if data["facilitator"] else None
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Tipo de pregunta"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Pregunta"), max_length=500)
    help = forms.CharField(label=_("Ayuda (opcional)"), max_length=300, required=False)
    required = forms.BooleanField(label=_("Obligatoria"), required=False, initial=True)


class ChoiceForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(label=_("Opción"), max_length=200, required=False)
    position = forms.IntegerField(label=_("Orden"), min_value=1, max_value=999, required=False)
    delete = forms.BooleanField(label=_("Eliminar"), required=False)


# ``absolute_max``: a claimed TOTAL_FORMS above 50 is refused at 50 forms, not built up to Django's 1,050.
ChoiceFormSet = forms.formset_factory(ChoiceForm, extra=3, max_num=50, absolute_max=50, validate_max=True)


def choice_rows(formset) -> list[dict]:
    return [
        {
            "id": f.cleaned_data.get("id"),
            "label": f.cleaned_data.get("label") or "",
            "position": f.cleaned_data.get("position"),
            "delete": f.cleaned_data.get("delete", False),
        }
        for f in formset.forms
        if f.cleaned_data
    ]


class AnswerForm(forms.Form):
    """One field per question, named ``q<id>``. Nothing is required here: a draft may be partial,
    and the service decides what a submission needs."""

    def __init__(self, *args, questions, initial_answers: dict | None = None, disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        initial_answers = initial_answers or {}
        for question in self.questions:
            name = f"q{question.pk}"
            label = question.text + (" *" if question.required else "")
            common = {"label": label, "required": False, "help_text": question.help or None, "disabled": disabled}
            answer = initial_answers.get(question.pk)
            if question.kind == QuestionKind.OPEN:
                field = forms.CharField(max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4}), **common)
                initial = answer.text if answer else ""
            elif question.kind == QuestionKind.SCALE:
                field = forms.ChoiceField(
                    choices=[(str(v), str(v)) for v in SCALE_VALUES],
                    widget=forms.RadioSelect(attrs={"class": "scale"}),
                    **common,
                )
                initial = str(answer.scale) if answer and answer.scale else None
            else:
                choices = [(str(c.pk), c.label) for c in question.choices.all()]
                if question.kind == QuestionKind.SINGLE:
                    field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
                    marked = [str(c.pk) for c in answer.choices.all()] if answer else []
                    initial = marked[0] if marked else None
                else:
                    field = forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
                    initial = [str(c.pk) for c in answer.choices.all()] if answer else []
            field.initial = initial
            self.fields[name] = field

    def answers_from(self, data) -> dict[int, object]:
        """The raw values sent, per question id, for the service to check (not the form's cleaning:
        a value the form would refuse must still reach the service and be refused there)."""
        answers = {}
        for question in self.questions:
            name = f"q{question.pk}"
            if question.kind == QuestionKind.MULTIPLE:
                answers[question.pk] = data.getlist(name)
            else:
                answers[question.pk] = data.get(name)
        return answers
