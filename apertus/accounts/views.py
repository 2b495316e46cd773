"""The person's own page: who they are here, their roles, their API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apertus.accounts.models import ApiToken
from apertus.accounts.selectors import roles_of
from apertus.accounts.tokens import token_create, token_revoke


@login_required
def me(request):
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    new_token = request.session.pop("apertus_new_token", None)  # shown once, then gone
    return render(request, "accounts/me.html", {"roles": roles_of(request.user), "tokens": tokens, "new_token": new_token})


@login_required
@require_POST
def token_new(request):
    name = (request.POST.get("name") or "").strip()[:100]
    if not name:
        messages.error(request, _("Ponle un nombre al token para reconocerlo después."))
        return redirect("accounts:me")
    _token, raw = token_create(user=request.user, name=name)
    request.session["apertus_new_token"] = raw
    return redirect("accounts:me")


@login_required
@require_POST
def token_delete(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    token_revoke(user=request.user, token=token)
    messages.success(request, _("Token revocado."))
    return redirect("accounts:me")
