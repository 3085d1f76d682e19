"""Organisation pages for its administrators: members, API tokens, the audit trail (rules: permissions.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from audit.api import csv_response, entries_of_organization, filtered, listing_context

from .models import ApiToken, Membership, Organization
from .permissions import can_manage_members, can_manage_tokens, can_view_audit, organization_for, roles_in
from .tokens import create_token, revoke_token


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Token name"), max_length=100)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request, slug: str):
    organization = organization_for(request, slug, can_manage_tokens)
    form = TokenForm(request.POST or None)
    plaintext = None
    if request.method == "POST" and form.is_valid():
        _token, plaintext = create_token(
            organization=organization, name=form.cleaned_data["name"], by=request.user
        )
        form = TokenForm()
    return render(
        request,
        "people/tokens.html",
        {
            "organization": organization,
            "form": form,
            "plaintext": plaintext,
            "tokens": ApiToken.objects.filter(organization=organization),
        },
    )


@login_required
@require_POST
def revoke(request, slug: str, token_id: int):
    organization = organization_for(request, slug, can_manage_tokens)
    token = get_object_or_404(ApiToken, pk=token_id, organization=organization)
    revoke_token(token=token, by=request.user)
    messages.success(request, _("The token %(name)s no longer works.") % {"name": token.name})
    return redirect("people:tokens", slug=slug)


@login_required
@require_http_methods(["GET"])
def members(request, slug: str):
    organization = organization_for(request, slug, can_manage_members)
    rows = (
        Membership.objects.filter(organization=organization)
        .select_related("user")
        .order_by("user__full_name", "role")
    )
    return render(request, "people/members.html", {"organization": organization, "memberships": rows})


@login_required
@require_POST
def end_membership_view(request, slug: str, membership_id: int):
    """Leave (one's own membership) or remove (administrators, anyone's)."""
    from .services import LastAdministrator, end_membership

    organization = get_object_or_404(Organization, slug=slug)
    membership = get_object_or_404(Membership, pk=membership_id, organization=organization)
    own = membership.user_id == request.user.pk
    is_admin = can_manage_members(roles_in(request.user, organization), organization)
    if not own and not is_admin:
        raise PermissionDenied
    try:
        end_membership(membership=membership)
    except LastAdministrator:
        messages.error(request, _("An organisation needs at least one administrator. Appoint another first."))
    else:
        messages.success(request, _("The membership has ended."))
    if is_admin and not own:
        return redirect("people:members", slug=slug)
    return redirect("people:profile")


@login_required
@require_http_methods(["GET"])
def audit(request, slug: str):
    """The organisation's own part of the audit trail, for its administrators; CSV with ?format=csv."""
    organization = organization_for(request, slug, can_view_audit)
    entries = entries_of_organization(organization.pk)
    if request.GET.get("format") == "csv":
        return csv_response(filtered(entries, request.GET)[0], filename=f"audit-{organization.slug}.csv")
    return render(
        request, "people/audit.html", {"organization": organization, **listing_context(request, entries)}
    )
