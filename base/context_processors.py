from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from .blocks import resolve_route
from .navigation import localized_home, menu_pages
from .pagecache import cached_for_generation, fragment_scope


def site_chrome(request):
    """Values the header and footer need; each is computed only if a template uses it."""

    # The home page and menu change only when pages are published: computed once per publish generation
    # (base.pagecache) for each host and language.
    @cache
    def scope():
        return (request.get_host(), translation.get_language())

    @cache
    def home():
        return cached_for_generation(("home", *scope()), lambda: localized_home(request))

    return {
        "site_name": settings.SITE_NAME,
        "site_home": SimpleLazyObject(home),
        "site_menu": SimpleLazyObject(
            lambda: cached_for_generation(("menu", *scope()), lambda: menu_pages(home()))
        ),
        # The footer's privacy notice (in this language) and contact address, from the site settings.
        "site_footer": SimpleLazyObject(
            lambda: cached_for_generation(("footer", *scope()), lambda: site_footer(request))
        ),
        # `{% cache page_fragments.timeout name page.pk page_fragments.generation %}`: page markup kept
        # until the next publish, for signed-in people too (never a preview's).
        "page_fragments": SimpleLazyObject(lambda: fragment_scope(request)),
        "site_routes": SimpleLazyObject(
            lambda: {key: resolve_route(key) for key in ("catalog", "verify", "dashboard")}
        ),
    }


def site_footer(request) -> dict:
    from .models import SiteSettings

    site_settings = SiteSettings.load(request_or_site=request)
    privacy = site_settings.privacy_page
    return {
        "privacy": privacy.localized if privacy else None,
        "contact_email": site_settings.contact_email,
    }
