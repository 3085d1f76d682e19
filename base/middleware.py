from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers

# Addresses that live outside the /ru/ and /en/ prefixes by contract: their 404s are answers, not
# invitations to retry under a language prefix.
UNPREFIXED = ("/api/", "/verify/", "/.well-known/", "/admin/", "/documents/", "/sitemap.xml")


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, minus the redirect of unprefixed 404s for the contract addresses."""

    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
