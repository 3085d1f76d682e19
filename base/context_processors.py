from functools import cache

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .blocks import resolve_route
from .navigation import localized_home, menu_pages


def site_chrome(request):
    """Values the header and footer need; each is computed only if a template uses it."""

    @cache
    def home():
        return localized_home(request)

    return {
        "site_name": settings.SITE_NAME,
        "site_home": SimpleLazyObject(home),
        "site_menu": SimpleLazyObject(lambda: menu_pages(home())),
        "site_routes": SimpleLazyObject(
            lambda: {key: resolve_route(key) for key in ("catalog", "verify", "dashboard")}
        ),
    }
