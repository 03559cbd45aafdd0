"""Officials' login, logout and the landing page after login."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.accounts.selectors import memberships_of


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    memberships = memberships_of(request.user)  # type: ignore[arg-type]
    return render(request, "web/desk.html", {"memberships": memberships})
