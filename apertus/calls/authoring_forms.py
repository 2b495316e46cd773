"""Forms of the call authoring pages: parse only; the services validate again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.calls.limits import QUOTA_MAX
from apertus.calls.models import Call, EvaluatorRole, Gender, InterviewQuestion, QuotaDimension, RubricCriterion
from apertus.organizations.models import Organization, OrganizationType
from apertus.territories.models import State

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
        fields = ["slug", *TEXT_FIELDS, *ENGLISH_FIELDS, "states", *RULE_FIELDS]
        widgets = (
            {"states": forms.CheckboxSelectMultiple}
            | {name: forms.Textarea(attrs={"rows": 4}) for name in TEXT_FIELDS[2:] + ENGLISH_FIELDS[2:]}
            | {
                "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            }
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["states"].queryset = State.objects.order_by("short_name")
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
            (_("Entidades elegibles"), ["states"]),
            (_("Fechas y reglas"), [*RULE_FIELDS, "reason"]),
        ]
        return [(legend, [self[name] for name in names if name in self.fields]) for legend, names in groups]


class CriterionForm(forms.ModelForm):
    class Meta:
        model = RubricCriterion
        fields = ["position", "name", "description", "name_en", "description_en", "min_score", "max_score", "weight"]


# ``absolute_max`` = ``max_num`` on every formset: Django's default (max_num + 1,000) builds, checks and
# renders up to 1,030 forms when a request claims a huge TOTAL_FORMS (seconds of work and a page of
# megabytes); now the formset is refused at its limit, with its "too many forms" error.
CriterionFormSet = forms.modelformset_factory(
    RubricCriterion, form=CriterionForm, extra=1, can_delete=True, max_num=30, absolute_max=30, validate_max=True
)


def quota_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """What a quota can be about, grouped: each state, each gender, each sector (``dimension:key``)."""
    states = [
        (f"{QuotaDimension.STATE}:{code}", name) for code, name in State.objects.values_list("code", "short_name")
    ]
    return [
        (QuotaDimension.STATE.label, sorted(states, key=lambda c: c[1])),
        (QuotaDimension.GENDER.label, [(f"{QuotaDimension.GENDER}:{k}", v) for k, v in Gender.choices]),
        (QuotaDimension.SECTOR.label, [(f"{QuotaDimension.SECTOR}:{k}", v) for k, v in OrganizationType.choices]),
    ]


class QuotaForm(forms.Form):
    """One quota: the places a state has (its minimum and ceiling), or the minimum of a gender or sector."""

    which = forms.ChoiceField(label=_("Cuota"), choices=())
    target = forms.IntegerField(label=_("Meta (lugares)"), min_value=0, max_value=QUOTA_MAX)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["which"].choices = [("", _("— Elige —")), *choices]

    def quota(self) -> tuple[str, str, int]:
        dimension, key = self.cleaned_data["which"].split(":", 1)
        return dimension, key, self.cleaned_data["target"]


QuotaFormSet = forms.formset_factory(
    QuotaForm, extra=2, can_delete=True, max_num=80, absolute_max=80, validate_max=True
)


def quota_formset(call, data=None) -> forms.BaseFormSet:
    initial = [{"which": f"{q.dimension}:{q.key}", "target": q.target} for q in call.quotas.all()]
    return QuotaFormSet(data, initial=initial, prefix="quotas", form_kwargs={"choices": quota_choices()})


def quotas_from(formset) -> list[tuple[str, str, int]] | None:
    """The whole set of quotas the formset declares, or None when it did not change."""
    if not formset.has_changed():
        return None
    return [
        form.quota()
        for form in formset.forms
        if form.has_changed() or form.initial
        if not formset._should_delete_form(form) and form.cleaned_data.get("which")
    ]


class QuestionForm(forms.ModelForm):
    class Meta:
        model = InterviewQuestion
        fields = ["position", "text", "weight"]


QuestionFormSet = forms.modelformset_factory(
    InterviewQuestion, form=QuestionForm, extra=1, can_delete=True, max_num=30, absolute_max=30, validate_max=True
)


class EvaluatorForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Institución evaluadora"), queryset=Organization.objects.order_by("name"), empty_label=_("— Elige —")
    )
    email = forms.EmailField(
        label=_("Correo de la persona"),
        max_length=254,
        help_text=_("La persona necesita una cuenta en Apertus; no puede tener una solicitud en esta convocatoria."),
    )
    role = forms.ChoiceField(label=_("Papel"), choices=EvaluatorRole.choices, initial=EvaluatorRole.BOTH)


class CallFileForm(forms.Form):
    title = forms.CharField(label=_("Título del documento"), max_length=200)
    file = forms.FileField(label=_("Archivo (PDF u hoja de cálculo, documento de texto)"))
