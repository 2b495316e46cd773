"""Forms only parse and validate input; the services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.comments.models import BODY_MAX

HONEYPOT = "website"

FLAG_REASONS = [
    ("spam", _("Publicidad o spam")),
    ("ofensivo", _("Lenguaje ofensivo, acoso o discriminación")),
    ("datos", _("Expone datos personales")),
    ("falso", _("Información falsa o engañosa")),
    ("otro", _("Otro motivo")),
]


class BodyField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Tu comentario"))
        super().__init__(
            max_length=BODY_MAX,
            widget=forms.Textarea(attrs={"rows": 5}),
            strip=True,
            help_text=_(
                "Puedes usar Markdown: **negritas**, *cursivas*, listas y [enlaces](https://…). Hasta 5,000 caracteres."
            ),
            **kwargs,
        )


class CommentForm(forms.Form):
    content_type = forms.CharField(max_length=100, widget=forms.HiddenInput)
    object_id = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    parent = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    body = BodyField()


class CommentEditForm(forms.Form):
    body = BodyField()


class FlagForm(forms.Form):
    """``reason`` is one of ``FLAG_REASONS`` (the page offers them) or, from other clients, a free text."""

    reason = forms.CharField(label=_("Motivo del reporte"), max_length=180)
    detail = forms.CharField(label=_("Detalle (opcional)"), max_length=300, required=False)

    def reason_text(self) -> str:
        reason = self.cleaned_data["reason"]
        label = str(dict(FLAG_REASONS).get(reason, reason))
        detail = self.cleaned_data.get("detail", "").strip()
        return f"{label}: {detail}" if detail else label
