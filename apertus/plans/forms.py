"""Forms only parse and validate input; the services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.documents.models import DocumentKind
from apertus.organizations.models import Organization
from apertus.plans.models import ActionPlan, Commitment, Completion, Milestone, MilestoneStatus
from apertus.taxonomy.models import Scheme, Term


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VersionedForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class PlanForm(VersionedForm):
    class Meta:
        model = ActionPlan
        fields = ["title", "period_start", "period_end", "summary"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}


class CommitmentForm(VersionedForm):
    sdg_kind = "commitment"  # the SDG suggestion panel (apertus.sdg) reads this
    targets = forms.ModelMultipleChoiceField(
        queryset=Term.objects.filter(scheme=Scheme.SDG_TARGET).order_by("position"),
        required=False,
        label=_("metas ODS"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    co_responsible = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.order_by("name"),
        required=False,
        label=_("corresponsables"),
        help_text=_("Al menos una organización de sociedad civil para poder publicar el plan."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Commitment
        fields = [
            "title",
            "problem",
            "baseline",
            "objective",
            "expected_results",
            "how_it_solves",
            "corruption_prevention",
            "primary_goal",
            "lead_institution",
            "other_actors",
            "start_date",
            "end_date",
            "budget",
            "contact",
            "weight",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_goal"].queryset = Term.objects.filter(scheme=Scheme.SDG_GOAL).order_by("position")
        self.fields["lead_institution"].queryset = Organization.objects.order_by("name")
        self.values = list(Term.objects.filter(scheme=Scheme.OGP_VALUE).order_by("position"))
        existing = {}
        if self.instance.pk:
            existing = {v.value_id: v.justification for v in self.instance.values.all()}
            self.initial.setdefault("targets", list(self.instance.targets.all()))
            self.initial.setdefault("co_responsible", list(self.instance.co_responsible.all()))
        for term in self.values:
            self.fields[f"value_{term.code}"] = forms.CharField(
                label=_("Relevancia para «%(v)s» (justificación; en blanco si no aplica)") % {"v": term.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.get(term.pk, ""),
            )

    def value_pairs(self) -> list[tuple[Term, str]]:
        return [
            (t, self.cleaned_data[f"value_{t.code}"])
            for t in self.values
            if self.cleaned_data.get(f"value_{t.code}", "").strip()
        ]

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return data


class MilestoneForm(VersionedForm):
    class Meta:
        model = Milestone
        fields = ["title", "deliverable", "start_date", "end_date", "weight", "responsible"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Organization.objects.order_by("name")


class ProgressForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    progress = forms.IntegerField(label=_("Avance (%)"), min_value=0, max_value=100)
    status = forms.ChoiceField(label=_("Estatus"), choices=MilestoneStatus.choices)
    note = forms.CharField(
        label=_("Nota (Markdown)"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    evidence_description = forms.CharField(label=_("Descripción de la evidencia"), required=False, max_length=500)
    evidence_file = forms.FileField(label=_("Archivo de evidencia (PDF, imagen u ofimática)"), required=False)
    evidence_url = forms.URLField(label=_("Enlace de evidencia"), required=False, assume_scheme="https", max_length=500)

    def clean(self):
        data = super().clean()
        has_evidence = data.get("evidence_file") or data.get("evidence_url")
        if has_evidence and not (data.get("evidence_description") or "").strip():
            self.add_error("evidence_description", _("Describe la evidencia."))
        return data


class OverrideForm(forms.Form):
    completion = forms.ChoiceField(
        label=_("Cumplimiento"), choices=[("", _("Calculado por el avance"))] + Completion.choices, required=False
    )
    justification = forms.CharField(label=_("Justificación"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("Motivo"), max_length=255)


class PlanDocumentForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=255)
    kind = forms.ChoiceField(label=_("Tipo"))
    date = forms.DateField(label=_("Fecha"), required=False, widget=DateInput())
    file = forms.FileField(label=_("Archivo (PDF, imagen u ofimática)"))

    def __init__(self, *args, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = DocumentKind.choices
