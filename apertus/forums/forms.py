"""Plain forms for forums, messages, notices, news and the blog. The services decide and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

MARKDOWN_HELP = _("Admite Markdown (negritas, listas, enlaces). No se permite HTML.")


def _body(label, rows=8):
    return forms.CharField(
        label=label, widget=forms.Textarea(attrs={"rows": rows}), max_length=20_000, help_text=MARKDOWN_HELP
    )


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Título del tema"), max_length=200)
    body = _body(_("Mensaje"))


class PostForm(forms.Form):
    body = _body(_("Tu respuesta"), rows=6)


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Motivo"), max_length=255, required=False)


class RecipientField(forms.ModelChoiceField):
    """People by name, never by e-mail."""

    def label_from_instance(self, obj):
        return obj.public_name


class ConversationForm(forms.Form):
    recipient = RecipientField(label=_("Para"), queryset=None, empty_label=_("Elige a una persona"))
    subject = forms.CharField(label=_("Asunto"), max_length=200)
    body = _body(_("Mensaje"), rows=6)

    def __init__(self, *args, recipients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients


class MessageForm(forms.Form):
    body = _body(_("Respuesta"), rows=5)


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    body = _body(_("Texto del aviso"))


class NewsForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    body = _body(_("Texto"), rows=12)
    is_published = forms.BooleanField(label=_("Publicada"), required=False)


class BlogForm(forms.Form):
    title = forms.CharField(label=_("Título"), max_length=200)
    body = _body(_("Texto"), rows=14)
    submit = forms.BooleanField(label=_("Enviar a revisión para su publicación"), required=False)


class BlogReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[
            ("publicar", _("Publicar")),
            ("devolver", _("Devolver con observaciones")),
            ("retirar", _("Retirar la publicación")),
        ],
    )
    note = forms.CharField(
        label=_("Observaciones para la persona autora"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
