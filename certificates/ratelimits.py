"""Per-client-address limits on verification (django-ratelimit), answering 429 with Retry-After."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage


def too_many(request) -> bool:
    usage = get_usage(
        request, group="certificate-verification", key="ip", rate=settings.VERIFY_RATE_LIMIT, increment=True
    )
    request.ratelimit_usage = usage
    return bool(usage and usage["should_limit"])


def limited_response(request, *, json: bool = False):
    usage = getattr(request, "ratelimit_usage", None) or {}
    retry = max(1, int(usage.get("time_left", 60)))
    if json:
        response = JsonResponse({"status": "rate_limited", "retry_after": retry}, status=429)
    else:
        response = render(request, "429.html", status=429)
    response["Retry-After"] = str(retry)
    return response


def too_many_uploads(request) -> bool:
    """Checking an uploaded file costs more than a code lookup: its own, smaller budget per address."""
    usage = get_usage(
        request, group="certificate-upload", key="ip", rate=settings.VERIFY_UPLOAD_RATE_LIMIT, increment=True
    )
    request.ratelimit_usage = usage
    return bool(usage and usage["should_limit"])
