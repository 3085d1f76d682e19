"""Electronic signatures: the signer proves who they are again (password, or a TOTP code with two-factor on)
and the meaning of what they sign is recorded with it (21 CFR 11.50 / 11.200; ADR 0007).

`sign` is called inside the transaction of the record being signed: a refused signature raises before
anything is written, so the record is not made either.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from audit.api import record

from .models import Signature

MAX_TRIES = "5/5m"  # wrong passwords or codes per signer before signing is refused for a while
_LIMIT = int(MAX_TRIES.split("/")[0])


class SignatureRefused(Exception):
    """The password or code was wrong, or too many were: nothing was signed. Its message is for the signer."""


def _totp_authenticator(user):
    """The person's authenticator app (allauth.mfa TOTP), or None when two-factor is off."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()


def uses_totp(user) -> bool:
    """Whether the person signs with an authenticator code (two-factor on) rather than their password."""
    return _totp_authenticator(user) is not None


def _secret_is_right(user, secret: str, authenticator) -> bool:
    if authenticator is not None:
        from allauth.mfa.totp.internal.auth import TOTP

        return TOTP(authenticator).validate_code(secret.strip())
    return user.check_password(secret)


def _wrong_tries(request, user, *, add: bool) -> int:
    """Wrong secrets this signer gave in the current window (counted per person, whatever the client)."""
    usage = get_usage(
        request, group="signature", key=lambda _group, _request: str(user.pk), rate=MAX_TRIES, increment=add
    )
    return usage["count"] if usage else 0


@transaction.atomic
def sign(*, user, secret: str, meaning: str, target, request=None) -> Signature:
    """Sign `target` (a saved model instance) as `user` with `meaning`, after checking `secret`.

    Raises `SignatureRefused` when the secret is wrong or too many wrong ones were tried.
    """
    if not getattr(user, "is_authenticated", False):
        raise SignatureRefused(_("Sign in to sign."))
    if request is not None and _wrong_tries(request, user, add=False) >= _LIMIT:
        raise SignatureRefused(_("Too many wrong attempts. Wait a few minutes and try again."))
    authenticator = _totp_authenticator(user)
    if not secret or not _secret_is_right(user, secret, authenticator):
        if request is not None:
            _wrong_tries(request, user, add=True)
        if authenticator is not None:
            raise SignatureRefused(_("The authenticator code is not right. Nothing was signed."))
        raise SignatureRefused(_("The password is not right. Nothing was signed."))
    signature = Signature.objects.create(
        signer=user,
        printed_name=user.full_name or user.email,
        signed_at=timezone.now(),
        time_zone=timezone.get_current_timezone_name() or settings.TIME_ZONE,
        meaning=meaning[:500],
        method=Signature.BY_TOTP if authenticator is not None else Signature.BY_PASSWORD,
        object_type=target._meta.label,
        object_id=str(target.pk),
    )
    record("signature.signed", actor=user, target=target, after=signature.manifestation())
    return signature


def signatures_of(target) -> list[Signature]:
    """The signatures on a record, oldest first."""
    return signatures_of_many([target]).get((target._meta.label, str(target.pk)), [])


def signatures_of_many(targets) -> dict[tuple[str, str], list[Signature]]:
    """The signatures on many records at once, oldest first, by (model label, primary key as text).

    One query whatever the number of records (records of several models may be mixed).
    """
    wanted: dict[str, set[str]] = {}
    for target in targets:
        wanted.setdefault(target._meta.label, set()).add(str(target.pk))
    found: dict[tuple[str, str], list[Signature]] = {}
    if not wanted:
        return found
    condition = Q()
    for label, ids in wanted.items():
        condition |= Q(object_type=label, object_id__in=sorted(ids))
    for signature in Signature.objects.filter(condition).order_by("signed_at", "pk"):
        found.setdefault((signature.object_type, signature.object_id), []).append(signature)
    return found
