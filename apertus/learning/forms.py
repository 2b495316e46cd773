"""Plain forms: they collect input; the services decide and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.learning.models import AttendanceStatus, LateJoinRule


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SubmissionForm(forms.Form):
    archivo = forms.FileField(label=_("Archivo de tu entrega"), help_text=_("PDF, imagen o documento de oficina."))


class GradeForm(forms.Form):
    """One field per rubric criterion, then comments and an optional feedback file."""

    def __init__(self, *args, criteria, current: dict | None = None, comments: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.title} (0–{criterion.max_points})", min_value=0, max_value=criterion.max_points,
                decimal_places=2, max_digits=6, initial=current.get(criterion.pk),
                help_text=criterion.description or None,
            )
        self.fields["comments"] = forms.CharField(label=_("Comentarios"), required=False, initial=comments,
                                                  widget=forms.Textarea(attrs={"rows": 6}),
                                                  help_text=_("Admite Markdown."))
        self.fields["feedback"] = forms.FileField(label=_("Archivo de retroalimentación (opcional)"), required=False,
                                                  help_text=_("PDF, imagen o documento de oficina."))

    def points(self) -> dict[int, object]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class ExtensionForm(forms.Form):
    EXTEND, EXEMPT = "prorroga", "exencion"

    fellow = forms.TypedChoiceField(label=_("Fellow"), coerce=int)
    kind = forms.ChoiceField(label=_("Excepción"), initial=EXTEND, widget=forms.RadioSelect, required=False, choices=[
        (EXTEND, _("Prórroga: una nueva fecha de cierre")),
        (EXEMPT, _("Exención: no necesita hacerla; no cuenta en su calificación y desbloquea lo que sigue")),
    ])
    closes_at = forms.DateTimeField(label=_("Nuevo cierre"), widget=DateTimeInput(), required=False,
                                    help_text=_("Solo para una prórroga."))
    reason = forms.CharField(label=_("Motivo"), max_length=300)

    def __init__(self, *args, fellows, allow_extension: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fellow"].choices = [(f.user.pk, f"{f.user.public_name} ({f.state})") for f in fellows]
        if not allow_extension:  # no closing date to extend: only an exemption makes sense
            self.fields["kind"].choices = self.fields["kind"].choices[1:]
            self.fields["kind"].initial = self.EXEMPT
            del self.fields["closes_at"]

    def clean(self):
        data = super().clean()
        if "closes_at" not in self.fields:
            data["kind"] = self.EXEMPT
        data["kind"] = data.get("kind") or self.EXTEND
        if data["kind"] == self.EXTEND and not data.get("closes_at"):
            self.add_error("closes_at", _("Indica la nueva fecha de cierre."))
        return data

    @property
    def exempt(self) -> bool:
        return self.cleaned_data.get("kind") == self.EXEMPT


class LateJoinForm(forms.Form):
    rule = forms.ChoiceField(label=_("Quien ingresa después de que una actividad cerró"), widget=forms.RadioSelect,
                             choices=LateJoinRule.choices)
    days = forms.IntegerField(label=_("Días de prórroga (desde su ingreso)"), min_value=1, max_value=365,
                              help_text=_("Solo con la regla de prórroga."))


class AttendanceForm(forms.Form):
    """One choice per fellow; a blank choice records nothing for that person."""

    def __init__(self, *args, fellows, current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fellows = list(fellows)
        for fellow in self.fellows:
            self.fields[f"f{fellow.user.pk}"] = forms.ChoiceField(
                label=f"{fellow.user.public_name} ({fellow.state})", required=False,
                choices=[("", "—"), *AttendanceStatus.choices], initial=current.get(fellow.user.pk, ""),
            )

    def statuses(self) -> dict[int, str]:
        return {f.user.pk: self.cleaned_data[f"f{f.user.pk}"] for f in self.fellows
                if self.cleaned_data.get(f"f{f.user.pk}")}
