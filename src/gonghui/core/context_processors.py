from . import registry, scope


def navigation(request):
    """The main navigation every area contributes (``AreaConfig.nav``), as far as the user may use it."""
    user = getattr(request, "user", None)
    is_official = bool(user and user.is_authenticated and (user.is_superuser or scope.scope_paths(user)))
    return {
        "is_official": is_official,
        "can_manage_users": bool(is_official and scope.can(user, "manage_users", None)),
        "nav": registry.navigation(user) if is_official else [],
    }
