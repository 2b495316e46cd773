"""Moderation pages: the review queue, hide/restore/dismiss, blocks and the log. Moderators only."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apertus.core.forms import run_action
from apertus.core.permissions import has_perm, need
from apertus.moderation import selectors, services


def _back(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _content(label: str, pk: int):
    model = selectors.moderatable_model(label)
    if model is None:
        raise Http404
    return get_object_or_404(model._base_manager, pk=pk)


@login_required
@require_GET
def queue(request):
    need(request.user, "moderation.moderate")
    context = {
        "queue": selectors.review_queue(request.user),
        "threshold": selectors.flag_threshold(),
        "can_block": has_perm(request.user, "moderation.block_user"),
    }
    return render(request, "moderation/queue.html", context)


def _content_action(request, label: str, pk: int, service, done: str):
    obj = _content(label, pk)
    need(request.user, "moderation.moderate", obj)
    if run_action(request, lambda: service(actor=request.user, obj=obj, reason=request.POST.get("reason", ""))):
        messages.success(request, done)
    return redirect(_back(request, reverse("moderation:queue")))


@login_required
@require_POST
def content_hide(request, label: str, pk: int):
    return _content_action(request, label, pk, services.content_hide, _("Contenido ocultado."))


@login_required
@require_POST
def content_restore(request, label: str, pk: int):
    return _content_action(request, label, pk, services.content_restore, _("Contenido restaurado."))


@login_required
@require_POST
def flags_dismiss(request, label: str, pk: int):
    return _content_action(request, label, pk, services.flags_dismiss, _("Reportes descartados."))


def _person_action(request, user_id: int, service, done: str):
    need(request.user, "moderation.block_user")
    person = get_object_or_404(get_user_model(), pk=user_id)
    if run_action(request, lambda: service(actor=request.user, user=person, reason=request.POST.get("reason", ""))):
        messages.success(request, done)
    return redirect(_back(request, reverse("moderation:blocks")))


@login_required
@require_POST
def user_block(request, user_id: int):
    return _person_action(request, user_id, services.user_block, _("Persona bloqueada: su contenido ya no se muestra."))


@login_required
@require_POST
def user_unblock(request, user_id: int):
    return _person_action(request, user_id, services.user_unblock, _("Bloqueo levantado."))


@login_required
@require_GET
def blocks(request):
    need(request.user, "moderation.block_user")
    page = Paginator(selectors.active_blocks(), 50).get_page(request.GET.get("page"))
    return render(request, "moderation/blocks.html", {"page_obj": page})


@login_required
@require_GET
def log(request):
    need(request.user, "moderation.moderate")
    page = Paginator(selectors.action_log(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "moderation/log.html", {"page_obj": page})
