from atis.web.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"menu": menu_for(user, request.path), "membership": user.membership}
