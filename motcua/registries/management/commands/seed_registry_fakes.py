"""Put every demo applicant into the fake population database, so that typing a demo applicant's ID
number at the counter finds them: their name and address as the dossiers have them, their sex and
year of birth from the ID number itself (its 4th digit and the next two)."""

import json
from typing import Any

import httpx
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier
from motcua.registries.fakes.population import PEOPLE

# The 4th digit of a personal ID number: sex and century of birth (Circular 59/2021/TT-BCA).
_CENTURY_SEX = {"0": ("1", 1900), "1": ("2", 1900), "2": ("1", 2000), "3": ("2", 2000)}


def person_from_id(national_id: str, name: str, address: str) -> dict[str, Any] | None:
    code = _CENTURY_SEX.get(national_id[3:4])
    if code is None or len(national_id) != 12 or not national_id.isdigit():
        return None
    sex, century = code
    place = {"ward": "", "text": address, "province": "68"}
    return {
        "name": name,
        "sex": sex,
        "born": str(century + int(national_id[4:6])),
        "permanent": place,
        "current": place,
        "household_head": name,
        "relation": "Chủ hộ",
    }


def demo_people(limit: int) -> dict[str, dict[str, Any]]:
    rows = Dossier.objects.order_by("applicant_national_id", "-received_at").values_list(
        "applicant_national_id", "applicant_name", "applicant_address"
    )
    people: dict[str, dict[str, Any]] = {}
    for national_id, name, address in rows.iterator():
        if national_id in people or national_id in PEOPLE:
            continue
        person = person_from_id(national_id, name, address)
        if person is not None:
            people[national_id] = person
            if len(people) >= limit:
                break
    return people


class Command(BaseCommand):
    help = "Put the demo applicants into the fake population database (running, or its data file)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=20000)

    def handle(self, *args: Any, **options: Any) -> None:
        people = demo_people(options["limit"])
        url = str(settings.MOTCUA_ENDPOINTS["population_db"]["base_url"])
        try:
            httpx.post(f"{url}/_seed", json={"people": people}, timeout=30).raise_for_status()
            where = url
        except httpx.HTTPError:
            # Not running: its data file, read when it starts.
            path = settings.VAR_DIR / "fakes" / "population_db.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            store = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
            store.setdefault("people", dict(PEOPLE)).update(people)
            store.setdefault("log", [])
            path.write_text(json.dumps(store, ensure_ascii=False), encoding="utf-8")
            where = str(path)
        self.stdout.write(
            _("%(count)d demo applicants in the population database (%(where)s).")
            % {"count": len(people), "where": where}
        )
