"""The inbox, the preferences page and the follow button's endpoint. Thin: selectors and services do the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from apertus.notifications import followables, selectors, services
from apertus.notifications.events import EVENTS
from apertus.notifications.forms import PreferenceForm
from apertus.notifications.models import Notification

PAGE_SIZE = 30


def _next_or(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@require_http_methods(["GET"])
def inbox(request):
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    labels = {name: event.label for name, event in EVENTS.items()}
    for notification in page.object_list:
        notification.event_label = labels.get(notification.event, notification.event)
    return render(
        request, "notifications/inbox.html", {"page_obj": page, "unread": selectors.unread_count(request.user)}
    )


@login_required
@require_POST
def mark_read(request, pk: int):
    try:
        notification = selectors.notification_get(user=request.user, pk=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    services.notification_mark_read(actor=request.user, notification=notification)
    return redirect(_next_or(request, "notifications:inbox"))


@login_required
@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(actor=request.user)
    messages.success(
        request,
        ngettext("Marcaste %(n)d aviso como leído.", "Marcaste %(n)d avisos como leídos.", count) % {"n": count},
    )
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    preference = selectors.preference_of(request.user)
    form = PreferenceForm(request.POST or None, initial=PreferenceForm.initial_for(preference))
    if request.method == "POST" and form.is_valid():
        services.preference_update(
            actor=request.user,
            user=request.user,
            email_enabled=form.cleaned_data["email_enabled"],
            frequency=form.cleaned_data["frequency"],
            muted_events=form.muted_events(),
        )
        messages.success(request, _("Guardamos tus preferencias de notificaciones."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@login_required
@require_POST
def follow_toggle(request):
    """Follow (or, with ``action=unfollow``, stop following) an allow-listed object the person may see."""
    label = request.POST.get("content_type", "").strip().lower()
    obj = followables.find_visible(label, request.POST.get("object_id"), request.user)
    if obj is None:
        raise Http404
    fallback = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "notifications:inbox"
    if request.POST.get("action") == "unfollow":
        services.unfollow(user=request.user, obj=obj)
        messages.success(request, _("Dejaste de seguir «%(obj)s».") % {"obj": obj})
    else:
        services.follow(user=request.user, obj=obj)
        messages.success(request, _("Ahora sigues «%(obj)s». Te avisaremos de sus avances.") % {"obj": obj})
    return redirect(_next_or(request, fallback))
