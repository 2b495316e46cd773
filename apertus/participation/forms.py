"""Forms only parse and validate input; the services decide (permission, phase) and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.participation.models import Action, Phase, Process, Proposal, ResponseKind
from apertus.participation.services.proposals import MAX_ATTACHMENTS
from apertus.plans.models import Commitment
from apertus.taxonomy.models import Scheme, Term
from apertus.territories.models import Municipality


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content later, by the documents service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg,image/gif,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ProcessForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = ["title", "description"]


class PhaseForm(forms.ModelForm):
    actions = forms.MultipleChoiceField(
        choices=Action.choices, required=False, widget=forms.CheckboxSelectMultiple, label=_("acciones que abre")
    )

    class Meta:
        model = Phase
        fields = ["kind", "name", "description", "starts_at", "ends_at", "actions"]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProposalForm(forms.ModelForm):
    sdg_kind = "proposal"  # the SDG suggestion panel (apertus.sdg) reads this
    goals = forms.ModelMultipleChoiceField(
        queryset=Term.objects.filter(scheme=Scheme.SDG_GOAL).order_by("position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Objetivos de Desarrollo Sostenible relacionados"),
    )
    attachments = MultipleFileField(
        required=False,
        label=_("Archivos adjuntos"),
        help_text=_("Hasta %(n)d archivos PDF o imágenes (PNG, JPEG, GIF, WebP); serán públicos.")
        % {"n": MAX_ATTACHMENTS},
    )

    class Meta:
        model = Proposal
        fields = ["title", "problem", "solution", "goals", "municipality"]

    def __init__(self, *args, state=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(state=state).order_by("name")
        self.fields["municipality"].empty_label = _("Toda la entidad")

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("Puedes adjuntar hasta %(n)d archivos.") % {"n": MAX_ATTACHMENTS})
        return files


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(choices=ResponseKind.choices, widget=forms.RadioSelect, label=_("Respuesta"))
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label=_("Razones"),
        help_text=_("Explica por qué; la autora o el autor y el público la leerán. Markdown."),
    )
    commitment = forms.ModelChoiceField(
        queryset=Commitment.objects.none(),
        required=False,
        label=_("Compromiso"),
        help_text=_("Obligatorio si la propuesta se incorporó total o parcialmente."),
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = Commitment.objects.filter(plan=plan).order_by("number")
