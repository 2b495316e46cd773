from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.program.models import BIO_MAX_CHARS


class FellowProfileForm(forms.Form):
    bio = forms.CharField(
        label=_("Presentación breve"),
        required=False,
        max_length=BIO_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6, "aria-describedby": "id_bio-help"}),
        help_text=_(
            "Quién eres y en qué trabajas, en pocas líneas. Admite Markdown (negritas, listas, enlaces). "
            "No incluyas tu correo ni tu teléfono."
        ),
    )
    is_public = forms.BooleanField(
        label=_("Doy mi consentimiento para que este perfil sea público"),
        required=False,
        help_text=_("Puedes retirarlo cuando quieras: el perfil deja de publicarse en ese momento."),
    )
