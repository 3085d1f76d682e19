"""Forms for Wagtail's user admin, fitted to people.User (no first/last name, no username)."""

from wagtail.users.forms import UserCreationForm as WagtailUserCreationForm
from wagtail.users.forms import UserEditForm as WagtailUserEditForm

from .models import User

_FIELDS = ["email", "full_name", "latin_name", "preferred_language", "is_superuser", "groups"]


class UserCreationForm(WagtailUserCreationForm):
    first_name = None
    last_name = None

    class Meta(WagtailUserCreationForm.Meta):
        model = User
        fields = _FIELDS


class UserEditForm(WagtailUserEditForm):
    first_name = None
    last_name = None

    class Meta(WagtailUserEditForm.Meta):
        model = User
        fields = [*_FIELDS, "is_active"]
