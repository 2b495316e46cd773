"""Forms for a person's own account: sign-up extras, profile, account deletion.

They only collect and check input; the adapter and the services save.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.core.forms import LongSelect
from apertus.organizations.models import OrganizationType
from apertus.territories.models import Municipality, State

# The honeypot: a field people never see (hidden by CSS, skipped by keyboard and screen readers),
# named like one a naive bot would gladly fill.
HONEYPOT = "sitio_web"
HONEYPOT_REFUSAL = _("No pudimos completar el registro. Revisa los datos e inténtalo de nuevo.")


def municipality_choices() -> list:
    """Every municipality grouped by state (one query): the page works without JavaScript, and
    a small script narrows the list to the chosen state."""
    rows = Municipality.objects.order_by("state__short_name", "name").values_list("pk", "name", "state__short_name")
    groups: dict[str, list] = {}
    for pk, name, state in rows:
        groups.setdefault(state, []).append((pk, name))
    return [("", "—"), *groups.items()]


class ProfileFields(forms.Form):
    """The profile, shared by sign-up and the profile page."""

    first_name = forms.CharField(label=_("Nombre"), max_length=150)
    last_name = forms.CharField(label=_("Apellidos"), max_length=150)
    state = forms.ModelChoiceField(label=_("Entidad"), queryset=State.objects.order_by("short_name"))
    municipality = forms.ModelChoiceField(
        label=_("Municipio"), queryset=Municipality.objects.all(), required=False, widget=LongSelect
    )
    sector = forms.ChoiceField(
        label=_("Sector (opcional)"),
        required=False,
        choices=[("", _("Ciudadanía, sin afiliación")), *OrganizationType.choices],
    )
    organization_name = forms.CharField(label=_("Organización (opcional)"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        municipality = self.fields["municipality"]
        municipality.widget.choices = municipality_choices()
        municipality.widget.attrs["data-filter-by"] = "id_state"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["organization_name"].widget.attrs["autocomplete"] = "organization"

    def clean(self):
        data = super().clean()
        state, municipality = data.get("state"), data.get("municipality")
        # Checked here for a clear message next to the field; User.clean checks it again on save.
        if municipality is not None and state is not None and municipality.state_id != state.pk:
            self.add_error("municipality", _("El municipio no pertenece a la entidad elegida."))
        return data

    def profile(self) -> dict:
        """The cleaned profile, as ``profile_update`` takes it."""
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "state": data["state"],
            "municipality": data.get("municipality"),
            "sector": data.get("sector") or "",
            "organization_name": data.get("organization_name") or "",
        }


class SignupForm(ProfileFields):
    """Extra sign-up fields for allauth (ACCOUNT_SIGNUP_FORM_CLASS): profile, privacy, honeypot.

    allauth's own form (e-mail, passwords) inherits from this one; ``AccountAdapter.save_user``
    saves the profile and ``signup`` records the consent to the privacy notice.
    """

    accept_privacy = forms.BooleanField(
        label=_("He leído y acepto el aviso de privacidad"),
        error_messages={"required": _("Para registrarte debes aceptar el aviso de privacidad.")},
    )
    sitio_web = forms.CharField(label=_("No llenes este campo"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self):
        if self.data.get(HONEYPOT):
            # Said vaguely on purpose: a bot learns nothing about why.
            raise forms.ValidationError(HONEYPOT_REFUSAL, code="honeypot")
        return super().clean()

    def signup(self, request, user):
        from apertus.accounts.privacy import client_ip
        from apertus.accounts.services import privacy_consent_record

        privacy_consent_record(user=user, ip=client_ip(request))


class ProfileForm(ProfileFields):
    pass


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Tu contraseña"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(label=_("Entiendo que esto no se puede deshacer"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("La contraseña no es correcta."))
        return password
