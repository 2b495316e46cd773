"""How a cohort talks: forums (topics and posts), private messages, notices, news and a fellows' blog.

Every record belongs to a cohort (``program.ProgramPhase``). Forums and messages are private to the
cohort's participants; news and published blog posts are public.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apertus.core.models import TimeStampedModel

# Forum slugs share the cohort's URL space with these pages.
RESERVED_SLUGS = {"avisos", "noticias", "blog", "mensajes", "temas", "publicaciones", "nuevo", "nueva"}
USER = settings.AUTH_USER_MODEL


class ForumKind(models.TextChoices):
    ACTIVITY = "actividad", _("Actividad del curso")
    STATE = "estado", _("Entidad")
    GENERAL = "general", _("General")
    SUPPORT = "soporte", _("Soporte")


class Forum(TimeStampedModel):
    """A forum of one cohort. A state forum belongs to one state: only its fellows and staff read it."""

    phase = models.ForeignKey(
        "program.ProgramPhase", on_delete=models.PROTECT, related_name="forums", verbose_name=_("generación")
    )
    kind = models.CharField(_("tipo"), max_length=20, choices=ForumKind.choices, db_index=True)
    state = models.ForeignKey(
        "territories.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forums",
        verbose_name=_("entidad"),
    )
    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("identificador"), max_length=80)
    description = models.TextField(_("descripción"), blank=True, help_text=_("Admite Markdown."))
    # A course activity this forum discusses, named by the course's own identifier (no hard link).
    activity_slug = models.SlugField(_("actividad del curso (identificador)"), max_length=120, blank=True)
    activity_title = models.CharField(_("actividad del curso"), max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(_("orden"), default=0)
    is_locked = models.BooleanField(_("cerrado"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["phase__number", "position", "title"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "slug"], name="forum_unique_slug_per_cohort"),
            models.UniqueConstraint(
                fields=["phase", "state"], condition=models.Q(kind="estado"), name="forum_one_state_forum_per_cohort"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="estado", state__isnull=False)
                    | (~models.Q(kind="estado") & models.Q(state__isnull=True))
                ),
                name="forum_state_only_for_state_kind",
            ),
        ]
        verbose_name = _("foro")
        verbose_name_plural = _("foros")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("Ese identificador está reservado.")
        if self.kind == ForumKind.STATE and not self.state_id:
            errors["state"] = _("Un foro de entidad necesita su entidad.")
        if self.kind != ForumKind.STATE and self.state_id:
            errors["state"] = _("Solo los foros de entidad tienen entidad.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("forums:forum", args=[self.phase.year, self.slug])


class Topic(TimeStampedModel):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="topics", verbose_name=_("foro"))
    title = models.CharField(_("título"), max_length=200)
    author = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("autoría")
    )
    is_pinned = models.BooleanField(_("fijado"), default=False)
    is_locked = models.BooleanField(_("cerrado"), default=False)
    # Derived, written only by the services when posts are added, hidden or restored.
    post_count = models.PositiveIntegerField(_("mensajes"), default=0)
    last_post_at = models.DateTimeField(_("último mensaje"), null=True, blank=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_pinned", "-last_post_at", "-pk"]
        verbose_name = _("tema")
        verbose_name_plural = _("temas")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:topic", args=[self.pk])


class Post(TimeStampedModel):
    """One message in a topic (flat thread, oldest first). Markdown, rendered only by ``|markdown``."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts", verbose_name=_("tema"))
    author = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("autoría")
    )
    body = models.TextField(_("mensaje"))
    edited_at = models.DateTimeField(_("editado el"), null=True, blank=True)
    is_hidden = models.BooleanField(_("oculto"), default=False)
    hidden_reason = models.CharField(_("motivo"), max_length=255, blank=True)
    hidden_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("ocultado por")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["topic", "created_at"], name="forum_post_topic_time")]
        verbose_name = _("mensaje del foro")
        verbose_name_plural = _("mensajes del foro")

    def __str__(self) -> str:
        return f"{self.topic} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("forums:post", args=[self.pk])


class Subscription(models.Model):
    """A person hears about new posts in a topic (authors of a topic are subscribed to it)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="forum_subscriptions")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="subscriptions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="forum_subscription_once")]
        verbose_name = _("suscripción a un tema")
        verbose_name_plural = _("suscripciones a temas")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.topic_id}"


class Conversation(models.Model):
    """Private messages between participants of one cohort. Private records: no public history."""

    phase = models.ForeignKey(
        "program.ProgramPhase", on_delete=models.PROTECT, related_name="+", verbose_name=_("generación")
    )
    subject = models.CharField(_("asunto"), max_length=200)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("iniciada"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("último mensaje"), db_index=True)
    participants = models.ManyToManyField(USER, through="ConversationMember", related_name="conversations")

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        verbose_name = _("conversación privada")
        verbose_name_plural = _("conversaciones privadas")

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("forums:conversation", args=[self.pk])


class ConversationMember(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="conversation_memberships")
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="conversation_member_once")]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.conversation_id}"


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("mensaje"))
    created_at = models.DateTimeField(_("enviado"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("mensaje privado")
        verbose_name_plural = _("mensajes privados")

    def __str__(self) -> str:
        return f"{self.conversation_id} #{self.pk}"


class Notice(TimeStampedModel):
    """A notice from staff to every fellow of a cohort, delivered once through the messenger."""

    phase = models.ForeignKey(
        "program.ProgramPhase", on_delete=models.PROTECT, related_name="notices", verbose_name=_("generación")
    )
    author = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("autoría")
    )
    title = models.CharField(_("título"), max_length=200)
    body = models.TextField(_("texto"), help_text=_("Admite Markdown."))
    sent_at = models.DateTimeField(_("enviado el"), null=True, blank=True)
    recipient_count = models.PositiveIntegerField(_("destinatarias"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-created_at"]
        verbose_name = _("aviso a la generación")
        verbose_name_plural = _("avisos a la generación")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:notice", args=[self.pk])


class NewsItem(TimeStampedModel):
    """Program news, public once published."""

    phase = models.ForeignKey(
        "program.ProgramPhase", on_delete=models.PROTECT, related_name="news", verbose_name=_("generación")
    )
    author = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("autoría")
    )
    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("identificador"), max_length=90)
    body = models.TextField(_("texto"), help_text=_("Admite Markdown."))
    is_published = models.BooleanField(_("publicada"), default=False)
    published_at = models.DateTimeField(_("publicada el"), null=True, blank=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["phase", "slug"], name="news_unique_slug_per_cohort")]
        verbose_name = _("noticia")
        verbose_name_plural = _("noticias")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forums:news_detail", args=[self.phase.year, self.slug])


class BlogStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    PENDING = "en_revision", _("En revisión")
    PUBLISHED = "publicado", _("Publicado")
    REJECTED = "devuelto", _("Devuelto con observaciones")


class BlogPost(TimeStampedModel):
    """A fellow's blog post: the author writes and sends it to review; staff publish or return it."""

    phase = models.ForeignKey(
        "program.ProgramPhase", on_delete=models.PROTECT, related_name="blog_posts", verbose_name=_("generación")
    )
    author = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("autoría")
    )
    title = models.CharField(_("título"), max_length=200)
    slug = models.SlugField(_("identificador"), max_length=90)
    body = models.TextField(_("texto"), help_text=_("Admite Markdown."))
    status = models.CharField(
        _("estado"), max_length=20, choices=BlogStatus.choices, default=BlogStatus.DRAFT, db_index=True
    )
    review_note = models.TextField(_("observaciones de la revisión"), blank=True)
    reviewed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("revisó")
    )
    reviewed_at = models.DateTimeField(_("revisado el"), null=True, blank=True)
    published_at = models.DateTimeField(_("publicado el"), null=True, blank=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["phase", "slug"], name="blog_unique_slug_per_cohort")]
        verbose_name = _("entrada del blog")
        verbose_name_plural = _("entradas del blog")

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == BlogStatus.PUBLISHED

    def get_absolute_url(self) -> str:
        return reverse("forums:blog_detail", args=[self.phase.year, self.slug])
