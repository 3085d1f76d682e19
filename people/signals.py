"""Signals people sends; documented in `people/api.py`, where other apps import them from."""

from django.dispatch import Signal

# sender=User, user=<who saved their profile>; receivers may return a count of what they did.
name_saved = Signal()

# sender=Invitation, user=<who accepted>, organization=<the employer>: a staff invitation was accepted,
# i.e. the person agreed to share their training records with that employer.
staff_invitation_accepted = Signal()
