"""Where a person lands after signing in, by what they do here (an explicit safe `next` always wins; allauth
honours it before asking the adapter).

The platform's administrators land in the Wagtail admin. Every other landing is offered by the app that owns
the place, through `LOGIN_LANDING_HOOK` ("people_login_landing"): `fn(request=, user=)` returns
`(rank, url)` or None, and the highest rank wins (`Landing`: a reviewer's review queue before an editor's
space, before an employer's training matrix, before a trainee's dashboard). With no offer the person lands
on `settings.LOGIN_REDIRECT_URL` (the profile).
"""

from __future__ import annotations

from enum import IntEnum

from django.urls import reverse
from wagtail import hooks

LOGIN_LANDING_HOOK = "people_login_landing"


class Landing(IntEnum):
    TRAINEE = 10  # learning: the dashboard, with the course to continue at the top
    ORGANIZATION = 20  # employers: the training matrix of the organisation one is HR or administrator of
    EDITOR = 30  # courses: the editor's publisher space in the Wagtail admin
    REVIEWER = 40  # courses: the admin dashboard, whose first panel is the pages awaiting one's review
    PLATFORM = 100  # the platform's administrators: the Wagtail admin


def landing_url(request, user) -> str | None:
    """The page this person starts from after signing in, or None for the default."""
    if user.is_superuser or user.is_staff:
        return reverse("wagtailadmin_home")
    offers = []
    for offer in hooks.get_hooks(LOGIN_LANDING_HOOK):
        found = offer(request=request, user=user)
        if found:
            offers.append(found)
    return max(offers, key=lambda found: found[0])[1] if offers else None
