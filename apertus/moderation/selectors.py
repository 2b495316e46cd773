from django.db.models import QuerySet


def visible(queryset: QuerySet, author_field: str = "author") -> QuerySet:
    """Content anyone may see: not hidden, and not by a person who is blocked."""
    return queryset.filter(is_hidden=False).exclude(**{f"{author_field}__block__lifted_at__isnull": True,
                                                       f"{author_field}__block__isnull": False})


def is_blocked(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    from apertus.moderation.models import UserBlock

    return UserBlock.objects.filter(user_id=user.pk, lifted_at__isnull=True).exists()
