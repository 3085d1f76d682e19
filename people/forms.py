from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from base.api import privacy_page_url

from .consent import CONSENT_TEXT
from .models import User, normalize_name, validate_full_name, validate_latin_name


class _NameFieldsMixin:
    def clean_full_name(self) -> str:
        return normalize_name(self.cleaned_data.get("full_name", ""))

    def clean_latin_name(self) -> str:
        return normalize_name(self.cleaned_data.get("latin_name", ""))


class SignupDetailsForm(_NameFieldsMixin, forms.Form):
    """Extra sign-up fields (allauth's ACCOUNT_SIGNUP_FORM_CLASS): the names printed on certificates."""

    template_name_p = "people/forms/p.html"  # the consent's box before its statement

    full_name = forms.CharField(
        label=_("Full name as on certificates"),
        max_length=150,
        validators=[validate_full_name],
        help_text=_("Exactly as it must print on certificates; Cyrillic is fine."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    latin_name = forms.CharField(
        label=_("Name in Latin letters (optional)"),
        max_length=150,
        required=False,
        validators=[validate_latin_name],
        help_text=_("Printed on the English side of certificates, e.g. as in your passport."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    personal_data_consent = forms.BooleanField(
        label=CONSENT_TEXT,
        required=True,
        error_messages={"required": _("To sign up, give your consent to the processing of personal data.")},
    )

    field_order = ["email", "full_name", "latin_name", "password1", "password2", "personal_data_consent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The statement links to the privacy notice it refers to (152-FZ: consent must be informed).
        if url := privacy_page_url():
            self.fields["personal_data_consent"].label = format_html(
                '{} <a href="{}">{}</a>', CONSENT_TEXT, url, _("Privacy notice")
            )

    def signup(self, request, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.latin_name = self.cleaned_data["latin_name"]
        user.save(update_fields=["full_name", "latin_name"])


class ProfileForm(_NameFieldsMixin, forms.ModelForm):
    """What a person may change about themselves: the names on certificates and the language."""

    class Meta:
        model = User
        fields = ["full_name", "latin_name", "preferred_language"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "latin_name": forms.TextInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
