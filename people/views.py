from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .consent import latest_consent
from .forms import ProfileForm
from .mfa import NEXT_SESSION_KEY, has_totp, requires_mfa, safe_next
from .navigation import organization_menu
from .signals import name_saved


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The person's own profile: the names printed on certificates and the preferred language."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        # Higher apps answer with what they did: certificates with how many waited for this name.
        replies = name_saved.send(sender=type(request.user), user=request.user)
        if any(reply for _receiver, reply in replies):
            messages.success(
                request, _("Your certificate has been issued. You will find it on your dashboard.")
            )
        return redirect("people:profile")
    return render(
        request,
        "people/profile.html",
        {
            "form": form,
            "organizations": organization_menu(request.user),
            "consent": latest_consent(request.user),
        },
    )


@login_required
@require_GET
def mfa_required(request):
    """The enrolment page: why two-factor is needed, which app to use, then allauth's activation.

    It remembers `next` until the person has an authenticator app; once they have one (after activation
    and the recovery codes), it sends them on to where they were going.
    """
    next_url = safe_next(request, request.GET.get("next"))
    if has_totp(request.user):
        remembered = safe_next(request, request.session.pop(NEXT_SESSION_KEY, None))
        return redirect(next_url or remembered or reverse("mfa_index"))
    if next_url:
        request.session[NEXT_SESSION_KEY] = next_url
    return render(
        request,
        "people/mfa_required.html",
        {"required": requires_mfa(request.user), "next_url": next_url},
    )
