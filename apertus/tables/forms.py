"""Forms for running working tables. They only collect input: the services decide and save."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from apertus.tables.models import Sector, WorkingTable


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # a bare "example.org" means https (Django 6's default, chosen now)
    return field.formfield(**kwargs)


class TableForm(forms.ModelForm):
    facilitator_email = forms.EmailField(
        label=_("Correo de quien facilita (opcional)"),
        required=False,
        help_text=_(
            "No se publica. Si corresponde a una cuenta, la mesa queda vinculada a ella; se muestra el nombre."
        ),
    )

    class Meta:
        model = WorkingTable
        fields = [
            "title",
            "topic",
            "starts_at",
            "ends_at",
            "place",
            "online_url",
            "capacity",
            "facilitator_name",
            "status",
            "outcomes",
        ]
        formfield_callback = _formfield
        help_texts = {
            "online_url": _("Solo enlaces http o https."),
            "facilitator_name": _("Nombre que se muestra en la página de la mesa."),
        }
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "topic": forms.Textarea(attrs={"rows": 6}),
            "outcomes": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            typed = self.instance.facilitator_email or (
                self.instance.facilitator.email if self.instance.facilitator_id else ""
            )
            self.fields["facilitator_email"].initial = typed

    def clean_facilitator_email(self):
        """The address as typed. It is not looked up here, so the form answers the same whether or not
        it belongs to an account (the service links it quietly)."""
        return (self.cleaned_data.get("facilitator_email") or "").strip().lower()

    def clean(self):
        data = super().clean()
        if data.get("facilitator_email") and not (data.get("facilitator_name") or "").strip():
            # Never fall back to an account's name: that would show whose address it is.
            self.add_error("facilitator_name", _("Escribe el nombre de quien facilita."))
        return data

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["facilitator_email"] = self.cleaned_data.get("facilitator_email") or ""
        return data


class AttendanceForm(forms.Form):
    """A number per sector, and, for each registered person, whether they came."""

    ATTENDED = [("", "—"), ("si", _("Asistió")), ("no", _("No asistió"))]

    def __init__(self, *args, counts: dict[str, int], registrations, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Sector.choices:
            self.fields[f"sector_{value}"] = forms.IntegerField(
                label=label, min_value=0, max_value=100000, initial=counts.get(value, 0)
            )
        self.registrations = list(registrations)
        for registration in self.registrations:
            initial = "" if registration.attended is None else ("si" if registration.attended else "no")
            self.fields[f"r{registration.pk}"] = forms.ChoiceField(
                label=f"{registration.user.public_name} · {registration.get_status_display()}",
                choices=self.ATTENDED,
                required=False,
                initial=initial,
            )

    def sector_fields(self):
        return [self[f"sector_{value}"] for value in Sector.values]

    def registration_fields(self):
        return [self[f"r{r.pk}"] for r in self.registrations]

    def counts(self) -> dict[str, int]:
        return {value: self.cleaned_data[f"sector_{value}"] for value in Sector.values}

    def attended(self) -> dict[int, bool | None]:
        answers = {"si": True, "no": False, "": None}
        return {r.pk: answers[self.cleaned_data.get(f"r{r.pk}") or ""] for r in self.registrations}


class MinutesForm(forms.Form):
    upload = forms.FileField(label=_("Minuta"), help_text=_("PDF, imagen o documento de oficina."))
    is_public = forms.BooleanField(label=_("La minuta es pública"), required=False, initial=True)


class CommitmentLinkForm(forms.Form):
    commitment = forms.ModelChoiceField(label=_("Compromiso"), queryset=None)
    note = forms.CharField(
        label=_("Qué aportó la mesa"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Admite Markdown."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = plan.commitments.order_by("number")
