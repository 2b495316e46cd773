"""What the notifications app holds about a person: their download (``/mi-cuenta/datos.json``), and
what goes when they leave."""

from __future__ import annotations

from apertus.notifications.models import Follow, Notification, Preference
from apertus.notifications.selectors import follows_of, preference_of


def personal_data(user) -> dict:
    """What this app keeps about a person, for their "download my data" (JSON-ready)."""
    preference = preference_of(user)
    return {
        "preferencias": {
            "recibir_correos": preference.email_enabled,
            "frecuencia": preference.frequency,
            "avisos_desactivados": list(preference.muted_events or []),
        },
        "sigue": [
            {
                "tipo": f.content_type.app_labeled_name,
                "modelo": f"{f.content_type.app_label}.{f.content_type.model}",
                "id": f.object_id,
                "desde": f.created_at.isoformat(),
            }
            for f in follows_of(user)
        ],
        "notificaciones": [
            {
                "evento": n.event,
                "titulo": n.title,
                "texto": n.body,
                "enlace": n.url,
                "creada": n.created_at.isoformat(),
                "leida": n.read_at.isoformat() if n.read_at else None,
                "correo": n.email_state,
            }
            for n in Notification.objects.filter(recipient_id=user.pk).order_by("created_at", "id").iterator()
        ],
    }


def forget(user) -> None:
    """When an account is deleted (anonymised): its inbox, follows and preferences go; unsent e-mails with them."""
    Notification.objects.filter(recipient_id=user.pk).delete()
    Follow.objects.filter(user_id=user.pk).delete()
    Preference.objects.filter(user_id=user.pk).delete()
