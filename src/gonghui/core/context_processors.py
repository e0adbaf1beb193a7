from . import scope


def navigation(request):
    user = getattr(request, "user", None)
    is_official = bool(user and user.is_authenticated and (user.is_superuser or scope.scope_paths(user)))
    return {
        "is_official": is_official,
        "can_manage_users": bool(is_official and scope.can(user, "manage_users", None)),
    }
