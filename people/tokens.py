"""Organisation API tokens: `cart_<prefix>_<secret>`, stored as a SHA-256 of the secret, shown once."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from audit.api import record

from .models import ApiToken, Organization

PREFIX_BYTES = 6
SECRET_BYTES = 32


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(*, organization: Organization, name: str, by=None) -> tuple[ApiToken, str]:
    """A new token and its plaintext, which is never stored and cannot be shown again."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    token = ApiToken.objects.create(
        organization=organization,
        name=name.strip()[:100],
        prefix=prefix,
        secret_hash=_digest(secret),
        created_by=by,
    )
    record("token.created", actor=by, target=token, organization=organization, after={"name": token.name})
    return token, f"cart_{prefix}_{secret}"


def authenticate_token(plaintext: str) -> ApiToken | None:
    """The live token for a bearer string, or None. Constant-time comparison of the secret's hash."""
    if not isinstance(plaintext, str) or not plaintext.startswith("cart_") or len(plaintext) > 200:
        return None
    try:
        _cart, prefix, secret = plaintext.split("_", 2)
    except ValueError:
        return None
    token = (
        ApiToken.objects.select_related("organization").filter(prefix=prefix, revoked_at__isnull=True).first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(secret)):
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


@transaction.atomic
def revoke_token(*, token: ApiToken, by=None) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record("token.revoked", actor=by, target=token, organization=token.organization_id)
