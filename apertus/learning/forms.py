"""Plain forms: they collect input; the services decide and save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apertus.learning.models import (
    Activity,
    AttendanceStatus,
    LateJoinRule,
    Module,
    Question,
    RubricCriterion,
    Seminar,
    Session,
)


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
                label=f"{criterion.title} (0–{criterion.max_points})",
                min_value=0,
                max_value=criterion.max_points,
                decimal_places=2,
                max_digits=6,
                initial=current.get(criterion.pk),
                help_text=criterion.description or None,
            )
        self.fields["comments"] = forms.CharField(
            label=_("Comentarios"),
            required=False,
            initial=comments,
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text=_("Admite Markdown."),
        )
        self.fields["feedback"] = forms.FileField(
            label=_("Archivo de retroalimentación (opcional)"),
            required=False,
            help_text=_("PDF, imagen o documento de oficina."),
        )

    def points(self) -> dict[int, object]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class ExtensionForm(forms.Form):
    EXTEND, EXEMPT = "prorroga", "exencion"

    fellow = forms.TypedChoiceField(label=_("Fellow"), coerce=int)
    kind = forms.ChoiceField(
        label=_("Excepción"),
        initial=EXTEND,
        widget=forms.RadioSelect,
        required=False,
        choices=[
            (EXTEND, _("Prórroga: una nueva fecha de cierre")),
            (EXEMPT, _("Exención: no necesita hacerla; no cuenta en su calificación y desbloquea lo que sigue")),
        ],
    )
    closes_at = forms.DateTimeField(
        label=_("Nuevo cierre"), widget=DateTimeInput(), required=False, help_text=_("Solo para una prórroga.")
    )
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
    rule = forms.ChoiceField(
        label=_("Quien ingresa después de que una actividad cerró"),
        widget=forms.RadioSelect,
        choices=LateJoinRule.choices,
    )
    days = forms.IntegerField(
        label=_("Días de prórroga (desde su ingreso)"),
        min_value=1,
        max_value=365,
        help_text=_("Solo con la regla de prórroga."),
    )


class AttendanceForm(forms.Form):
    """One choice per fellow; a blank choice records nothing for that person."""

    def __init__(self, *args, fellows, current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fellows = list(fellows)
        for fellow in self.fellows:
            self.fields[f"f{fellow.user.pk}"] = forms.ChoiceField(
                label=f"{fellow.user.public_name} ({fellow.state})",
                required=False,
                choices=[("", "—"), *AttendanceStatus.choices],
                initial=current.get(fellow.user.pk, ""),
            )

    def statuses(self) -> dict[int, str]:
        return {
            f.user.pk: self.cleaned_data[f"f{f.user.pk}"]
            for f in self.fellows
            if self.cleaned_data.get(f"f{f.user.pk}")
        }


# --- Building the course ----------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _model_fields(model, names, instance=None) -> dict:
    """Form fields for ``names`` of ``model`` (labels, limits and help from the model), with dates
    as date/datetime pickers."""
    from django.db.models import URLField
    from django.forms.models import fields_for_model

    def formfield(model_field, **kwargs):
        if isinstance(model_field, URLField):
            kwargs["assume_scheme"] = "https"
        return model_field.formfield(**kwargs)

    fields = fields_for_model(model, fields=list(names), formfield_callback=formfield)
    for name in names:
        field = fields[name]
        if isinstance(field, forms.DateTimeField):
            field.widget = DateTimeInput()
        elif isinstance(field, forms.DateField):
            field.widget = DateInput()
        if instance is not None:
            field.initial = getattr(instance, name)
    return fields


class _BuilderForm(forms.Form):
    """A form over some fields of a course model; ``affected`` > 0 adds the confirmation box."""

    model = None
    names: tuple[str, ...] = ()

    def __init__(self, *args, instance=None, affected: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.affected = affected
        self.fields.update(_model_fields(self.model, self.field_names(), instance))
        if affected:
            self.fields["confirm"] = forms.BooleanField(
                label=_("Entiendo que %(n)s fellows ya trabajaron en esto y confirmo el cambio.") % {"n": affected},
                required=False,
            )

    def field_names(self):
        return self.names

    def data_for_service(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.field_names()}
        if self.affected:
            data["confirm"] = self.cleaned_data.get("confirm", False)
        return data


class ModuleForm(_BuilderForm):
    model = Module
    names = ("title", "description", "starts_on", "ends_on")


class SessionForm(_BuilderForm):
    model = Session
    names = ("title", "description", "starts_on", "ends_on")


class SeminarForm(_BuilderForm):
    model = Seminar
    names = ("number", "title", "starts_at", "place", "agenda")


# Which fields an activity of each kind shows (the common ones come first).
ACTIVITY_COMMON = ("title", "instructions", "opens_at", "closes_at", "duration_minutes")
ACTIVITY_KIND_FIELDS = {
    "lectura": ("body",),
    "video": ("url",),
    "webinar": ("scheduled_at", "url"),
    "cuestionario": ("attempts_allowed", "time_limit_minutes", "attempt_policy", "weight"),
    "tarea": ("weight",),
    "diagnostico": ("questionnaire", "url"),
    "encuesta": ("questionnaire", "url"),
    "foro": ("url", "forum_slug"),
    "entregable_final": ("weight",),
}


class ActivityForm(_BuilderForm):
    """The fields of one kind of activity, and its predecessors among the program's activities."""

    model = Activity

    def __init__(self, *args, kind: str, program, instance=None, affected: int = 0, **kwargs):
        self.kind = kind
        super().__init__(*args, instance=instance, affected=affected, **kwargs)
        if "questionnaire" in self.fields:
            field = self.fields["questionnaire"]  # the cohort's own questionnaires (apertus.surveys)
            field.queryset = field.queryset.filter(program=program).order_by("pk")
            if instance is not None:
                self.fields["questionnaire"].initial = instance.questionnaire_id
        others = (
            Activity.objects.filter(session__module__program=program)
            .select_related("session__module")
            .order_by("session__module__position", "session__position", "position", "pk")
        )
        if instance is not None:
            others = others.exclude(pk=instance.pk)
        self.fields["predecessors"] = forms.ModelMultipleChoiceField(
            label=_("Actividades previas"),
            queryset=others,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("La actividad se desbloquea cuando el fellow completa estas."),
            initial=list(instance.predecessors.values_list("pk", flat=True)) if instance is not None else None,
        )
        self.fields["predecessors"].label_from_instance = lambda a: (
            f"{a.session.module.position}.{a.session.position}.{a.position} {a.title}"
        )
        if "confirm" in self.fields:  # keep the confirmation last
            self.fields["confirm"] = self.fields.pop("confirm")

    def field_names(self):
        return ACTIVITY_COMMON + ACTIVITY_KIND_FIELDS.get(self.kind, ())

    def data_for_service(self) -> dict:
        data = super().data_for_service()
        data["predecessors"] = list(self.cleaned_data["predecessors"])
        return data


class QuestionForm(forms.Form):
    """A question and up to ``OPTIONS`` options; blank option rows are left out."""

    OPTIONS = 6

    def __init__(self, *args, instance=None, affected: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.affected = affected
        self.fields.update(_model_fields(Question, ("text", "kind", "points", "feedback"), instance))
        options = list(instance.options.order_by("position", "pk")) if instance is not None else []
        self.option_rows = []
        for n in range(1, self.OPTIONS + 1):
            current = options[n - 1] if n <= len(options) else None
            self.fields[f"option_{n}"] = forms.CharField(
                label=_("Opción %(n)s") % {"n": n},
                max_length=500,
                required=False,
                initial=current.text if current else "",
            )
            self.fields[f"correct_{n}"] = forms.BooleanField(
                label=_("La opción %(n)s es correcta") % {"n": n},
                required=False,
                initial=current.is_correct if current else False,
            )
            self.option_rows.append((f"option_{n}", f"correct_{n}"))
        if affected:
            self.fields["confirm"] = forms.BooleanField(
                label=_("Entiendo que %(n)s fellows ya respondieron y confirmo el cambio.") % {"n": affected},
                required=False,
            )

    @property
    def option_fields(self):
        return [(self[t], self[c]) for t, c in self.option_rows]

    def options(self) -> list[tuple[str, bool]]:
        return [
            (self.cleaned_data[t].strip(), bool(self.cleaned_data[c]))
            for t, c in self.option_rows
            if self.cleaned_data[t].strip()
        ]

    def data_for_service(self) -> dict:
        data = {k: self.cleaned_data[k] for k in ("text", "kind", "points", "feedback")}
        data["options"] = self.options()
        if self.affected:
            data["confirm"] = self.cleaned_data.get("confirm", False)
        return data


class CriterionForm(_BuilderForm):
    model = RubricCriterion
    names = ("title", "max_points", "description")


class CopyForm(forms.Form):
    source = forms.TypedChoiceField(label=_("Curso de origen"), coerce=int)
    seminars = forms.BooleanField(label=_("Copiar también los seminarios presenciales"), required=False, initial=True)

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.programs = {p.pk: p for p in programs}
        self.fields["source"].choices = [(p.pk, f"{p.title} ({p.phase.year})") for p in programs]
