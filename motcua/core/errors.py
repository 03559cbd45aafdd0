"""Domain errors: raised by actions and selectors, mapped to one error shape by the API and the web."""

from django.utils.functional import Promise


class DomainError(Exception):
    """Base class. `message` is translatable text; `field` names the input at fault, if any."""

    status = 400
    code = "error"

    def __init__(self, message: str | Promise, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code is not None:
            self.code = code


class NotFound(DomainError):
    """The record does not exist or the user may not see it: both answer the same."""

    status = 404
    code = "not_found"


class InvalidInput(DomainError):
    """Input that is well-formed but not acceptable (an address that matches nothing, a bad period)."""

    status = 422
    code = "invalid"


class Conflict(DomainError):
    """The action is not allowed in the record's current state, or the record changed meanwhile."""

    status = 409
    code = "conflict"


class PermissionDenied(DomainError):
    """Used only where revealing existence is harmless; scoped reads answer NotFound instead."""

    status = 403
    code = "forbidden"
