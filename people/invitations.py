"""Invitations by email: join an organisation in a role, or (employers) share one's training records.

The link carries a random token; only its SHA-256 is stored. A link works once, for `Invitation.VALID_DAYS`
days, and only for a signed-in person whose verified address is the one invited.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Invitation, Membership, Organization
from .signals import staff_invitation_accepted
from .tasks import seal, send_invitation_email


class InvitationProblem(Exception):
    """Why an invitation cannot be created or accepted, in words for the person concerned."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def roles_for(organization: Organization, inviter_roles: set[str]) -> list[tuple[str, str]]:
    """The roles an inviter may offer: administrators any role of the organisation's kind; HR staff only."""
    if organization.kind == Organization.EMPLOYER:
        allowed = [Invitation.STAFF, Membership.HR, Membership.ADMIN]
    else:
        allowed = [Membership.EDITOR, Membership.REVIEWER, Membership.ADMIN]
    if Membership.ADMIN not in inviter_roles:
        allowed = [role for role in allowed if role == Invitation.STAFF]
    labels = dict(Invitation.ROLES)
    return [(role, labels[role]) for role in allowed]


@transaction.atomic
def create_invitation(*, organization: Organization, email: str, role: str, by) -> tuple[Invitation, str]:
    from django.contrib.auth import get_user_model

    email = email.strip().lower()
    existing = get_user_model().objects.filter(email__iexact=email).first()
    if existing is not None:
        if (
            role == Invitation.STAFF
            # `employer_consents` is the employers app's relation to users (read, never imported here).
            and existing.employer_consents.filter(
                organization=organization, withdrawn_at__isnull=True
            ).exists()
        ):
            raise InvitationProblem(_("%(email)s already shares their records with you.") % {"email": email})
        if (
            role != Invitation.STAFF
            and Membership.objects.filter(user=existing, organization=organization, role=role).exists()
        ):
            raise InvitationProblem(_("%(email)s is already a member in this role.") % {"email": email})
    now = timezone.now()
    # A new invitation to the same address and role replaces the pending one (its link stops working).
    Invitation.objects.filter(
        organization=organization, email=email, role=role, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=organization,
        email=email,
        role=role,
        token_hash=_digest(token),
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=Invitation.VALID_DAYS),
    )
    # The email goes out from the task worker; the token travels sealed (people/tasks.py).
    sealed = seal(token)
    transaction.on_commit(lambda: send_invitation_email.enqueue(invitation.pk, sealed))
    return invitation, token


def find_invitation(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("organization").filter(token_hash=_digest(token or "")).first()
    )
    if invitation is None:
        raise InvitationProblem(_("This invitation link is not valid. Check that you copied all of it."))
    if invitation.accepted_at is not None:
        raise InvitationProblem(_("This invitation has already been used."))
    if invitation.cancelled_at is not None:
        raise InvitationProblem(_("This invitation was withdrawn or replaced by a newer one."))
    if invitation.expires_at <= timezone.now():
        raise InvitationProblem(
            _("This invitation has expired. Ask %(organization)s to send a new one.")
            % {"organization": invitation.organization.name}
        )
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user) -> Invitation:
    from allauth.account.models import EmailAddress

    invitation = find_invitation(token)
    invitation = Invitation.objects.select_for_update().select_related("organization").get(pk=invitation.pk)
    if invitation.accepted_at is not None:  # accepted by a concurrent request meanwhile
        raise InvitationProblem(_("This invitation has already been used."))
    if not EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists():
        raise InvitationProblem(
            _("This invitation was sent to %(email)s. Sign in with that address (verified) to accept it.")
            % {"email": invitation.email}
        )
    if invitation.role == Invitation.STAFF:
        # Sharing records with an employer is the employers app's (it links the consent on this news).
        staff_invitation_accepted.send(sender=Invitation, user=user, organization=invitation.organization)
    else:
        Membership.objects.get_or_create(
            user=user, organization=invitation.organization, role=invitation.role
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation
