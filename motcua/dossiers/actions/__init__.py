"""Writes for dossiers. Each action is one transaction: it checks the actor's role and the state,
changes the dossier with a conditional update, and appends the event that records it."""

from motcua.dossiers.actions.closing import dossier_rate, dossier_return
from motcua.dossiers.actions.intake import Applicant, dossier_submit
from motcua.dossiers.actions.processing import (
    dossier_appraise,
    dossier_assign,
    dossier_decide,
    dossier_extend,
    dossier_propose,
    dossier_send_back,
    dossier_transfer,
    handler_least_loaded,
)
from motcua.dossiers.actions.reception import (
    dossier_accept,
    dossier_refuse,
    dossier_stop,
    dossier_withdraw,
    supplement_provide,
    supplement_request,
    supplements_close_expired,
)
from motcua.dossiers.policy import settles

__all__ = [
    "Applicant",
    "dossier_accept",
    "dossier_appraise",
    "dossier_assign",
    "dossier_decide",
    "dossier_extend",
    "dossier_propose",
    "dossier_rate",
    "dossier_refuse",
    "dossier_return",
    "dossier_send_back",
    "dossier_stop",
    "dossier_submit",
    "dossier_transfer",
    "dossier_withdraw",
    "handler_least_loaded",
    "settles",
    "supplement_provide",
    "supplement_request",
    "supplements_close_expired",
]
