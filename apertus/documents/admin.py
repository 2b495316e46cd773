from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apertus.core.admin import CoordinatorAdmin
from apertus.documents.models import Document
from apertus.documents.services import document_create, document_publish, document_unpublish
from apertus.documents.validation import validate_upload

_DESCRIBED = ["title", "kind", "date", "state", "is_public"]
_STORED = [
    "uuid",
    "download_link",
    "original_name",
    "extension",
    "content_type",
    "size",
    "sha256",
    "uploaded_by",
    "created_at",
    "updated_at",
]


class DocumentAddForm(forms.ModelForm):
    """Adding goes through the same content checks and service as everywhere else."""

    upload = forms.FileField(
        label=_("archivo"), help_text=_("PDF, imagen o documento de Office. Se revisa su contenido.")
    )

    class Meta:
        model = Document
        fields = [*_DESCRIBED, "upload"]

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        validate_upload(upload)
        return upload


@admin.register(Document)
class DocumentAdmin(CoordinatorAdmin):
    list_display = ["title", "kind", "state", "date", "is_public", "content_type", "size"]
    list_filter = ["is_public", "kind", "state"]
    search_fields = ["title", "original_name", "sha256"]
    list_select_related = ["state"]
    date_hierarchy = "date"
    actions = ["publish", "unpublish"]

    def get_fields(self, request, obj=None):
        return [*_DESCRIBED, "upload"] if obj is None else [*_DESCRIBED, *_STORED]

    def get_readonly_fields(self, request, obj=None):
        # The stored file is never replaced in place: a new file is a new document.
        return [] if obj is None else _STORED

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = DocumentAddForm
        return super().get_form(request, obj, **kwargs)

    @admin.display(description=_("archivo"))
    def download_link(self, obj):
        if not obj or not obj.file:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Descargar"))

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = document_create(
            actor=request.user,
            upload=form.cleaned_data["upload"],
            title=obj.title,
            kind=obj.kind,
            date=obj.date,
            state=obj.state,
            is_public=obj.is_public,
        )
        for field in Document._meta.concrete_fields:  # the admin goes on with `obj` (log, redirect)
            setattr(obj, field.attname, getattr(created, field.attname))
        obj._state = created._state

    def delete_model(self, request, obj):
        name, storage = obj.file.name, obj.file.storage
        super().delete_model(request, obj)
        transaction.on_commit(lambda: storage.delete(name))

    def delete_queryset(self, request, queryset):
        stored = [(doc.file.name, doc.file.storage) for doc in queryset]
        super().delete_queryset(request, queryset)
        transaction.on_commit(lambda: [storage.delete(name) for name, storage in stored])

    @admin.action(description=_("Publicar los documentos seleccionados"))
    def publish(self, request, queryset):
        for document in queryset:
            document_publish(actor=request.user, document=document)
        self.message_user(request, _("Documentos publicados."), messages.SUCCESS)

    @admin.action(description=_("Retirar del público los documentos seleccionados"))
    def unpublish(self, request, queryset):
        for document in queryset:
            document_unpublish(actor=request.user, document=document)
        self.message_user(request, _("Documentos retirados del público."), messages.SUCCESS)
