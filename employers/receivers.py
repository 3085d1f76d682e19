"""What employers do when people announce something (connected in `EmployersConfig.ready`)."""

from .services import link_employer


def staff_invitation_accepted(sender, *, user, organization, **kwargs) -> None:
    """Accepting an employer's staff invitation is consent to share one's training records with it."""
    link_employer(user=user, organization=organization)
