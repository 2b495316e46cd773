"""Forms of the call authoring pages: parse only; the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.calls.models import Call, RubricCriterion

TEXT_FIELDS = ["title", "summary", "objective", "profile", "eligibility", "process", "schedule", "contact"]
ENGLISH_FIELDS = [f"{name}_en" for name in TEXT_FIELDS]
RULE_FIELDS = [
    "opens_at",
    "closes_at",
    "motives_word_limit",
    "reminder_days",
    "evaluators_per_application",
    "interviewers_per_application",
    "evaluation_weight",
    "interview_weight",
    "quota_per_state",
]


class CallForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Motivo del cambio"),
        required=False,
        max_length=500,
        help_text=_(
            "Obligatorio si la convocatoria ya está publicada; queda en su historial y se "
            "avisa a quienes tienen una solicitud."
        ),
    )

    class Meta:
        model = Call
        fields = ["slug", *TEXT_FIELDS, *ENGLISH_FIELDS, *RULE_FIELDS]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in TEXT_FIELDS[2:] + ENGLISH_FIELDS[2:]} | {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["slug"].disabled = True  # the address of a call never changes
        else:
            del self.fields["reason"]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*TEXT_FIELDS, *ENGLISH_FIELDS, *RULE_FIELDS]}

    def field_groups(self) -> list[tuple[str, list]]:
        """The form's fields in fieldsets: the Spanish texts, their English versions, dates and rules."""
        groups = [
            (_("Textos"), ["slug", *TEXT_FIELDS]),
            (_("Textos en inglés (opcional: si falta uno, la página en inglés muestra el español)"), ENGLISH_FIELDS),
            (_("Fechas y reglas"), [*RULE_FIELDS, "reason"]),
        ]
        return [(legend, [self[name] for name in names if name in self.fields]) for legend, names in groups]


class CriterionForm(forms.ModelForm):
    class Meta:
        model = RubricCriterion
        fields = ["position", "name", "description", "name_en", "description_en", "min_score", "max_score", "weight"]


CriterionFormSet = forms.modelformset_factory(
    RubricCriterion, form=CriterionForm, extra=1, can_delete=True, max_num=30, validate_max=True
)
