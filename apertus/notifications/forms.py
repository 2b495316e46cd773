from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.notifications.events import optional_events
from apertus.notifications.models import Frequency


class PreferenceForm(forms.Form):
    """Shows what a person wants to receive (checked = yes); the service stores what they silenced."""

    email_enabled = forms.BooleanField(label=_("Recibir avisos por correo electrónico"), required=False)
    frequency = forms.ChoiceField(label=_("¿Con qué frecuencia?"), choices=Frequency.choices, widget=forms.RadioSelect)
    events = forms.MultipleChoiceField(
        label=_("Quiero recibir avisos de"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Lo que desmarques no te llegará ni aquí ni por correo. Los avisos de moderación siempre llegan."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = [(event.name, event.label) for event in optional_events()]

    @classmethod
    def initial_for(cls, preference) -> dict:
        muted = set(preference.muted_events or [])
        return {
            "email_enabled": preference.email_enabled,
            "frequency": preference.frequency,
            "events": [event.name for event in optional_events() if event.name not in muted],
        }

    def muted_events(self) -> list[str]:
        wanted = set(self.cleaned_data["events"])
        return [event.name for event in optional_events() if event.name not in wanted]
