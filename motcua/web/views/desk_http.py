"""What every desk view shares: only officials reach the desk, and whatever a user may not see
answers "not found" (404), never "forbidden"."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from motcua.accounts.access import is_official
from motcua.accounts.models import User
from motcua.core.errors import NotFound

View = TypeVar("View", bound=Callable[..., HttpResponse])


def not_found_page(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "web/not_found.html", {"message": message}, status=404)


def officials_only(view: View) -> View:
    """Logged-in officials only; a citizen account finds no desk here. A `NotFound` raised by a
    selector or an action becomes the 404 page with its message."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_official(request.user):
            return not_found_page(request, _("The officials' desk is for officials of a unit."))
        try:
            return view(request, *args, **kwargs)
        except NotFound as missing:
            return not_found_page(request, str(missing.message))

    return cast(View, wrapped)


def actor(request: HttpRequest) -> User:
    """The official making the request (`officials_only` has checked there is one)."""
    return cast(User, request.user)


def safe_next(request: HttpRequest, default: str) -> str:
    """Where to go after a post: a page of this site named by `next`, else `default`."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default
