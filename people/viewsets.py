from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .admin_forms import UserCreationForm, UserEditForm


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user admin for a model whose login is the email and whose name is one field."""

    ordering = "email"
    create_template_name = "wagtailusers/users/people_create.html"
    edit_template_name = "wagtailusers/users/people_edit.html"

    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm
