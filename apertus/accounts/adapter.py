"""allauth, fitted to Apertus: sign-up saves the whole profile in one go, validated like any save."""

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from apertus.core.clientip import client_ip
from apertus.core.validation import full_clean


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        if hasattr(form, "profile"):
            for field, value in form.profile().items():
                setattr(user, field, value)
        user.email = (user.email or "").lower()
        # The same checks as every other save of a person (e.g. municipality within the state).
        full_clean(user, exclude=["password"])
        if commit:
            with transaction.atomic():
                user.save()
        return user

    def get_client_ip(self, request):
        # allauth's per-address limits use the same address as every other limit (TRUSTED_PROXY_COUNT).

        return client_ip(request) or "0.0.0.0"  # noqa: S104 (a key, never a bind address)
