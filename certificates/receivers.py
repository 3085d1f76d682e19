"""What certificates do when lower apps announce something (connected in `CertificatesConfig.ready`)."""

import contextlib

from .credentials import status_changed
from .services import MissingName, issue_certificate, issue_pending_certificates, supersede_earlier_versions


def course_completed(sender, *, user, course, **kwargs) -> None:
    """Issue the certificate (a retraining: for the new version, superseding the earlier version's); without a
    name on certificates it waits until the holder saves one."""
    with contextlib.suppress(MissingName):
        issued = issue_certificate(user=user, course=course)
        if issued.created:
            supersede_earlier_versions(certificate=issued.certificate)


def name_saved(sender, *, user, **kwargs) -> int:
    """The holder saved their name on certificates: issue what waited for it (returns how many)."""
    return issue_pending_certificates(user=user)


def certificate_saved(sender, *, instance, update_fields=None, **kwargs) -> None:
    """A certificate revoked or superseded (by `revoke`, a reissue, a retraining): its status list is signed
    again after the commit, so verifiers reading the Bitstring Status List see it."""
    if update_fields and {"revoked_at", "superseded_at"} & set(update_fields):
        status_changed([instance.pk])
