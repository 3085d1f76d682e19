"""Who may see and edit question banks, questions and quizzes: the one policy of assessments.

Banks belong to organisations: a member sees, chooses, searches and edits only the banks of the
organisations they belong to, and the questions and quizzes built on them. Superusers see everything.
Read by the admin's viewsets and choosers (`wagtail_hooks.py`), the forms, the admin views and the
authorization matrix test. Models are reached through the querysets given, so this module imports none.
"""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from courses.api import ProviderPage
from people.api import Membership


def visible_assessment_pages(user):
    """Pages whose quizzes a person may manage: those in the spaces of their organisations."""
    mine = Membership.objects.filter(user=user).values("organization_id")
    paths = list(ProviderPage.objects.filter(organization_id__in=mine).values_list("path", flat=True))
    if not paths:
        return Page.objects.none()
    condition = Q()
    for space_path in paths:
        condition |= Q(path__startswith=space_path)
    return Page.objects.filter(condition)


SCOPES = {
    "assessments.questionbank": lambda qs, user: qs.visible_to(user),
    "assessments.question": lambda qs, user: qs.filter(
        bank__in=qs.model._meta.get_field("bank").related_model.objects.visible_to(user)
    ),
    "assessments.assessment": lambda qs, user: qs.filter(page__in=visible_assessment_pages(user)),
}


def scoped(model, queryset, user):
    """The part of `queryset` (of `model`) this person may see."""
    return queryset if user.is_superuser else SCOPES[model._meta.label_lower](queryset, user)


class ScopedPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions, limited to the instances `scoped` lets the person see."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return (
            user.is_superuser or scoped(self.model, self.model.objects.filter(pk=instance.pk), user).exists()
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        return scoped(self.model, self.model.objects.all(), user)
