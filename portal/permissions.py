"""The portal's access policy: which roles may open which page; missing and forbidden are 404."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest

from units.models import Role
from units.selectors import role_list_for_user


class RoleRequiredMixin(LoginRequiredMixin):
    """A view states once which roles may use it; everyone else gets 404 (deny by default)."""

    allowed_roles: frozenset[Role] = frozenset()

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        request.user_roles = role_list_for_user(user=request.user)
        if not self.has_role(request, *args, **kwargs):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def has_role(self, request: HttpRequest, *args, **kwargs) -> bool:
        return bool(self.allowed_roles.intersection(request.user_roles))
