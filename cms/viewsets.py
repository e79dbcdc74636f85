from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from cms.forms import AdminUserCreationForm, AdminUserEditForm


class UserViewSet(WagtailUserViewSet):
    """People in the Wagtail admin; site-wide roles are on the "Roles" tab (groups)."""

    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm
