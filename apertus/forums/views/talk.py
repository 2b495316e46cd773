"""Forum pages: the index, a cohort's forums, a forum's topics, a topic's posts; writing and moderating.

Whatever the reader may not see answers 404, exactly like something that does not exist: a fellow
of Oaxaca learns nothing about Sonora's state forum, its topics or its posts.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apertus.core.permissions import has_perm, need, visible_or_404
from apertus.forums import selectors, services
from apertus.forums.forms import HideForm, PostForm, TopicForm
from apertus.forums.views.common import apply, form_page, phase_or_404
from apertus.program.models import ProgramPhase


@require_GET
def index(request):
    user = request.user
    context = {
        "my_cohorts": selectors.my_cohorts(user),
        "phases": ProgramPhase.objects.order_by("number"),
        "unread": selectors.unread_count(user),
    }
    return render(request, "forums/index.html", context)


@require_GET
def cohort(request, year: int):
    phase = visible_or_404(request.user, "forums.view_cohort", phase_or_404(year))
    context = {
        "phase": phase,
        "forums": selectors.cohort_forums(phase=phase, user=request.user),
        "can_notice": has_perm(request.user, "forums.send_notice", phase),
        "can_blog": has_perm(request.user, "forums.add_blogpost", phase),
    }
    return render(request, "forums/cohort.html", context)


@require_GET
def forum_detail(request, year: int, slug: str):
    forum = visible_or_404(request.user, "forums.view_forum", selectors.forum_get(year=year, slug=slug))
    page = Paginator(selectors.forum_topics(forum), selectors.TOPICS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"forum": forum, "page_obj": page, "can_add_topic": has_perm(request.user, "forums.add_topic", forum)}
    return render(request, "forums/forum.html", context)


@require_http_methods(["GET", "POST"])
def topic_create(request, year: int, slug: str):
    forum = visible_or_404(request.user, "forums.view_forum", selectors.forum_get(year=year, slug=slug))
    need(request.user, "forums.add_topic", forum)
    form = TopicForm(request.POST or None)
    status = None
    if request.method == "POST" and form.is_valid():
        created = []
        status = apply(
            form, lambda: created.append(services.topic_create(actor=request.user, forum=forum, **form.cleaned_data))
        )
        if status is None:
            return redirect(created[0].get_absolute_url())
    return form_page(request, form, _("Nuevo tema en «%(forum)s»") % {"forum": forum.title}, back=forum, status=status)


@require_http_methods(["GET", "POST"])
def topic_detail(request, pk: int):
    """The topic's posts, 20 a page, oldest first; a POST is a reply."""
    user = request.user
    topic = visible_or_404(user, "forums.view_forum", selectors.topic_get(pk))
    can_reply = has_perm(user, "forums.add_post", topic)
    form = PostForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not can_reply:
            raise PermissionDenied
        if form.is_valid():
            created = []
            status = apply(
                form, lambda: created.append(services.post_add(actor=user, topic=topic, body=form.cleaned_data["body"]))
            )
            if status is None:
                return redirect(created[0].get_absolute_url())
        else:
            status = 400
    page = Paginator(selectors.topic_posts(topic), selectors.POSTS_PER_PAGE).get_page(request.GET.get("page"))
    for post in page:
        post.topic = topic  # the permission checks below read the forum through it: no query per post
    context = {
        "topic": topic,
        "forum": topic.forum,
        "page_obj": page,
        "form": form if can_reply else None,
        "is_staff": has_perm(user, "forums.moderate_forum", topic),
        "editable": {p.pk for p in page if has_perm(user, "forums.change_post", p)},
        "subscribed": selectors.is_subscribed(user, topic),
    }
    return render(request, "forums/topic.html", context, status=status)


@require_GET
def post_detail(request, pk: int):
    """A post's permanent address: its topic's page that shows it."""
    post = visible_or_404(request.user, "forums.view_forum", selectors.post_get(pk))
    page = selectors.post_page_number(post)
    return redirect(f"{post.topic.get_absolute_url()}?page={page}#p{post.pk}")


@require_http_methods(["GET", "POST"])
def post_edit(request, pk: int):
    post = visible_or_404(request.user, "forums.view_forum", selectors.post_get(pk))
    need(request.user, "forums.change_post", post)
    form = PostForm(request.POST or None, initial={"body": post.body})
    status = None
    if request.method == "POST" and form.is_valid():
        status = apply(form, lambda: services.post_edit(actor=request.user, post=post, body=form.cleaned_data["body"]))
        if status is None:
            return redirect(post.get_absolute_url())
    return form_page(request, form, _("Editar mensaje"), back=post.topic, status=status)


@require_POST
def post_moderate(request, pk: int):
    post = visible_or_404(request.user, "forums.view_forum", selectors.post_get(pk))
    need(request.user, "forums.moderate_forum", post)
    form = HideForm(request.POST)
    form.is_valid()
    hide = request.POST.get("hide") == "1"
    reason = form.cleaned_data.get("reason", "")
    status = apply(form, lambda: services.post_set_hidden(actor=request.user, post=post, hidden=hide, reason=reason))
    if status is not None:
        return form_page(request, form, _("Ocultar mensaje"), back=post.topic, status=status)
    messages.success(request, _("Se ocultó el mensaje.") if hide else _("Se restauró el mensaje."))
    return redirect(post.get_absolute_url())


TOPIC_ACTIONS = {
    "cerrar": {"is_locked": True},
    "abrir": {"is_locked": False},
    "fijar": {"is_pinned": True},
    "soltar": {"is_pinned": False},
}


@require_POST
def topic_moderate(request, pk: int):
    topic = visible_or_404(request.user, "forums.view_forum", selectors.topic_get(pk))
    need(request.user, "forums.moderate_forum", topic)
    change = TOPIC_ACTIONS.get(request.POST.get("action", ""))
    if change is None:
        return redirect(topic.get_absolute_url())
    services.topic_moderate(actor=request.user, topic=topic, **change)
    return redirect(topic.get_absolute_url())


@require_POST
def topic_subscription(request, pk: int):
    topic = visible_or_404(request.user, "forums.view_forum", selectors.topic_get(pk))
    subscribed = request.POST.get("subscribe") == "1"
    services.subscription_set(actor=request.user, topic=topic, subscribed=subscribed)
    messages.success(
        request, _("Recibirás avisos de este tema.") if subscribed else _("Ya no recibirás avisos de este tema.")
    )
    return redirect(topic.get_absolute_url())
