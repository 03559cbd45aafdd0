"""Sending SMS through a pluggable gateway: `settings.MOTCUA_SMS_SENDER` names the class."""

import logging
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("motcua.sms")


@runtime_checkable
class SmsSender(Protocol):
    """A gateway. `send` returns once the gateway has taken the message and raises if it has not."""

    def send(self, to: str, text: str) -> None: ...


class LogSender:
    """The demo gateway: writes each message to the log instead of sending it."""

    def send(self, to: str, text: str) -> None:
        logger.info("SMS to %s: %s", to, text)


def sms_sender() -> SmsSender:
    """A new instance of the configured sender (read at each call, so settings changes apply)."""
    sender_class = import_string(settings.MOTCUA_SMS_SENDER)
    sender: SmsSender = sender_class()
    return sender
