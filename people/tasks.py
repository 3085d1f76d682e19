"""Background work for people: the invitation email (Django's task API through django_tasks).

The invitation link carries a token of which only the hash is stored. The task's arguments are stored in
the task queue until a worker runs it, so the token travels sealed (Fernet, with a key derived from
SECRET_KEY), never in clear.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .models import Invitation


def _fernet() -> Fernet:
    key = hashlib.sha256(b"people.invitation-token\0" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(token: str) -> str:
    return _fernet().encrypt(token.encode()).decode()


def unseal(sealed: str) -> str:
    return _fernet().decrypt(sealed.encode(), ttl=Invitation.VALID_DAYS * 86400).decode()


def invitation_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("people:accept_invitation", args=[token])


def send_invitation(invitation: Invitation, token: str) -> None:
    """The invitation email, in Russian and English (we do not know the invitee's language yet)."""
    parts = []
    for language in ("ru", "en"):
        with translation.override(language):
            context = {
                "invitation": invitation,
                "organization": invitation.organization.name,
                "role": dict(Invitation.ROLES)[invitation.role],
                "url": invitation_url(token),
                "days": Invitation.VALID_DAYS,
            }
            parts.append(render_to_string("people/email/invitation_message.txt", context))
            if language == "ru":
                subject = render_to_string("people/email/invitation_subject.txt", context).strip()
    EmailMultiAlternatives(subject, "\n\n---\n\n".join(parts), to=[invitation.email]).send()


@task()
def send_invitation_email(invitation_id: int, sealed_token: str) -> bool:
    """Send an invitation unless it was withdrawn or replaced meanwhile; returns whether it went out."""
    invitation = Invitation.objects.select_related("organization").get(pk=invitation_id)
    if invitation.cancelled_at is not None or invitation.accepted_at is not None:
        return False
    send_invitation(invitation, unseal(sealed_token))
    return True
