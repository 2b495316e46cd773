from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apertus.accounts.models import RoleAssignment, User, revoke_tokens
from apertus.accounts.services import user_disable
from apertus.core.admin import CoordinatorAdmin, CoordinatorInline


class RoleInline(CoordinatorInline):
    model = RoleAssignment
    fk_name = "user"
    autocomplete_fields = []
    raw_id_fields = ["organization"]


@admin.register(User)
class UserAdmin(CoordinatorAdmin):
    list_display = ["email", "first_name", "last_name", "state", "is_active", "is_demo"]
    list_filter = ["is_active", "is_demo", "state", "roles__role"]
    search_fields = ["email", "first_name", "last_name"]
    fields = [
        "email",
        "first_name",
        "last_name",
        "state",
        "municipality",
        "sector",
        "organization",
        "organization_name",
        "is_active",
        "is_demo",
        "date_joined",
        "last_login",
    ]
    readonly_fields = ["date_joined", "last_login"]
    raw_id_fields = ["organization", "municipality"]
    inlines = [RoleInline]
    actions = ["disable_accounts"]

    @admin.action(description=_("Desactivar y cerrar sus sesiones"))
    def disable_accounts(self, request, queryset):
        done = 0
        for user in queryset:
            if user.pk != request.user.pk:
                user_disable(actor=request.user, user=user)
                done += 1
        self.message_user(request, _("%(n)d cuentas desactivadas.") % {"n": done}, messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        # Unchecking "activa" here goes through the same service, so sessions end too.
        if change and "is_active" in form.changed_data and not obj.is_active:
            obj.is_active = True
            super().save_model(request, obj, form, change)
            user_disable(actor=request.user, user=obj)
            return
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """A role ended here (dated today or earlier, or deleted) ends now, with the person's API tokens."""
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)
        ended = bool(formset.deleted_objects)
        for obj in formset.deleted_objects:
            obj.delete()
        for assignment in instances:
            if (
                assignment.pk
                and assignment.ends_on
                and assignment.ends_on <= timezone.localdate()
                and assignment.ended_at is None
            ):
                assignment.ended_at = timezone.now()
                ended = True
            assignment.save()
        formset.save_m2m()
        if ended:
            revoke_tokens(form.instance)
