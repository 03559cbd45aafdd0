"""Authentication for the API: `Authorization: Bearer <token>` issued by `manage.py issue_token`."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from motcua.accounts.models import User
from motcua.accounts.tokens import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class OptionalBearerToken(BearerToken):
    """Public endpoints: a token is read when given, but none is required."""

    def __call__(self, request: HttpRequest) -> User | bool | None:
        return super().__call__(request) or True
