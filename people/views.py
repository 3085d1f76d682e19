from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The person's own profile: the names printed on certificates and the preferred language."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        from courses.services import issue_pending_certificates

        if issue_pending_certificates(user=request.user):
            messages.success(
                request, _("Your certificate has been issued. You will find it on your dashboard.")
            )
        return redirect("people:profile")
    memberships = request.user.memberships.select_related("organization").order_by(
        "organization__name_ru", "role"
    )
    return render(request, "people/profile.html", {"form": form, "memberships": memberships})
