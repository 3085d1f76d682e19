from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm
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
    memberships = request.user.memberships.select_related("organization").order_by(
        "organization__name_ru", "role"
    )
    return render(request, "people/profile.html", {"form": form, "memberships": memberships})
