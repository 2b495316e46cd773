"""Notices to a cohort (participants only), program news and the fellows' blog (public once published)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apertus.core.permissions import has_perm, need, visible_or_404
from apertus.forums import selectors, services
from apertus.forums.forms import BlogForm, BlogReviewForm, NewsForm, NoticeForm
from apertus.forums.views.common import apply, form_page, phase_or_404

PER_PAGE = 20


def _page(request, qs):
    return Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))


# Notices


@require_GET
def notice_list(request, year: int):
    phase = visible_or_404(request.user, "forums.view_cohort", phase_or_404(year))
    staff = has_perm(request.user, "forums.send_notice", phase)
    page = _page(request, selectors.cohort_notices(phase=phase, include_drafts=staff))
    return render(request, "forums/notice_list.html", {"phase": phase, "page_obj": page, "can_send": staff})


@require_http_methods(["GET", "POST"])
def notice_new(request, year: int):
    phase = visible_or_404(request.user, "forums.view_cohort", phase_or_404(year))
    need(request.user, "forums.send_notice", phase)
    form = NoticeForm(request.POST or None)
    status = None
    if request.method == "POST" and form.is_valid():
        created = []
        status = apply(
            form, lambda: created.append(services.notice_create(actor=request.user, phase=phase, **form.cleaned_data))
        )
        if status is None:
            return redirect(created[0].get_absolute_url())
    return form_page(request, form, _("Nuevo aviso a la generación"), status=status)


@require_GET
def notice_detail(request, pk: int):
    notice = visible_or_404(request.user, "forums.view_notice", selectors.notice_get(pk))
    can_send = has_perm(request.user, "forums.send_notice", notice) and notice.sent_at is None
    fellows = selectors.cohort_fellows(notice.phase).count() if can_send else None
    return render(request, "forums/notice_detail.html", {"notice": notice, "can_send": can_send, "fellows": fellows})


@require_POST
def notice_send(request, pk: int):
    notice = visible_or_404(request.user, "forums.view_notice", selectors.notice_get(pk))
    need(request.user, "forums.send_notice", notice)
    count = services.notice_send(actor=request.user, notice=notice)
    if count:
        messages.success(
            request, ngettext("Se avisó a %(n)d fellow.", "Se avisó a %(n)d fellows.", count) % {"n": count}
        )
    else:
        messages.info(request, _("Este aviso ya se había enviado; no se volvió a enviar."))
    return redirect(notice.get_absolute_url())


# News


@require_GET
def news_list(request, year: int):
    phase = phase_or_404(year)
    staff = has_perm(request.user, "forums.change_news", phase)
    qs = selectors.cohort_news_all(phase) if staff else selectors.published_news(phase)
    return render(request, "forums/news_list.html", {"phase": phase, "page_obj": _page(request, qs), "staff": staff})


@require_GET
def news_detail(request, year: int, slug: str):
    phase = phase_or_404(year)
    item = visible_or_404(request.user, "forums.view_news", selectors.news_get(phase=phase, slug=slug))
    return render(
        request, "forums/news_detail.html", {"item": item, "staff": has_perm(request.user, "forums.change_news", item)}
    )


@require_http_methods(["GET", "POST"])
def news_edit(request, year: int, slug: str | None = None):
    phase = phase_or_404(year)
    item = selectors.news_get(phase=phase, slug=slug) if slug else None
    if slug and item is None:
        raise Http404
    need(request.user, "forums.change_news", item or phase)
    initial = {"title": item.title, "body": item.body, "is_published": item.is_published} if item else None
    form = NewsForm(request.POST or None, initial=initial)
    status = None
    if request.method == "POST" and form.is_valid():
        saved = []
        if item:
            status = apply(
                form, lambda: saved.append(services.news_update(actor=request.user, item=item, **form.cleaned_data))
            )
        else:
            status = apply(
                form, lambda: saved.append(services.news_create(actor=request.user, phase=phase, **form.cleaned_data))
            )
        if status is None:
            return redirect(saved[0].get_absolute_url())
    return form_page(request, form, _("Editar noticia") if item else _("Nueva noticia"), status=status)


# The fellows' blog


@require_GET
def blog_list(request, year: int):
    phase = phase_or_404(year)
    context = {
        "phase": phase,
        "page_obj": _page(request, selectors.published_blog(phase)),
        "mine": selectors.blog_of(request.user, phase),
        "can_write": has_perm(request.user, "forums.add_blogpost", phase),
        "pending": selectors.blog_pending(phase) if has_perm(request.user, "forums.moderate_blogpost", phase) else None,
    }
    return render(request, "forums/blog_list.html", context)


@require_GET
def blog_detail(request, year: int, slug: str):
    phase = phase_or_404(year)
    post = visible_or_404(request.user, "forums.view_blogpost", selectors.blog_get(phase=phase, slug=slug))
    context = {
        "post": post,
        "can_edit": has_perm(request.user, "forums.change_blogpost", post),
        "review_form": BlogReviewForm() if has_perm(request.user, "forums.moderate_blogpost", post) else None,
    }
    return render(request, "forums/blog_detail.html", context)


@require_http_methods(["GET", "POST"])
def blog_edit(request, year: int, slug: str | None = None):
    phase = phase_or_404(year)
    post = None
    if slug:
        post = visible_or_404(request.user, "forums.view_blogpost", selectors.blog_get(phase=phase, slug=slug))
        need(request.user, "forums.change_blogpost", post)
    else:
        need(request.user, "forums.add_blogpost", phase)
    form = BlogForm(request.POST or None, initial={"title": post.title, "body": post.body} if post else None)
    status = None
    if request.method == "POST" and form.is_valid():
        saved = []
        if post:
            status = apply(
                form, lambda: saved.append(services.blog_update(actor=request.user, post=post, **form.cleaned_data))
            )
        else:
            status = apply(
                form, lambda: saved.append(services.blog_create(actor=request.user, phase=phase, **form.cleaned_data))
            )
        if status is None:
            messages.success(request, _("Se guardó tu entrada."))
            return redirect(saved[0].get_absolute_url())
    return form_page(request, form, _("Editar entrada") if post else _("Nueva entrada del blog"), status=status)


@require_POST
def blog_review(request, year: int, slug: str):
    phase = phase_or_404(year)
    post = visible_or_404(request.user, "forums.view_blogpost", selectors.blog_get(phase=phase, slug=slug))
    need(request.user, "forums.moderate_blogpost", post)
    form = BlogReviewForm(request.POST)
    status = 400
    if form.is_valid():
        status = apply(form, lambda: services.blog_review(actor=request.user, post=post, **form.cleaned_data))
        if status is None:
            messages.success(request, _("Se registró la revisión."))
            return redirect(post.get_absolute_url())
    return form_page(request, form, _("Revisión de «%(title)s»") % {"title": post.title}, status=status)
