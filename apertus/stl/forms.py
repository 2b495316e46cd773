"""Plain Django forms for running an STL. They only collect input: the services decide and save."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apertus.organizations.models import Organization
from apertus.stl.models import (
    SECTOR_CHOICES,
    AgreementStatus,
    AttendanceStatus,
    Member,
    MemberRole,
    MemberStatus,
    Stl,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _organizations_of(stl: Stl):
    """Organisations of the STL's state, plus national ones (no state)."""
    return Organization.objects.filter(Q(state=stl.state_id) | Q(state__isnull=True)).order_by("name")


class StlForm(forms.ModelForm):
    declaration_file = forms.FileField(
        label=_("Documento de la declaración conjunta (nuevo)"),
        required=False,
        help_text=_("PDF, imagen o documento de oficina."),
    )
    rules_file = forms.FileField(
        label=_("Reglas de operación (nuevo documento)"),
        required=False,
        help_text=_("PDF, imagen o documento de oficina."),
    )
    documents_public = forms.BooleanField(label=_("Los documentos nuevos son públicos"), required=False, initial=True)

    class Meta:
        model = Stl
        fields = ["declaration_date", "signatories", "is_published"]
        widgets = {"declaration_date": DateInput()}

    def save_arguments(self) -> dict:
        """What stl_update needs: the record's fields, the new files and whether they are public."""
        data = self.cleaned_data
        files = {"declaration_document": data.get("declaration_file"), "rules_document": data.get("rules_file")}
        return {
            "uploads": {field: upload for field, upload in files.items() if upload},
            "documents_public": data.get("documents_public", False),
            **{field: data[field] for field in self.Meta.fields},
        }


class MinutesForm(forms.Form):
    upload = forms.FileField(label=_("Minuta"), help_text=_("PDF, imagen o documento de oficina."))
    is_public = forms.BooleanField(label=_("La minuta es pública"), required=False, initial=True)


class MemberForm(forms.Form):
    display_name = forms.CharField(label=_("Nombre"), max_length=200)
    email = forms.EmailField(
        label=_("Correo de su cuenta en Apertus (opcional)"),
        required=False,
        help_text=_(
            "No se publica. Si corresponde a una cuenta, la persona podrá gestionar este STL cuando se apruebe su "
            "incorporación."
        ),
    )
    organization = forms.ModelChoiceField(label=_("Organización"), queryset=Organization.objects.none())
    sector = forms.ChoiceField(label=_("Sector"), choices=SECTOR_CHOICES)
    role = forms.ChoiceField(label=_("Cargo en el STL"), choices=MemberRole.choices, initial=MemberRole.REPRESENTATIVE)
    start_date = forms.DateField(label=_("Desde"), widget=DateInput())

    def __init__(self, *args, stl: Stl, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _organizations_of(stl)

    def clean_email(self):
        """The address as typed, normalised. It is not looked up here: the seat keeps it and it is
        matched to an account only on approval, so the form answers the same whether or not the
        address has an account. The name is always asked for."""
        return self.cleaned_data["email"].strip().lower()


class MemberRejectForm(forms.Form):
    rejection_reason = forms.CharField(
        label=_("Motivo del rechazo"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MemberEndForm(forms.Form):
    end_date = forms.DateField(label=_("Fecha de baja"), widget=DateInput())


class SessionForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Fecha y hora"), widget=DateTimeInput())
    place = forms.CharField(label=_("Lugar"), max_length=255, required=False)
    online_url = forms.URLField(label=_("Enlace para la sesión en línea"), required=False, assume_scheme="https")
    agenda = forms.CharField(
        label=_("Orden del día"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Admite Markdown."),
    )

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("online_url"):
            raise forms.ValidationError(_("Indica el lugar o el enlace de la sesión en línea."))
        return data


class AttendanceForm(forms.Form):
    """One choice per member of the STL; a blank choice records nothing for that person."""

    def __init__(self, *args, members: list[Member], current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"m{member.pk}"] = forms.ChoiceField(
                label=f"{member.display_name} ({member.organization.name})",
                choices=[("", "—"), *AttendanceStatus.choices],
                required=False,
                initial=current.get(member.pk, ""),
            )

    def statuses(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"m{m.pk}"] for m in self.members if self.cleaned_data.get(f"m{m.pk}")}


class AgreementForm(forms.Form):
    text = forms.CharField(
        label=_("Acuerdo"), widget=forms.Textarea(attrs={"rows": 5}), help_text=_("Admite Markdown.")
    )
    owner_member = forms.ModelChoiceField(
        label=_("Integrante responsable"), queryset=Member.objects.none(), required=False
    )
    owner_organization = forms.ModelChoiceField(
        label=_("Organización responsable"), queryset=Organization.objects.none(), required=False
    )
    due_date = forms.DateField(label=_("Fecha compromiso"), widget=DateInput(), required=False)
    status = forms.ChoiceField(label=_("Seguimiento"), choices=AgreementStatus.choices, initial=AgreementStatus.PENDING)

    def __init__(self, *args, stl: Stl, **kwargs):
        super().__init__(*args, **kwargs)
        seats = Member.objects.filter(stl=stl, status=MemberStatus.APPROVED)
        self.fields["owner_member"].queryset = seats.select_related("organization")
        self.fields["owner_organization"].queryset = _organizations_of(stl)


class AgreementStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Seguimiento"), choices=AgreementStatus.choices)
