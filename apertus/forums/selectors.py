"""Reads for the cohort's conversation spaces, each page in a bounded number of queries."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet

from apertus.accounts.models import Role, RoleAssignment, User, role_in_force
from apertus.forums.models import (
    BlogPost,
    BlogStatus,
    Conversation,
    ConversationMember,
    Forum,
    ForumKind,
    Message,
    NewsItem,
    Notice,
    Post,
    Subscription,
    Topic,
)
from apertus.forums.rules import can_read, is_fellow_of, is_staff_of
from apertus.program.models import ProgramPhase

POSTS_PER_PAGE = 20
TOPICS_PER_PAGE = 20


def phase_by_year(year: int) -> ProgramPhase | None:
    return ProgramPhase.objects.filter(year=year).order_by("number").first()


def _current_roles() -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(role_in_force())


def _people(assignments: QuerySet[RoleAssignment]) -> QuerySet[User]:
    return User.objects.filter(is_active=True, pk__in=assignments.values("user_id")).order_by("last_name", "first_name")


def cohort_fellows(phase) -> QuerySet[User]:
    return _people(_current_roles().filter(role=Role.FELLOW, phase=phase))


def cohort_participants(phase, *, state=None) -> QuerySet[User]:
    """Fellows of the cohort (of ``state`` if given), the facilitators serving it, and coordination."""
    roles = _current_roles()
    fellows = Q(role=Role.FELLOW, phase=phase) & (Q(state=state) if state is not None else Q())
    facilitators = Q(role=Role.FACILITATOR) & (Q(phase__isnull=True) | Q(phase=phase))
    if state is not None:
        facilitators &= Q(state__isnull=True) | Q(state=state)
    return _people(roles.filter(fellows | facilitators | Q(role=Role.COORDINATOR)))


def forum_readers(forum: Forum) -> QuerySet[User]:
    """Everyone who may read ``forum`` (the same people ``forums.view_forum`` lets in)."""
    return cohort_participants(forum.phase_id, state=forum.state_id if forum.kind == ForumKind.STATE else None)


def allowed_recipients(user, phase) -> QuerySet[User]:
    """Whom ``user`` may write to in ``phase``: its other participants, if ``user`` is one."""
    if not (is_staff_of(user, phase.pk) or is_fellow_of(user, phase.pk)):
        return User.objects.none()
    return cohort_participants(phase).exclude(pk=user.pk)


def cohort_forums(*, phase, user) -> list[Forum]:
    """The cohort's forums ``user`` may read, with topic counts (one query, then filtered in memory)."""
    forums = (
        Forum.objects.filter(phase=phase)
        .select_related("phase", "state")
        .annotate(topic_count=Count("topics"))
        .order_by("position", "title")
    )
    return [f for f in forums if can_read(user, f)]


def my_cohorts(user) -> list[ProgramPhase]:
    """The cohorts ``user`` takes part in (coordination: every cohort)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [p for p in ProgramPhase.objects.order_by("number") if is_staff_of(user, p.pk) or is_fellow_of(user, p.pk)]


def forum_get(*, year: int, slug: str) -> Forum | None:
    return Forum.objects.filter(phase__year=year, slug=slug).select_related("phase", "state").first()


def forum_topics(forum: Forum) -> QuerySet[Topic]:
    return forum.topics.select_related("author").order_by("-is_pinned", F("last_post_at").desc(nulls_last=True), "-pk")


def topic_get(pk: int) -> Topic | None:
    return Topic.objects.filter(pk=pk).select_related("forum__phase", "forum__state", "author").first()


def topic_posts(topic: Topic) -> QuerySet[Post]:
    return topic.posts.select_related("author").order_by("created_at", "pk")


def post_get(pk: int) -> Post | None:
    return Post.objects.filter(pk=pk).select_related("topic__forum__phase", "topic__forum__state", "author").first()


def post_page_number(post: Post) -> int:
    before = (
        Post.objects.filter(topic_id=post.topic_id)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )
    return before // POSTS_PER_PAGE + 1


def is_subscribed(user, topic: Topic) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Subscription.objects.filter(user_id=user.pk, topic=topic).exists()


# Private messages


def inbox(user) -> QuerySet[Conversation]:
    """The person's conversations, newest first, each with its people and whether it has unread messages."""
    mine = ConversationMember.objects.filter(conversation=OuterRef("pk"), user_id=user.pk)
    unread = mine.filter(Q(last_read_at__isnull=True) | Q(last_read_at__lt=OuterRef("last_message_at")))
    members = ConversationMember.objects.select_related("user").order_by("user__last_name", "user__first_name")
    return (
        Conversation.objects.filter(Exists(mine))
        .annotate(unread=Exists(unread))
        .select_related("phase")
        .prefetch_related(Prefetch("memberships", queryset=members))
        .order_by("-last_message_at", "-pk")
    )


def conversation_get(pk: int) -> Conversation | None:
    members = ConversationMember.objects.select_related("user").order_by("user__last_name", "user__first_name")
    conversation = (
        Conversation.objects.filter(pk=pk)
        .select_related("phase")
        .prefetch_related(Prefetch("memberships", queryset=members))
        .first()
    )
    if conversation is not None:
        conversation._member_ids = {m.user_id for m in conversation.memberships.all()}
    return conversation


def conversation_messages(conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.select_related("author").order_by("created_at", "pk")


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return (
        ConversationMember.objects.filter(user_id=user.pk)
        .filter(Q(last_read_at__isnull=True) | Q(last_read_at__lt=F("conversation__last_message_at")))
        .count()
    )


# Notices, news and the blog


def cohort_notices(*, phase, include_drafts: bool) -> QuerySet[Notice]:
    qs = Notice.objects.filter(phase=phase).select_related("author", "phase")
    return qs if include_drafts else qs.filter(sent_at__isnull=False)


def notice_get(pk: int) -> Notice | None:
    return Notice.objects.filter(pk=pk).select_related("phase", "author").first()


def published_news(phase=None) -> QuerySet[NewsItem]:
    qs = NewsItem.objects.filter(is_published=True).select_related("phase", "author")
    return (qs.filter(phase=phase) if phase is not None else qs).order_by("-published_at", "-pk")


def news_get(*, phase, slug: str) -> NewsItem | None:
    return NewsItem.objects.filter(phase=phase, slug=slug).select_related("phase", "author").first()


def cohort_news_all(phase) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(phase=phase).select_related("phase", "author").order_by("-created_at")


def published_blog(phase=None) -> QuerySet[BlogPost]:
    qs = BlogPost.objects.filter(status=BlogStatus.PUBLISHED).select_related("phase", "author")
    return (qs.filter(phase=phase) if phase is not None else qs).order_by("-published_at", "-pk")


def blog_get(*, phase, slug: str) -> BlogPost | None:
    return BlogPost.objects.filter(phase=phase, slug=slug).select_related("phase", "author", "reviewed_by").first()


def blog_pending(phase) -> QuerySet[BlogPost]:
    return (
        BlogPost.objects.filter(phase=phase, status=BlogStatus.PENDING)
        .select_related("phase", "author")
        .order_by("updated_at")
    )


def blog_of(user, phase) -> QuerySet[BlogPost]:
    if not getattr(user, "is_authenticated", False):
        return BlogPost.objects.none()
    return BlogPost.objects.filter(phase=phase, author_id=user.pk).select_related("phase").order_by("-updated_at")
