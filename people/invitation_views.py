"""Inviting people by email (administrators; HR for staff) and accepting an invitation."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from .invitations import InvitationProblem, accept_invitation, create_invitation, find_invitation, roles_for
from .models import Invitation, Organization
from .permissions import can_invite, organization_for, roles_in


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"))
    role = forms.ChoiceField(label=gettext_lazy("Role"))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles


def _inviter(request, slug) -> tuple[Organization, set[str]]:
    organization = organization_for(request, slug, can_invite)
    return organization, roles_in(request.user, organization)


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, slug: str):
    organization, mine = _inviter(request, slug)
    roles = roles_for(organization, mine)
    form = InviteForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = create_invitation(
                organization=organization,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except InvitationProblem as problem:
            form.add_error("email", str(problem))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("people:invite", slug=slug)
    allowed = [role for role, _label in roles]
    pending = Invitation.objects.filter(
        organization=organization,
        role__in=allowed,
        accepted_at__isnull=True,
        cancelled_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    return render(
        request, "people/invite.html", {"organization": organization, "form": form, "pending": pending}
    )


@login_required
@require_POST
def cancel(request, slug: str, invitation_id: int):
    organization, mine = _inviter(request, slug)
    allowed = [role for role, _label in roles_for(organization, mine)]
    invitation = get_object_or_404(Invitation, pk=invitation_id, organization=organization, role__in=allowed)
    if invitation.accepted_at is None and invitation.cancelled_at is None:
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect("people:invite", slug=slug)


@require_http_methods(["GET", "POST"])
def accept(request, token: str):
    """Anyone with the link sees what they are invited to; signing in (or up) lets them accept it."""
    try:
        invitation = find_invitation(token)
    except InvitationProblem as problem:
        return render(request, "people/invitation.html", {"problem": str(problem)}, status=410)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            invitation = accept_invitation(token=token, user=request.user)
        except InvitationProblem as problem:
            return render(
                request,
                "people/invitation.html",
                {"invitation": invitation, "problem": str(problem)},
                status=403,
            )
        if invitation.role == Invitation.STAFF:
            messages.success(
                request,
                _("%(name)s now sees your certificates and course progress. You can withdraw at any time.")
                % {"name": invitation.organization.name},
            )
            return redirect("employers:employers")
        messages.success(
            request, _("You are now a member of %(name)s.") % {"name": invitation.organization.name}
        )
        return redirect("people:profile")
    if not request.user.is_authenticated:
        from .adapters import PENDING_INVITATION

        request.session[PENDING_INVITATION] = request.path  # back here after signing up and verifying
    return render(
        request,
        "people/invitation.html",
        {"invitation": invitation, "role": dict(Invitation.ROLES)[invitation.role], "path": request.path},
    )
