"""Forms only parse and help; limits are enforced again by the models and services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.calls import limits
from apertus.calls.models import SCALE_MAX, SCALE_MIN, Gender
from apertus.organizations.models import OrganizationType
from apertus.territories.models import State


class MotivesForm(forms.Form):
    motives = forms.CharField(
        label=_("Exposición de motivos (Markdown)"),
        required=False,
        max_length=limits.MOTIVES_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 14}),
    )

    def __init__(self, *args, word_limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motives"].help_text = _("¿Por qué quieres ser agente local de cambio? Máximo %(n)s palabras.") % {
            "n": word_limit
        }


class CVEntryForm(forms.Form):
    """One line of a CV section; the fields depend on the section (``limits.CV_SECTIONS``)."""

    def __init__(self, *args, spec: limits.CVSection, **kwargs):
        kwargs.setdefault("prefix", spec.key)
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.fields["title"] = forms.CharField(label=spec.title_label, max_length=limits.CV_TITLE_MAX)
        if spec.organization_label:
            self.fields["organization"] = forms.CharField(
                label=spec.organization_label, required=False, max_length=limits.CV_ORGANIZATION_MAX
            )
        if spec.has_years:
            for name, label in (("start_year", _("Desde (año)")), ("end_year", _("Hasta (año; vacío si continúa)"))):
                self.fields[name] = forms.IntegerField(
                    label=label, required=False, min_value=limits.CV_YEAR_MIN, max_value=limits.CV_YEAR_MAX
                )
        if spec.level_label:
            self.fields["level"] = forms.CharField(
                label=spec.level_label, required=False, max_length=limits.CV_LEVEL_MAX
            )
        if spec.has_description:
            self.fields["description"] = forms.CharField(
                label=_("Descripción"),
                required=False,
                max_length=limits.CV_DESCRIPTION_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Máximo %(n)s caracteres.") % {"n": limits.CV_DESCRIPTION_MAX},
            )


class VideoForm(forms.Form):
    video_url = forms.URLField(
        label=_("Enlace al video"),
        required=False,
        max_length=limits.VIDEO_URL_MAX,
        assume_scheme="https",
        validators=[limits.video_url_validator],
        help_text=_("Un video de hasta 2 minutos, publicado en YouTube, Vimeo u otro sitio (http o https)."),
    )


class ProfileForm(forms.Form):
    state = forms.ModelChoiceField(
        label=_("Entidad de residencia"), queryset=None, required=False, empty_label=_("— Elige —")
    )
    gender = forms.ChoiceField(
        label=_("Género (autodeclarado)"), required=False, choices=[("", _("— Elige —")), *Gender.choices]
    )
    sector = forms.ChoiceField(
        label=_("Sector en el que trabajas"), required=False, choices=[("", _("— Elige —")), *OrganizationType.choices]
    )

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["state"].queryset = State.objects.filter(pk__in=[s.pk for s in states]).order_by("short_name")


class ProofForm(forms.Form):
    file = forms.FileField(
        label=_("Comprobante de domicilio (PDF o imagen, máximo 5 MB)"),
        help_text=_(
            "Recibo de luz, agua o teléfono, o constancia de residencia, de los últimos 3 meses. "
            "Solo la coordinación del programa puede verlo."
        ),
    )


class ConsentForm(forms.Form):
    accept = forms.BooleanField(
        label=_("He leído el aviso de privacidad y acepto el tratamiento de mis datos para esta convocatoria"),
        required=False,
    )


class ExtendForm(forms.Form):
    until = forms.DateTimeField(
        label=_("Nuevo cierre"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(label=_("Motivo"), max_length=500)


class ProofCheckForm(forms.Form):
    valid = forms.TypedChoiceField(
        label=_("Dictamen"),
        widget=forms.RadioSelect,
        coerce=lambda v: v == "1",
        choices=[("1", _("Válido")), ("0", _("No válido"))],
    )
    matches_state = forms.TypedChoiceField(
        label=_("¿Coincide con la entidad declarada?"),
        required=False,
        empty_value=None,
        coerce=lambda v: {"1": True, "0": False}.get(v),
        choices=[("", _("No se puede saber")), ("1", _("Sí")), ("0", _("No"))],
    )
    reason = forms.CharField(label=_("Motivo (obligatorio si no es válido)"), required=False, max_length=300)


class EvaluationForm(forms.Form):
    def __init__(self, *args, criteria, scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        scores = scores or {}
        for c in self.criteria:
            current = scores.get(c.pk)
            self.fields[f"score_{c.pk}"] = forms.IntegerField(
                label=_("%(c)s: puntaje (%(min)s a %(max)s)") % {"c": c.name, "min": c.min_score, "max": c.max_score},
                required=False,
                min_value=c.min_score,
                max_value=c.max_score,
                initial=current.value if current else None,
                help_text=c.description,
            )
            self.fields[f"comment_{c.pk}"] = forms.CharField(
                label=_("%(c)s: comentario") % {"c": c.name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.comment if current else "",
            )

    def scores(self) -> dict[int, tuple[int | None, str]]:
        return {
            c.pk: (self.cleaned_data.get(f"score_{c.pk}"), self.cleaned_data.get(f"comment_{c.pk}", ""))
            for c in self.criteria
        }


SCALE = [(str(n), str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)]


class InterviewForm(forms.Form):
    notes = forms.CharField(
        label=_("Notas de la entrevista"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, questions, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        answers = answers or {}
        for q in self.questions:
            self.fields[f"answer_{q.pk}"] = forms.TypedChoiceField(
                label=q.text,
                required=False,
                choices=[("", "—"), *SCALE],
                coerce=int,
                empty_value=None,
                initial=answers.get(q.pk),
            )

    def answers(self) -> dict[int, int | None]:
        return {q.pk: self.cleaned_data.get(f"answer_{q.pk}") for q in self.questions}
