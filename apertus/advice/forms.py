"""Forms only parse and validate input; the services write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.advice.models import VALUE_FIELDS, CommentField, CommentKind, IRMAssessment


class DateInput(forms.DateInput):
    input_type = "date"


class RoundForm(forms.Form):
    due_date = forms.DateField(label=_("Fecha límite"), widget=DateInput())
    commitments = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Compromisos (vacío: todos)"), widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("Nota para la asesoría"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitments"].queryset = plan.commitments.order_by("number")


class CommentForm(forms.Form):
    commitment = forms.IntegerField(widget=forms.HiddenInput)
    field = forms.ChoiceField(label=_("Sobre"), choices=CommentField.choices, initial=CommentField.WHOLE)
    kind = forms.ChoiceField(label=_("Tipo"), choices=CommentKind.choices)
    body = forms.CharField(label=_("Comentario (Markdown)"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    body = forms.CharField(label=_("Respuesta (Markdown)"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    change = forms.IntegerField(label=_("Cambio en el compromiso"), required=False)


class ResolveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    body = forms.CharField(label=_("Nota"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    email = forms.EmailField(label=_("Correo de la persona asesora"))


class ThresholdForm(forms.Form):
    minimum_score = forms.IntegerField(label=_("Puntaje mínimo"), min_value=0, max_value=100)


class AssessmentForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = IRMAssessment
        fields = (
            ["verifiable"]
            + [f"relevant_{v}" for v in VALUE_FIELDS]
            + ["potential_impact", "impact_reason"]
            + [f"opened_{v}" for v in VALUE_FIELDS]
        )
        widgets = {"impact_reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
