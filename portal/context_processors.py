"""Navigation for the layout: the signed-in user's roles, each linking to its dashboard."""

from django.http import HttpRequest

from units.selectors import role_list_for_user


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def roles() -> list:
        # Views that already resolved the roles leave them on the request.
        cached = getattr(request, "user_roles", None)
        return cached if cached is not None else role_list_for_user(user=user)

    return {"nav_roles": roles}
