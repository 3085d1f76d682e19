"""Admin forms that keep each publisher inside its own banks."""

from __future__ import annotations

from django.apps import apps
from wagtail.admin.forms import WagtailAdminModelForm

from .permissions import visible_assessment_pages


class QuestionBankForm(WagtailAdminModelForm):
    """A member may only create banks for (and move banks between) the publishers they belong to."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("organization")
        if field is None or for_user is None or for_user.is_superuser:
            return
        from people.api import Organization

        field.queryset = Organization.objects.publishers_of(for_user)
        field.required = True
        field.empty_label = None


class ScopedBankForm(WagtailAdminModelForm):
    """The bank of a question can only be one the editor may see (whatever is posted)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        field = self.fields.get("bank")
        if field is not None and for_user is not None:
            field.queryset = field.queryset.model.objects.visible_to(for_user)


class AssessmentForm(WagtailAdminModelForm):
    """A quiz belongs to a page of the editor's own spaces and draws only from banks they may see."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.for_user = for_user

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        if user is None or user.is_superuser:
            return cleaned
        from django.utils.translation import gettext as _

        page = cleaned.get("page")
        if page is not None and not visible_assessment_pages(user).filter(pk=page.pk).exists():
            self.add_error("page", _("Choose a page of your own organisation's courses."))
        return cleaned

    def is_valid(self) -> bool:
        # The draw rules are validated after this form's clean(), so their banks are checked here.
        valid = super().is_valid()
        if not valid or "draw_rules" not in self.formsets:
            return valid
        valid = self._options_do_not_give_the_key_away()
        user = self.for_user
        if not valid or user is None or user.is_superuser:
            return valid
        from django.utils.translation import gettext as _

        bank_model = self.formsets["draw_rules"].model._meta.get_field("bank").related_model
        visible = set(bank_model.objects.visible_to(user).values_list("pk", flat=True))
        for form in self.formsets["draw_rules"].forms:
            bank = getattr(form, "cleaned_data", {}).get("bank")
            if bank is not None and bank.pk not in visible:
                form.add_error("bank", _("Choose one of your organisation's question banks."))
                valid = False
        return valid

    def _options_do_not_give_the_key_away(self) -> bool:
        """Unshuffled options are refused when most right answers are written first (the usual habit).

        A trainee would learn to pick the first option and pass without knowing anything.
        """
        if self.cleaned_data.get("shuffle_options", True):
            return True
        from django.utils.translation import gettext as _

        from .kinds import registry

        # models.py imports this module (base_form_class), so the model is looked up, not imported.
        QuestionVersion = apps.get_model("assessments", "QuestionVersion")  # noqa: N806
        banks = [
            form.cleaned_data["bank"]
            for form in self.formsets["draw_rules"].forms
            if getattr(form, "cleaned_data", {}).get("bank") and not form.cleaned_data.get("DELETE")
        ]
        versions = QuestionVersion.objects.filter(
            current_of__bank__in=banks,
            current_of__retired_at__isnull=True,
            kind__in=registry.names(lambda kind: kind.follows_shuffle_setting),
        ).values_list("data", flat=True)
        counted = [data for data in versions if data.get("choices")]
        first = sum(1 for data in counted if float(data["choices"][0]["weight"]) > 0)
        if len(counted) >= 2 and first * 2 > len(counted):
            self.add_error(
                "shuffle_options",
                _(
                    "In %(first)s of %(count)s choice questions of these banks the right answer is the first "
                    "option: without shuffling, a trainee could pass by always choosing the first one. "
                    "Shuffle the options, or vary their order in the questions."
                )
                % {"first": first, "count": len(counted)},
            )
            return False
        return True
