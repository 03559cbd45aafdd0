"""Create the province certification authority (once): `manage.py ca_create [--name …]`.

The key is written encrypted with MOTCUA_CA_PASSPHRASE; set it before running in production."""

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from motcua.documents.actions import crl_publish
from motcua.documents.authority import DemoRefused, authority_create, ca_dir
from motcua.units.selectors import province_get


class Command(BaseCommand):
    help = "Create the province certification authority and publish its empty revocation list."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--name", default="", help="the authority's name (default: from the province)")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"].strip()
        if not name:
            province = province_get(settings.MOTCUA_PROVINCE_CODE)
            name = f"Tổ chức chứng thực chữ ký số {province.kind} {province.name}"
        try:
            authority = authority_create(name=name, now=timezone.now())
        except DemoRefused as exc:
            raise CommandError(str(exc.message)) from exc
        except FileExistsError as exc:
            raise CommandError(
                f"A certification authority already exists in {ca_dir()}; keeping it."
            ) from exc
        crl_publish()
        fingerprint = authority.certificate.fingerprint(authority.certificate.signature_hash_algorithm).hex()  # type: ignore[arg-type]
        self.stdout.write(f"{authority.name}\n{ca_dir()}\nSHA-256 {fingerprint}")
