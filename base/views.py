from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET


@require_GET
def root_redirect(request):
    """`/` leads to the site in Russian, or in the language a signed-in person chose."""
    language = settings.LANGUAGE_CODE
    if request.user.is_authenticated and request.user.preferred_language in dict(settings.LANGUAGES):
        language = request.user.preferred_language
    return HttpResponseRedirect(f"/{language}/")


@require_GET
def admin_login_redirect(request):
    """The admin signs in through the site's own login (rate limits and two-factor included)."""
    target = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/admin/"
    with translation.override(translation.get_language_from_request(request) or settings.LANGUAGE_CODE):
        login = reverse("account_login")
    return HttpResponseRedirect(f"{login}?next={target}")
