"""Import a government CA certificate for an official or an agency's seal, saying where its key
is held: `manage.py import_certificate --actor tinh.quantri --holder krongno.lanhdao --unit 24688
--title "Chủ tịch UBND xã" --cert leader.crt --chain chain.pem (--token-key LABEL | --csc-credential ID)
[--seal]`. The certificate must lead to a configured trust anchor."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.documents.imports import certificate_import
from motcua.documents.models import CertificateKind, CertificateSource
from motcua.units.models import Unit


class Command(BaseCommand):
    help = "Import a certificate of the government CA held on a token or by a remote signing service."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--actor", required=True, help="the administrator doing it (username)")
        parser.add_argument("--holder", required=True, help="the official (username)")
        parser.add_argument("--unit", required=True, help="the unit's code")
        parser.add_argument("--title", required=True)
        parser.add_argument("--cert", required=True, help="the certificate (PEM or DER file)")
        parser.add_argument("--chain", default="", help="the issuer chain (PEM file)")
        parser.add_argument("--seal", action="store_true", help="the agency's seal, not a personal signature")
        held = parser.add_mutually_exclusive_group(required=True)
        held.add_argument("--token-key", default="", help="the key's label on the PKCS#11 token")
        held.add_argument("--csc-credential", default="", help="the credential ID at the remote service")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor = User.objects.get(username=options["actor"])
            holder = User.objects.get(username=options["holder"])
            unit = Unit.objects.get(code=options["unit"])
        except (User.DoesNotExist, Unit.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        try:
            certificate = certificate_import(
                actor=actor,
                holder=holder,
                unit=unit,
                kind=CertificateKind.SEAL if options["seal"] else CertificateKind.PERSONAL,
                title=options["title"],
                certificate_pem=Path(options["cert"]).read_text(),
                chain_pem=Path(options["chain"]).read_text() if options["chain"] else "",
                source=CertificateSource.TOKEN if options["token_key"] else CertificateSource.REMOTE,
                token_key_label=options["token_key"],
                csc_credential_id=options["csc_credential"],
            )
        except (DomainError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{certificate.subject_name} · {certificate.serial} · {certificate.issuer_name}")
