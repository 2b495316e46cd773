"""What the forums app holds about a person: their download (``/mi-cuenta/datos.json``), and what goes
when they leave."""

from __future__ import annotations

from apertus.forums.models import BlogPost, Message, Post, Subscription


def personal_data(user) -> dict:
    """What the person wrote here (posts, blog, messages they sent) for their data download."""
    return {
        "mensajes_en_foros": [
            {"tema": p.topic.title, "fecha": p.created_at, "texto": p.body}
            for p in Post.objects.filter(author_id=user.pk).select_related("topic").order_by("created_at")
        ],
        "mensajes_privados_enviados": [
            {"asunto": m.conversation.subject, "fecha": m.created_at, "texto": m.body}
            for m in Message.objects.filter(author_id=user.pk).select_related("conversation").order_by("created_at")
        ],
        "blog": [
            {"titulo": b.title, "estado": b.status, "texto": b.body}
            for b in BlogPost.objects.filter(author_id=user.pk).order_by("created_at")
        ],
    }


def forget(user) -> None:
    """Account deletion: what the person followed goes; what they wrote stays, under "Persona eliminada"."""
    Subscription.objects.filter(user=user).delete()
