"""Posting, editing and reporting comments. Reading happens on the target's page ({% comments_for %})."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apertus.comments import selectors, services
from apertus.comments.forms import HONEYPOT, CommentEditForm, CommentForm, FlagForm
from apertus.comments.registry import target_get
from apertus.core import ratelimit
from apertus.core.forms import apply_service, run_action
from apertus.core.permissions import need
from apertus.moderation.selectors import visible
from apertus.moderation.services import flag_add

DEFAULT_RATE = (10, 600)  # comments per window, window in seconds


def _within_rate(user) -> bool:
    limit, window = getattr(settings, "COMMENT_RATE", DEFAULT_RATE)
    return ratelimit.hit(f"comment-post:{user.pk}", int(limit), int(window))


def _rate_limited(request):
    limit, window = getattr(settings, "COMMENT_RATE", DEFAULT_RATE)
    context = {"limit": limit, "minutes": max(1, int(window) // 60), "body": request.POST.get("body", "")[:5000]}
    return render(request, "comments/rate_limited.html", context, status=429)


@require_POST
def comment_create(request):
    # A field people never see: whoever fills it is a bot. Checked first, nothing else is done.
    if request.POST.get(HONEYPOT):
        return HttpResponseBadRequest(_("Solicitud rechazada."))
    if not request.user.is_authenticated:
        return redirect_to_login(request.META.get("HTTP_REFERER") or "/")
    if not _within_rate(request.user):
        return _rate_limited(request)
    form = CommentForm(request.POST)
    if not form.is_valid() and not form.has_error("body"):
        raise Http404  # a tampered target or thread, not a person's mistake
    target = target_get(request.user, request.POST.get("content_type", ""), form.cleaned_data.get("object_id"))
    if target is None:
        raise Http404
    need(request.user, "comments.add_comment", target)
    parent = None
    if form.cleaned_data.get("parent"):
        parent = visible(selectors.comments_on(target)).filter(pk=form.cleaned_data["parent"]).first()
        if parent is None:
            raise Http404
    if form.is_valid():
        if done := apply_service(
            form,
            lambda: services.comment_create(
                actor=request.user, target=target, body=form.cleaned_data["body"], parent=parent
            ),
            default="body",
        ):
            messages.success(request, _("Comentario publicado."))
            return redirect(selectors.comment_location(done.result))
    context = {"form": form, "target": target, "parent": parent, "title": _("Revisa tu comentario")}
    return render(request, "comments/form.html", context)


@require_GET
def comment_detail(request, pk: int):
    """A comment's permanent address: its place in the conversation on its target's page."""
    comment = selectors.comment_get(user=request.user, pk=pk)
    return redirect(selectors.comment_location(comment))


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, pk: int):
    comment = selectors.comment_get(user=request.user, pk=pk)
    need(request.user, "comments.change_comment", comment)
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        if apply_service(
            form,
            lambda: services.comment_update(actor=request.user, comment=comment, body=form.cleaned_data["body"]),
            default="body",
        ):
            messages.success(request, _("Comentario guardado."))
            return redirect(selectors.comment_location(comment))
    context = {"form": form, "target": comment.target, "comment": comment, "title": _("Editar comentario")}
    return render(request, "comments/form.html", context)


@login_required
@require_POST
def comment_flag(request, pk: int):
    comment = selectors.comment_get(user=request.user, pk=pk)
    need(request.user, "comments.flag_comment", comment)
    form = FlagForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Elige el motivo del reporte."))
    elif run_action(
        request, lambda: flag_add(user=request.user, obj=comment, reason=form.reason_text()), level=messages.INFO
    ):
        messages.success(request, _("Gracias: el equipo de moderación revisará el comentario."))
    return redirect(selectors.comment_location(comment))
