"""What the program app holds about a person: their public fellow profile, if they wrote one."""

from __future__ import annotations

from apertus.program.models import FellowProfile


def personal_data(user) -> dict | None:
    profile = FellowProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {
        "publico": profile.is_public,
        "presentacion": profile.bio,
        "consentimiento_otorgado": profile.consent_given_at,
        "consentimiento_retirado": profile.consent_withdrawn_at,
        "direccion_publica": profile.get_absolute_url(),
        "creado": profile.created_at,
        "actualizado": profile.updated_at,
    }


def forget(user) -> None:
    """On account deletion the profile goes, and so do its past versions (they hold the texts)."""
    FellowProfile.objects.filter(user=user).delete()
    FellowProfile.history.filter(user_id=user.pk).delete()
