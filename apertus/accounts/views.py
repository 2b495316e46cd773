"""The person's own pages: who they are here, their profile, roles, tokens and their own data.

Plus the public privacy notice, which the integrator mounts at ``/privacidad/`` (name "privacy").
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apertus.accounts import privacy
from apertus.accounts.forms import DeleteAccountForm, ProfileForm
from apertus.accounts.models import ApiToken
from apertus.accounts.personal_data import personal_data_for
from apertus.accounts.selectors import roles_of
from apertus.accounts.services import account_delete, privacy_consent_record, profile_update
from apertus.accounts.tokens import token_create, token_revoke
from apertus.core.forms import apply_service
from apertus.core.permissions import need


@login_required
def me(request):
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    new_token = request.session.pop("apertus_new_token", None)  # shown once, then gone
    consent = request.user.privacy_consents.filter(revoked_at__isnull=True).first()
    return render(
        request,
        "accounts/me.html",
        {
            "roles": roles_of(request.user),
            "tokens": tokens,
            "new_token": new_token,
            "consent": consent,
            "notice_version": privacy.NOTICE_VERSION,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    user = request.user
    need(user, "accounts.change_profile", user)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "state": user.state_id,
        "municipality": user.municipality_id,
        "sector": user.sector,
        "organization_name": user.organization_name,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if apply_service(form, lambda: profile_update(actor=user, user=user, **form.profile())):
            messages.success(request, _("Guardamos tu perfil."))
            return redirect("accounts:me")
    return render(request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@login_required
@require_GET
def my_data(request):
    """Everything Apertus holds about the person, as one JSON file (ARCO: access)."""
    need(request.user, "accounts.download_data", request.user)
    response = JsonResponse(
        personal_data_for(request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="apertus-mis-datos-{stamp}.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Delete one's own account (ARCO: cancellation), after re-entering the password."""
    user = request.user
    need(user, "accounts.delete_account", user)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=user)
        logout(request)
        messages.success(request, _("Eliminamos tu cuenta. Tus aportaciones quedan como «Persona eliminada»."))
        return redirect("portal:home")
    return render(request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def privacy_accept(request):
    """Accept the current privacy notice (people who registered before it, or before it changed)."""
    user = request.user
    if not user.privacy_consents.filter(notice_version=privacy.NOTICE_VERSION, revoked_at__isnull=True).exists():
        privacy_consent_record(user=user, ip=privacy.client_ip(request))
    messages.success(request, _("Gracias: registramos que aceptaste el aviso de privacidad vigente."))
    return redirect("accounts:me")


@require_GET
def privacy_notice(request):
    """The public privacy notice (aviso de privacidad integral, LFPDPPP)."""
    return render(
        request,
        "accounts/privacy.html",
        {
            "version": privacy.NOTICE_VERSION,
            "date": privacy.NOTICE_DATE,
        },
    )


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
