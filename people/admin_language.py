"""The Wagtail admin speaks the language the person chose, not the browser's.

Wagtail renders its views in the preferred language of the person's admin profile (`UserProfile`), and
without one in the language of the request, which for the unprefixed `/admin/` is the browser's
Accept-Language. Here, before any admin view and before the middleware after this one (two-factor
enrolment, the admin scope's refusals), the language of an `/admin/` request becomes the profile's
preferred language, or the project's default (`settings.LANGUAGE_CODE`, Russian) for a person who has not
chosen one: Wagtail then finds it active and keeps it. The preference is set at sign-up (people.adapters)
and for the demo accounts, and changed in the admin's account settings.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils import translation

ADMIN_PREFIX = "/admin/"


def admin_language(user) -> str:
    """The language of the admin for `user`: their admin profile's preference, else the project default."""
    preferred = ""
    if getattr(user, "is_authenticated", False):
        try:
            preferred = user.wagtail_userprofile.preferred_language
        except ObjectDoesNotExist:  # no admin profile yet
            preferred = ""
    if preferred in dict(settings.WAGTAILADMIN_PERMITTED_LANGUAGES):
        return preferred
    return settings.LANGUAGE_CODE


def set_admin_language(user, language: str, *, keep_choice: bool = False) -> None:
    """Set the admin's language for `user` (Wagtail's `UserProfile.preferred_language`); with `keep_choice`,
    only when they have not chosen one."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if keep_choice and profile.preferred_language:
        return
    if profile.preferred_language != language:
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])


class AdminLanguageMiddleware:
    """Activates `admin_language(request.user)` for `/admin/` requests; after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PREFIX):
            language = admin_language(request.user)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
