import hashlib
import io
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Max, Q
from django.utils import translation

from motcua.core.calendar import VIETNAM_TZ
from motcua.dossiers.actions import Applicant, dossier_submit
from motcua.dossiers.events import altered_dossiers
from motcua.dossiers.generator import GenerateReport, _allocate, dossiers_generate, dossiers_generated
from motcua.dossiers.models import DailySequence, Dossier, Event, Extension, Rating, Supplement
from motcua.dossiers.states import Channel, Status
from motcua.units.models import Province, Unit
from motcua.units.selectors import calendar_for_province

pytestmark = pytest.mark.django_db

UNTIL = date(2026, 11, 20)
SEED = 7
COUNT = 500


def _generate(count: int = COUNT, seed: int = SEED, *, batch: int = 200, jobs: int = 1) -> GenerateReport:
    province = Province.objects.get(code=68)
    return dossiers_generate(
        provinces=[province], until=UNTIL, dossiers=count, seed=seed, batch=batch, jobs=jobs
    )


def _fingerprint() -> str:
    rows = Event.objects.order_by("dossier__code", "seq").values_list(
        "dossier__code", "dossier__status", "seq", "kind", "hash"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def _forget_generated() -> None:
    for model in (Rating, Extension, Supplement, Event, Dossier, DailySequence):
        model.objects.all().delete()


def test_the_seed_fixes_what_is_generated() -> None:
    report = _generate()
    assert report.dossiers == Dossier.objects.count() == COUNT
    # Update these figures only for a deliberate change of the model of generation.
    expected = {
        Status.RETURNED: 483,
        Status.NOT_ACCEPTED: 8,
        Status.WITHDRAWN: 4,
        Status.STOPPED: 2,
        Status.PROCESSING: 3,
    }
    by_status = dict(Dossier.objects.values_list("status").annotate(n=Count("pk")))
    assert by_status == expected
    assert report.by_status == Counter(expected)
    assert (report.events, report.supplements, report.extensions, report.ratings) == (3286, 19, 5, 289)
    assert report.events == Event.objects.count()
    assert report.supplements == Supplement.objects.count()
    assert report.extensions == Extension.objects.count()
    assert report.ratings == Rating.objects.count()

    first = _fingerprint()
    _forget_generated()
    again = _generate(batch=37, jobs=2)  # other transactions, rows built in two worker processes
    assert again.by_status == report.by_status
    assert _fingerprint() == first
    # Another seed, another history.
    _forget_generated()
    _generate(seed=SEED + 1)
    assert _fingerprint() != first


def test_codes_are_gap_free_per_agency_and_day_and_the_sequences_match() -> None:
    _generate()
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    for code in Dossier.objects.values_list("code", flat=True):
        agency, day, number = code.rsplit("-", 2)
        numbers[agency, day].append(int(number))
    for key, found in numbers.items():
        assert sorted(found) == list(range(1, len(found) + 1)), key
    sequences = {(s.agency_code, f"{s.day:%y%m%d}"): s.last for s in DailySequence.objects.all()}
    assert sequences == {key: max(found) for key, found in numbers.items()}
    # Numbers follow the order of arrival within the day.
    for agency_day, in_order in _codes_by_arrival().items():
        assert in_order == sorted(in_order), agency_day


def _codes_by_arrival() -> dict[str, list[int]]:
    by_day: dict[str, list[int]] = defaultdict(list)
    for code in Dossier.objects.order_by("received_at", "pk").values_list("code", flat=True):
        agency_day, number = code.rsplit("-", 1)
        by_day[agency_day].append(int(number))
    return by_day


def test_every_history_verifies_and_matches_its_dossier() -> None:
    _generate()
    assert list(altered_dossiers()) == []
    out = io.StringIO()
    call_command("verify_events", stdout=out)
    events = dict(Dossier.objects.annotate(n=Count("events")).values_list("pk", "n"))
    assert all(version == events[pk] for pk, version in Dossier.objects.values_list("pk", "version"))
    kinds = Counter(Event.objects.values_list("kind", flat=True))
    assert kinds["submitted"] == COUNT
    assert kinds["supplement_requested"] == Supplement.objects.count() > 0
    assert kinds["supplement_provided"] == Supplement.objects.exclude(provided_at=None).count()
    assert kinds["extended"] == Extension.objects.count() > 0
    assert kinds["rated"] == Rating.objects.count() > 0
    assert kinds["refused"] > 0
    assert kinds["withdrawn"] == Dossier.objects.filter(status=Status.WITHDRAWN).count() > 0
    until = datetime.combine(UNTIL, datetime.min.time(), VIETNAM_TZ)
    assert Event.objects.aggregate(last=Max("at"))["last"] < until
    for dossier in Dossier.objects.filter(status=Status.RETURNED)[:50]:
        last = dossier.events.filter(kind="returned").get()
        assert dossier.finished_at == last.at
        assert dossier.returned_via == last.data["via"]
        assert dossier.resolved_at is not None and dossier.handler_id is not None
    open_supplements = Supplement.objects.filter(provided_at=None, closed_at=None)
    assert set(open_supplements.values_list("dossier__status", flat=True)) <= {Status.SUPPLEMENT_REQUESTED}


def test_due_times_come_from_the_calendar() -> None:
    _generate()
    calendar = calendar_for_province(Province.objects.get(code=68))
    accepted = Dossier.objects.exclude(accepted_at=None).order_by("pk")
    assert accepted.count() > 400
    for dossier in accepted:
        assert dossier.clock_started_at is not None and dossier.legal_amount is not None
        due = calendar.due(dossier.clock_started_at, dossier.legal_amount, dossier.legal_unit).due
        assert dossier.original_due_at == due, dossier.code
        if dossier.restarts == 0:
            assert dossier.clock_started_at == dossier.accepted_at
    for extension in Extension.objects.select_related("dossier"):
        assert extension.previous_due_at == extension.dossier.original_due_at
        assert extension.dossier.due_at == extension.new_due_at > extension.previous_due_at
    for dossier in Dossier.objects.filter(channel=Channel.ONLINE, accepted_at__isnull=False)[:100]:
        arrived = dossier.received_at
        provided = dossier.events.filter(kind="supplement_provided", at__lt=dossier.accepted_at).first()
        if provided is not None:
            arrived = provided.at
        assert dossier.decision_due_at == calendar.due_after_working_hours(arrived, 8).due


def test_a_realistic_mix() -> None:
    report = _generate()
    assert 0.6 <= report.online_share <= 0.9
    online = Dossier.objects.filter(channel=Channel.ONLINE)
    assert online.count() == report.by_channel[Channel.ONLINE]
    assert not online.exclude(receiving_unit=F("competent_unit")).exists()
    departments = Dossier.objects.filter(competent_unit__kind=Unit.Kind.DEPARTMENT)
    assert 0 < departments.count() < 0.1 * COUNT
    procedures = Counter(Dossier.objects.values_list("procedure__field__code", flat=True))
    assert procedures["chung_thuc"] + procedures["ho_tich"] > 0.6 * COUNT
    people = Dossier.objects.values_list("applicant_national_id", "applicant_phone")
    assert all(
        len(i) == 12 and i.startswith("068") and p.startswith("09") and len(p) == 10 for i, p in people
    )
    calendar = calendar_for_province(Province.objects.get(code=68))
    for received in Dossier.objects.values_list("received_at", flat=True):
        local = received.astimezone(VIETNAM_TZ)
        assert calendar.is_working_day(local.date())
        assert time(7, 30) <= local.time() < time(11, 30) or time(13, 30) <= local.time() < time(17, 30)


def test_intake_after_generation_continues_the_days_numbering() -> None:
    _generate()
    dossier = (
        Dossier.objects.filter(receiving_unit__kind__in=Unit.COMMUNE_LEVEL)
        .select_related("receiving_unit")
        .latest("received_at")
    )
    day = dossier.received_at.astimezone(VIETNAM_TZ).date()
    agency = dossier.receiving_unit.agency_code
    last = DailySequence.objects.get(agency_code=agency, day=day).last
    created = dossier_submit(
        actor=None,
        procedure_code="1.001193",
        competent_unit_code=dossier.receiving_unit.code,
        applicant=Applicant(name="Trần Văn Bình", national_id="068090001111", phone="0912000111"),
        channel=Channel.ONLINE,
        now=dossier.received_at + timedelta(minutes=1),
    )
    assert created.code == f"{agency}-{day:%y%m%d}-{last + 1:04d}"


def test_a_second_run_continues_the_numbering_of_the_first() -> None:
    _generate(count=300)
    _generate(count=300, seed=SEED + 1)
    assert Dossier.objects.count() == 600
    for agency_day, numbers in _codes_by_arrival().items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), agency_day
    assert list(altered_dossiers()) == []


def test_the_command_shows_progress_and_how_to_reproduce() -> None:
    out = io.StringIO()
    options = ["--province", "68", "--dossiers", "120", "--until", "2026-11-20", "--batch", "50"]
    with translation.override("vi"):  # as an operator runs it; an earlier test may leave English active
        call_command("generate_dossiers", *options, stdout=out)
    text = out.getvalue()
    assert "lô 1: 50/120 hồ sơ" in text and "lô 3: 120/120 hồ sơ" in text and "còn" in text
    assert "Tạo lại đúng dữ liệu này: --seed 20250701 --until 2026-11-20" in text
    assert Dossier.objects.count() == 120


def test_volume_follows_population_when_not_given() -> None:
    province = Province.objects.get(code=68)
    communes = Unit.objects.filter(province=province, kind__in=Unit.COMMUNE_LEVEL)
    Unit.objects.filter(pk__in=communes.values("pk")).update(population=None)
    big = communes.order_by("code").first()
    assert big is not None
    Unit.objects.filter(pk=big.pk).update(population=2_000_000)
    report = dossiers_generate(provinces=[province], until=UNTIL, years=0.02, seed=SEED)
    # 35 a year per 1,000 inhabitants: 2,000,000 people make 70,000 a year, 1,400 in 0.02 years.
    small = sum(
        {"xa": 25_000, "phuong": 35_000, "dac_khu": 10_000}[u.kind] for u in communes.exclude(pk=big.pk)
    )
    assert report.dossiers == round((2_000_000 + small) * 35 / 1000 * 0.02)
    share = 2_000_000 / (2_000_000 + small)
    assert (
        Dossier.objects.filter(Q(competent_unit=big) | Q(receiving_unit=big)).count()
        > 0.9 * share * report.dossiers
    )


def test_apps_keeping_aggregates_hear_what_was_generated() -> None:
    heard: list[dict[str, object]] = []

    def receiver(sender: object, **kwargs: object) -> None:
        heard.append(kwargs)

    dossiers_generated.connect(receiver)
    try:
        report = _generate(count=30)
    finally:
        dossiers_generated.disconnect(receiver)
    assert heard == [
        {
            "signal": dossiers_generated,
            "provinces": [68],
            "first": date(2025, 11, 20),
            "until": UNTIL,
            "report": report,
        }
    ]


def test_allocate_splits_exactly() -> None:
    assert _allocate(10, [1, 1, 1]) == [4, 3, 3]
    assert _allocate(0, [1, 2]) == [0, 0]
    assert sum(_allocate(1_000_003, [3.5, 1.25, 7, 0])) == 1_000_003
