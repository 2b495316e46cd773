"""Private messages: the inbox, a conversation, and writing to someone of the same cohort."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apertus.core.permissions import has_perm, need, visible_or_404
from apertus.forums import selectors, services
from apertus.forums.forms import ConversationForm, MessageForm
from apertus.forums.views.common import apply, form_page, phase_or_404

CONVERSATIONS_PER_PAGE = 20
MESSAGES_PER_PAGE = 30


@login_required
@require_GET
def inbox(request):
    page = Paginator(selectors.inbox(request.user), CONVERSATIONS_PER_PAGE).get_page(request.GET.get("page"))
    cohorts = [p for p in selectors.my_cohorts(request.user) if has_perm(request.user, "forums.send_message", p)]
    return render(request, "forums/inbox.html", {"page_obj": page, "cohorts": cohorts})


@login_required
@require_http_methods(["GET", "POST"])
def conversation_detail(request, pk: int):
    conversation = visible_or_404(request.user, "forums.view_conversation", selectors.conversation_get(pk))
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            body = form.cleaned_data["body"]
            status = apply(
                form, lambda: services.message_reply(actor=request.user, conversation=conversation, body=body)
            )
            if status is None:
                return redirect(conversation.get_absolute_url())
        else:
            status = 400
    messages_qs = selectors.conversation_messages(conversation)
    paginator = Paginator(messages_qs, MESSAGES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    services.conversation_mark_read(actor=request.user, conversation=conversation)
    context = {"conversation": conversation, "page_obj": page, "form": form}
    return render(request, "forums/conversation.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def conversation_new(request, year: int):
    """Write to a participant of this cohort. Only they are offered; the service checks again."""
    phase = phase_or_404(year)
    need(request.user, "forums.send_message", phase)
    recipients = selectors.allowed_recipients(request.user, phase)
    initial = {"recipient": request.GET.get("para")} if request.GET.get("para", "").isdigit() else None
    form = ConversationForm(request.POST or None, recipients=recipients, initial=initial)
    status = None
    if request.method == "POST" and form.is_valid():
        created = []
        status = apply(
            form,
            lambda: created.append(services.conversation_start(actor=request.user, phase=phase, **form.cleaned_data)),
        )
        if status is None:
            return redirect(created[0].get_absolute_url())
    return form_page(request, form, _("Nuevo mensaje privado · %(cohort)s") % {"cohort": phase.name}, status=status)
