from csp.constants import HEADER, SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Addresses that live outside the /ru/ and /en/ prefixes by contract: their 404s are answers, not
# invitations to retry under a language prefix.
UNPREFIXED = ("/api/", "/verify/", "/credentials/", "/.well-known/", "/admin/", "/documents/", "/sitemap.xml")

ADMIN_PREFIX = "/admin/"


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's LocaleMiddleware, minus the redirect of unprefixed 404s for the contract addresses."""

    def process_request(self, request):
        if request.path_info.startswith(UNPREFIXED):
            # No language in these paths (and the default language is prefixed too): the cookie, then
            # Accept-Language decide, as Django's own process_request concludes, without matching the path
            # against the languages twice (the verification API's hot path, ADR 0024).
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)

    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY as the Permissions-Policy header (`feature: []` → `feature=()`)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """`{"camera": [], "fullscreen": ["self"]}` → `camera=(), fullscreen=(self)`."""

    def allowlist(origins: list[str]) -> str:
        return " ".join(origin if origin in ("self", "*") else f'"{origin}"' for origin in origins)

    return ", ".join(f"{feature}=({allowlist(origins)})" for feature, origins in policy.items())


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with two per-response adjustments (docs/decisions/*-security-headers.md).

    - Under the Wagtail admin, `style-src` also allows inline styles: Wagtail's own scripts insert <style>
      elements and style attributes. Scripts stay 'self' only everywhere.
    - A response that allows same-origin framing (Wagtail's preview sets X-Frame-Options: SAMEORIGIN) gets
      `frame-ancestors 'self'` instead of `'none'`, so the two headers always say the same thing. This is
      done on the finished header: Wagtail renders a preview through the whole middleware stack, so the
      page inside already carries its policy when the preview view marks the response as frameable.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
            parts.replace = {"style-src": [*directives["style-src"], UNSAFE_INLINE], **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if response.headers.get("X-Frame-Options", "").upper() == "SAMEORIGIN" and HEADER in response:
            response[HEADER] = with_directive(response[HEADER], "frame-ancestors", SELF)
        return response


def with_directive(policy: str, name: str, value: str) -> str:
    """`policy` with directive `name` set to `value` (added if it was missing)."""
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    kept = [part for part in directives if part.split()[0].lower() != name]
    return "; ".join([*kept, f"{name} {value}"])
