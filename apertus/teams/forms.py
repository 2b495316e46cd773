"""Plain forms for team projects. They collect input; the services check and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.program.models import ProgramPhase, StateParticipation
from apertus.stl.models import Stl
from apertus.teams import selectors
from apertus.teams.models import TeamProject
from apertus.territories.models import State


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    """People are shown by name, never by e-mail."""

    def label_from_instance(self, obj):
        return obj.public_name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.public_name


class ProjectCreateForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Generación"), queryset=ProgramPhase.objects.order_by("number"))
    state = forms.ModelChoiceField(label=_("Entidad"), queryset=State.objects.none())
    title = forms.CharField(label=_("Título"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        participating = StateParticipation.objects.values("state_id")
        self.fields["state"].queryset = State.objects.filter(pk__in=participating).order_by("short_name")

    def clean(self):
        data = super().clean()
        phase, state = data.get("phase"), data.get("state")
        if phase and state and TeamProject.objects.filter(phase=phase, state=state).exists():
            raise forms.ValidationError(_("Esa entidad ya tiene proyecto de equipo en esta generación."))
        return data


class ProjectContentForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=255)
    summary = forms.CharField(
        label=_("Resumen"), required=False, widget=forms.Textarea(attrs={"rows": 10}), help_text=_("Admite Markdown.")
    )
    commitments = forms.ModelMultipleChoiceField(
        label=_("Compromisos con los que trabaja"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    targets = forms.ModelMultipleChoiceField(
        label=_("Metas ODS"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    sdg_kind = "team_project"  # the SDG suggestion panel (apertus.sdg) reads this

    def __init__(self, *args, project: TeamProject, **kwargs):
        super().__init__(*args, **kwargs)
        self.sdg_record = project
        self.fields["commitments"].queryset = selectors.state_commitments(state=project.state)
        self.fields["targets"].queryset = selectors.sdg_targets()


class TeamForm(forms.Form):
    fellows = PeopleChoiceField(
        label=_("Agentes de cambio del equipo"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    mentor = PersonChoiceField(label=_("Mentoría (persona facilitadora)"), queryset=None, required=False)
    stl = forms.ModelChoiceField(label=_("STL con el que trabaja"), queryset=None, required=False)

    def __init__(self, *args, project: TeamProject, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fellows"].queryset = selectors.eligible_fellows(phase=project.phase, state=project.state)
        self.fields["mentor"].queryset = selectors.eligible_mentors(phase=project.phase, state=project.state)
        self.fields["stl"].queryset = Stl.objects.filter(state=project.state).select_related("state")


class DeliverableForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=255)
    description = forms.CharField(
        label=_("Descripción"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Admite Markdown."),
    )
    due_date = forms.DateField(label=_("Fecha de entrega"), widget=DateInput())


class SubmissionForm(forms.Form):
    upload = forms.FileField(
        label=_("Archivo"), required=False, help_text=_("PDF, imagen o documento de oficina; se revisa su contenido.")
    )
    link = forms.URLField(label=_("Enlace"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if not data.get("upload") and not data.get("link"):
            raise forms.ValidationError(_("Adjunta un archivo o escribe un enlace."))
        return data


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Retroalimentación"), widget=forms.Textarea(attrs={"rows": 8}), help_text=_("Admite Markdown.")
    )


class PublishForm(forms.Form):
    publish = forms.BooleanField(label=_("Publicar"), required=False)
