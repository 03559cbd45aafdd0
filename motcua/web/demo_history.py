"""A year of dossiers for the demo communes, played through the dossier actions in time order.

Every dossier goes through the same actions as on the desk (submit, accept, supplement, transfer,
assign, appraise, propose, decide, extend, return, rate…), each called with the moment it happens,
so the event chains, clocks, codes and figures are exactly what a real year would leave behind.

Volume model. A commune's desks receive `RATE_PER_1000` = 37.5 dossiers a year per 1,000 inhabitants:
1,500 for a commune of 40,000 people. The population is the unit's own (`Unit.population`, filled by
administrators); until it is filled, `DEMO_POPULATION` holds an estimate for the demo communes.
`scale` multiplies the volume (the demo command's default is `DEFAULT_SCALE`). Days are drawn over
the 364 days before today, working days weighted 1 (Mondays 1.15, Fridays 0.95), rest days 0.12
(online only). Procedures are drawn with `PROCEDURE_WEIGHTS`: certification and civil status make up
about four dossiers in five. The channel follows the procedure's online level (`CHANNEL_MIX`): about
three in four online, the rest in person and a few by post. Of the dossiers handed in at a desk, 6 %
belong to another demo commune (boundary-free reception) and 0.6 % to the provincial Department of
Justice; the desk transfers them.

Outcomes. Among the dossiers received more than `SETTLED_DAYS` ago the special fates are dealt like
cards (`FATES`, at least one of each per commune), so even a small demo has a late dossier, an
extension, a restarted supplement, refusals, withdrawals and stops; later dossiers draw their fate
with the same odds. Everything else is settled early or on time. Dossiers whose next step would fall
after now stay where they are, and each commune also gets `TAIL` dossiers received on the last
working day and left in every open state, so that no desk queue is empty.

The applicants are told nothing: notifications about a year that already happened would only fill
the outbox. Reproducible from the seed; generated only while the demo communes have no dossier.
"""

import heapq
import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Final

from django.db import transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.roles import Role
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedure_search
from motcua.core.calendar import VIETNAM_TZ
from motcua.core.text import fold
from motcua.dossiers.actions import (
    Applicant,
    dossier_accept,
    dossier_appraise,
    dossier_assign,
    dossier_decide,
    dossier_extend,
    dossier_propose,
    dossier_rate,
    dossier_refuse,
    dossier_return,
    dossier_send_back,
    dossier_stop,
    dossier_submit,
    dossier_transfer,
    dossier_withdraw,
    supplement_provide,
    supplement_request,
    supplements_close_expired,
)
from motcua.dossiers.actions.correction import correction_complete, correction_request
from motcua.dossiers.actions.reception import SUPPLEMENT_ANSWER_DAYS
from motcua.dossiers.attachments import IncomingFile
from motcua.dossiers.clock import timeliness
from motcua.dossiers.events import event_recorded
from motcua.dossiers.models import Dossier, ResultCorrection
from motcua.dossiers.policy import closure_time
from motcua.dossiers.states import Channel, ResultKind
from motcua.payments.actions import payment_record, payment_request
from motcua.units.models import Unit
from motcua.units.selectors import calendar_for_province
from motcua.web.demo import COMMUNE_ROLES, DEMO_COMMUNES, DEPARTMENT_ROLES

RATE_PER_1000: Final = 37.5
# The demo command's default: 0.4 of the volume keeps the first `bin/run` under two minutes on a
# slow machine (every dossier is ~9 actions, ~60 queries); `--dossiers-scale 1` gives the full year.
DEFAULT_SCALE: Final = 0.4
DEFAULT_SEED: Final = 20250701
# Estimates for the demo communes (each formed in 2025 from three or four old units), used only
# while `Unit.population` is empty.
DEMO_POPULATION: Final = {"24688": 37_000, "24640": 48_000, "24670": 40_000}
FALLBACK_POPULATION: Final = 40_000
# The department that settles the few department-level dossiers handed in at a commune desk.
DEPARTMENT: Final = "STP"
CROSS_COMMUNE_SHARE: Final = 0.06
DEPARTMENT_SHARE: Final = 0.006

# Relative yearly volume of each commune procedure; a procedure not listed weighs DEFAULT_WEIGHT.
PROCEDURE_WEIGHTS: Final = {
    "2.000815": 30.0,  # chứng thực bản sao từ bản chính
    "1.001193": 12.0,  # khai sinh
    "2.000884": 8.0,  # chứng thực chữ ký
    "2.000635": 8.0,  # bản sao trích lục hộ tịch
    "1.004873": 6.0,  # xác nhận tình trạng hôn nhân
    "1.000656": 4.0,  # khai tử
    "2.001035": 4.0,  # chứng thực giao dịch
    "1.000894": 3.0,  # kết hôn
    "3.000722": 3.0,  # liên thông khai sinh, thường trú (replaces 2.000986)
    "1.013978": 3.0,  # đăng ký đất đai lần đầu
    "1.004859": 2.0,  # cải chính hộ tịch
    "1.001612": 2.0,  # thành lập hộ kinh doanh
    "1.001776": 2.0,  # trợ cấp xã hội hàng tháng
    "1.013225": 1.5,  # giấy phép xây dựng nhà ở
    "2.000720": 1.0,
    "1.014027": 1.0,
}
DEFAULT_WEIGHT: Final = 0.5
# (online, in person, post) by online level.
CHANNEL_MIX: Final[dict[str, tuple[float, float, float]]] = {
    Procedure.OnlineLevel.FULL: (0.88, 0.10, 0.02),
    Procedure.OnlineLevel.PARTIAL: (0.64, 0.33, 0.03),
}

NORMAL: Final = "normal"
# Special fates in the order they are dealt when a commune has fewer dossiers than fates, with
# their share of the dossiers. The rest are settled early or on time.
FATES: Final = {
    "late": 0.025,
    "late_extended": 0.012,
    "processing_supplement": 0.02,
    "reception_supplement": 0.05,
    "refused": 0.01,
    "withdrawn": 0.008,
    "stopped": 0.004,
    "refused_on_decision": 0.008,
    "sent_back": 0.02,
    "reception_supplement_expired": 0.005,
    "processing_supplement_expired": 0.003,
    "corrected": 0.004,
    "paid_at_desk": 0.01,
    "conditional_time": 0.004,
}
# Fates told on one procedure: a fee paid at the desk after the payment notice (code 6), and a
# conditional legal time chosen at acceptance (verification of the applicant's conditions).
_FATE_PROCEDURES: Final = {"paid_at_desk": "1.001612", "conditional_time": "1.004873"}
_CONDITION = "xac_minh"
# Fates whose story needs a legal time of several days.
_MULTI_DAY_FATES: Final = frozenset(
    {"late_extended", "processing_supplement", "processing_supplement_expired"}
)
SETTLED_DAYS: Final = 60
# Dossiers received on the last working day and left open, one per state, in every commune.
TAIL: Final = (
    "new",
    "transfer",
    "assign",
    "processing",
    "pending_approval",
    "supplement",
    "processed",
    "department",  # being processed at the Department of Justice
)
RATING_SHARE: Final = 0.72

Progress = Callable[[str], None]


def _quiet(line: str) -> None:
    return None


@dataclass(frozen=True)
class HistoryReport:
    created: int
    volumes: dict[str, int]  # dossiers received, by receiving commune code
    skipped: bool = False


def expected_volume(population: int, scale: float) -> int:
    """Dossiers a commune's desks receive in the demo year (never fewer than the open tail)."""
    return max(len(TAIL), round(population * RATE_PER_1000 / 1000 * scale))


def demo_population(unit: Unit) -> int:
    return unit.population or DEMO_POPULATION.get(unit.code, FALLBACK_POPULATION)


def demo_communes() -> list[Unit]:
    codes = [code for code, _prefix in DEMO_COMMUNES]
    units = {u.code: u for u in Unit.objects.select_related("province").filter(code__in=codes)}
    return [units[code] for code in codes]


def demo_history(
    *, scale: float = 1.0, seed: int = DEFAULT_SEED, now: datetime | None = None, progress: Progress = _quiet
) -> HistoryReport:
    """Play the demo year up to `now`, in one transaction: all of it or nothing. Does nothing when
    the demo communes already have dossiers."""
    if not scale > 0:
        raise ValueError(f"The scale must be positive, got {scale}.")
    now = now or timezone.now()
    communes = demo_communes()
    with transaction.atomic():
        mine = Q(receiving_unit__in=communes) | Q(competent_unit__in=communes)
        if Dossier.objects.filter(mine).exists():
            return HistoryReport(created=0, volumes={}, skipped=True)
        year = _Year(communes=communes, seed=seed, now=now, scale=scale)
        with _applicants_not_notified():
            created = year.play(progress)
    return HistoryReport(created=created, volumes=year.volumes)


def history_summary(now: datetime | None = None) -> dict[str, Counter[str]]:
    """Dossiers of the demo communes by status, channel and timeliness."""
    now = now or timezone.now()
    communes = demo_communes()
    calendar = calendar_for_province(communes[0].province)
    dossiers = Dossier.objects.filter(Q(receiving_unit__in=communes) | Q(competent_unit__in=communes))
    summary: dict[str, Counter[str]] = {"status": Counter(), "channel": Counter(), "timeliness": Counter()}
    for dossier in dossiers.only("status", "channel", "original_due_at", "resolved_at").iterator():
        summary["status"][dossier.status] += 1
        summary["channel"][Channel(dossier.channel).name.lower()] += 1
        summary["timeliness"][timeliness(dossier, now, calendar) or "none"] += 1
    return summary


@contextmanager
def _applicants_not_notified() -> Iterator[None]:
    """Keep the outbox out of the history: nobody is told today about last year's dossiers."""
    from motcua.interop.receivers import notify_applicant_of_event

    uid = "motcua.interop.applicant_notify"
    disconnected = event_recorded.disconnect(dispatch_uid=uid)
    try:
        yield
    finally:
        if disconnected:
            event_recorded.connect(notify_applicant_of_event, dispatch_uid=uid)


@dataclass
class _Plan:
    index: int
    desk: Unit  # the commune whose desk receives the dossier
    competent: Unit
    procedure: Procedure
    channel: int
    received_at: datetime
    applicant: Applicant
    fate: str
    rng: random.Random
    stop: str = ""  # a TAIL state to leave the dossier in

    @property
    def online(self) -> bool:
        return self.channel == Channel.ONLINE


class _Year:
    def __init__(self, *, communes: list[Unit], seed: int, now: datetime, scale: float) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.communes = communes
        province = communes[0].province
        self.department = Unit.objects.select_related("province").get(
            code=f"{province.code:02d}.{DEPARTMENT}"
        )
        # Every action reads the calendar of the competent unit's province: load its overrides once.
        prefetch_related_objects([*communes, self.department], "province__calendar_overrides")
        self.calendar = calendar_for_province(province)
        self.desk: dict[str, User] = {}
        self.handler: dict[str, User] = {}
        self.leader: dict[str, User] = {}
        self._load_cast()
        self.procedures = sorted(procedure_search(unit=communes[0]), key=lambda p: p.code)
        self.department_procedures = sorted(procedure_search(unit=self.department), key=lambda p: p.code)
        self.multi_day = [p for p in self.procedures if p.time_unit == "days" and 3 <= p.time_amount <= 10]
        if not (self.multi_day and self.department_procedures):
            raise RuntimeError("The procedure catalogue is missing: run seed_catalog first.")
        self.volumes = {u.code: expected_volume(demo_population(u), scale) for u in communes}
        self.submitted = 0
        self.plans: list[_Plan] = []
        for unit in communes:
            self._plan_commune(unit, self.volumes[unit.code])

    # -- the cast ------------------------------------------------------------------------------

    def _load_cast(self) -> None:
        names = {role: name for role, name, _title in COMMUNE_ROLES}
        wanted: dict[str, tuple[dict[str, User], str]] = {}
        for code, prefix in DEMO_COMMUNES:
            wanted[f"{prefix}.{names[Role.RECEIVING_OFFICER]}"] = (self.desk, code)
            wanted[f"{prefix}.{names[Role.HANDLER]}"] = (self.handler, code)
            wanted[f"{prefix}.{names[Role.UNIT_LEADER]}"] = (self.leader, code)
        for role, name, _title in DEPARTMENT_ROLES:
            target = self.handler if role == Role.HANDLER else self.leader
            wanted[name] = (target, self.department.code)
        users = {u.username: u for u in User.objects.filter(username__in=wanted)}
        missing = sorted(set(wanted) - set(users))
        if missing:
            raise RuntimeError(
                f"Demo personas missing ({', '.join(missing)}): create them first (demo_seed)."
            )
        for username, (target, code) in wanted.items():
            target[code] = users[username]

    # -- planning ------------------------------------------------------------------------------

    def _plan_commune(self, unit: Unit, volume: int) -> None:
        rng = self.rng
        today = timezone.localtime(self.now, VIETNAM_TZ).date()
        days = [today - timedelta(days=n) for n in range(364, 0, -1)]
        weights = [self._day_weight(day) for day in days]
        received = sorted(rng.choices(days, weights=weights, k=volume - len(TAIL)))
        settled = today - timedelta(days=SETTLED_DAYS)
        fates = self._deal([day for day in received if day <= settled])
        for day in received:
            fate = fates.pop() if day <= settled else self._draw_fate()
            self.plans.append(self._plan(unit, day, fate))
        last = self._working_day_before(today)
        for stage in TAIL:
            self.plans.append(self._tail_plan(unit, last, stage))

    def _day_weight(self, day: date) -> float:
        if not self.calendar.is_working_day(day):
            return 0.12  # online only
        return {0: 1.15, 4: 0.95}.get(day.weekday(), 1.0)

    def _deal(self, days: list[date]) -> list[str]:
        cards: list[str] = []
        for fate, share in FATES.items():
            cards += [fate] * max(1, round(share * len(days)))
        cards = cards[: len(days)]
        cards += [NORMAL] * (len(days) - len(cards))
        self.rng.shuffle(cards)
        return cards

    def _draw_fate(self) -> str:
        roll = self.rng.random()
        for fate, share in FATES.items():
            if roll < share:
                return fate
            roll -= share
        return NORMAL

    def _pick(self, procedures: list[Procedure]) -> Procedure:
        weights = [PROCEDURE_WEIGHTS.get(p.code, DEFAULT_WEIGHT) for p in procedures]
        return self.rng.choices(procedures, weights=weights)[0]

    def _plan(self, unit: Unit, day: date, fate: str) -> _Plan:
        rng = self.rng
        special = next((p for p in self.procedures if p.code == _FATE_PROCEDURES.get(fate)), None)
        if special is not None:
            # At the counter of the competent commune, where the desk tells the story.
            channel = Channel.IN_PERSON if self.calendar.is_working_day(day) else Channel.ONLINE
            received_at = self._receipt_time(day, online=channel == Channel.ONLINE)
            return self._new_plan(unit, unit, special, channel, received_at, fate)
        procedure = self._pick(self.multi_day if fate in _MULTI_DAY_FATES else self.procedures)
        mix = CHANNEL_MIX.get(procedure.online_level, CHANNEL_MIX[Procedure.OnlineLevel.PARTIAL])
        channel = rng.choices([Channel.ONLINE, Channel.IN_PERSON, Channel.POST], weights=mix)[0]
        if not self.calendar.is_working_day(day):
            channel = Channel.ONLINE
        competent = unit
        if channel != Channel.ONLINE:
            roll = rng.random()
            if roll < CROSS_COMMUNE_SHARE:
                competent = rng.choice([u for u in self.communes if u != unit])
            elif roll < CROSS_COMMUNE_SHARE + DEPARTMENT_SHARE:
                competent, procedure = self.department, self._pick(self.department_procedures)
        received_at = self._receipt_time(day, online=channel == Channel.ONLINE)
        return self._new_plan(unit, competent, procedure, channel, received_at, fate)

    def _new_plan(
        self,
        unit: Unit,
        competent: Unit,
        procedure: Procedure,
        channel: int,
        at: datetime,
        fate: str,
        stop: str = "",
    ) -> _Plan:
        rng = self.rng
        home = competent if competent.is_commune_level else unit
        applicant = _applicant(rng, home)
        plan_rng = random.Random(rng.getrandbits(64))
        return _Plan(
            len(self.plans), unit, competent, procedure, channel, at, applicant, fate, plan_rng, stop
        )

    def _tail_plan(self, unit: Unit, day: date, stage: str) -> _Plan:
        rng = self.rng
        procedure = self._pick(self.multi_day)
        competent = unit
        channel: int = Channel.IN_PERSON
        if stage == "transfer":
            competent = self.communes[(self.communes.index(unit) + 1) % len(self.communes)]
        elif stage == "department":
            competent, procedure = self.department, self._pick(self.department_procedures)
        elif stage in ("new", "processing", "supplement"):
            channel = Channel.ONLINE
        if stage == "new":
            at = _local(day, time(15, 30)) + timedelta(minutes=rng.randint(0, 100))
        else:
            at = _local(day, time(7, 40)) + timedelta(minutes=rng.randint(0, 80))
        return self._new_plan(unit, competent, procedure, channel, at, NORMAL, stop=stage)

    def _receipt_time(self, day: date, *, online: bool) -> datetime:
        rng = self.rng
        if online and rng.random() < 0.22:
            # From home: mostly in the evening, some before work.
            minute = rng.randint(1050, 1379) if rng.random() < 0.75 else rng.randint(330, 449)
        elif rng.random() < 0.6:
            minute = rng.randint(450, 675)  # 07:30–11:15
        else:
            minute = rng.randint(810, 1015)  # 13:30–16:55
        return _local(day, time(minute // 60, minute % 60, rng.randint(0, 59)))

    def _working_day_before(self, day: date) -> date:
        day -= timedelta(days=1)
        while not self.calendar.is_working_day(day):
            day -= timedelta(days=1)
        return day

    # -- playing -------------------------------------------------------------------------------

    def play(self, progress: Progress) -> int:
        """Run every dossier's life in time order, stopping each at `now`."""
        queue: list[tuple[datetime, int, Iterator[datetime]]] = []
        for plan in self.plans:
            life = self._life(plan)
            queue.append((next(life), plan.index, life))
        heapq.heapify(queue)
        month = ""
        while queue:
            at, index, life = heapq.heappop(queue)
            if at > self.now:
                continue
            label = f"{timezone.localtime(at, VIETNAM_TZ):%m/%Y}"
            if label != month:
                if month:
                    progress(f"  {month}: {self.submitted:>6} / {len(self.plans)} dossiers received")
                month = label
            with suppress(StopIteration):
                heapq.heappush(queue, (next(life), index, life))
        progress(f"  {month}: {self.submitted:>6} / {len(self.plans)} dossiers received")
        return self.submitted

    def _after(self, start: datetime, hours: float) -> datetime:
        """`hours` of office time after `start`."""
        return self.calendar.due_after_working_hours(start, Decimal(f"{max(hours, 0.02):.3f}")).due

    def _warm(self, dossier: Dossier, plan: _Plan) -> Dossier:
        """Hand the actions the units and procedure already loaded (a transition drops them)."""
        dossier.receiving_unit = plan.desk
        dossier.competent_unit = plan.competent
        dossier.procedure = plan.procedure
        return dossier

    def _life(self, p: _Plan) -> Iterator[datetime]:
        rng, desk = p.rng, self.desk[p.desk.code]
        t = p.received_at
        yield t
        d = dossier_submit(
            actor=None if p.online else desk,
            procedure_code=p.procedure.code,
            competent_unit_code=p.competent.code,
            applicant=p.applicant,
            channel=p.channel,
            receiving_unit_code=None if p.online else p.desk.code,
            now=t,
        )
        self.submitted += 1
        if p.stop == "new":
            return
        t = self._reception_delay(p, t)
        if p.fate == "withdrawn" and p.online and rng.random() < 0.5:
            yield t
            # Art.21.2: the applicant of an online dossier withdraws it online themselves.
            dossier_withdraw(
                actor=None,
                dossier=self._warm(d, p),
                reason=rng.choice(_WITHDRAWALS),
                proven_applicant=True,
                now=t,
            )
            return
        if p.fate in ("reception_supplement", "reception_supplement_expired"):
            yield t
            d = supplement_request(
                actor=desk, dossier=self._warm(d, p), items=_items(rng, p.procedure), now=t
            )
            if p.fate == "reception_supplement_expired":
                yield from self._expire(t)
                return
            t = self._answer_time(rng, t)
            yield t
            d = supplement_provide(actor=desk, dossier=self._warm(d, p), note=rng.choice(_PROVIDED), now=t)
            t = self._reception_delay(p, t)
        yield t
        if p.fate == "refused":
            dossier_refuse(actor=desk, dossier=self._warm(d, p), reason=rng.choice(_REFUSALS), now=t)
            return
        conditional: dict[str, object] = {}
        if p.fate == "conditional_time":
            conditional = {
                "time_variant": p.procedure.time_variants.get(code=_CONDITION),
                "time_variant_reason": rng.choice(_CONDITION_REASONS),
            }
        d = dossier_accept(actor=desk, dossier=self._warm(d, p), now=t, **conditional)  # type: ignore[arg-type]
        if p.stop in ("transfer", "assign"):
            return
        if p.competent != p.desk:
            t = self._after(t, 0.2 if p.stop else rng.uniform(0.1, 1.5))
            yield t
            d = dossier_transfer(actor=desk, dossier=self._warm(d, p), now=t)
        yield from self._run(p, d, start=t, first=True)

    def _reception_delay(self, p: _Plan, t: datetime) -> datetime:
        rng = p.rng
        if p.stop:
            return self._after(t, 0.2)
        if p.channel == Channel.IN_PERSON:
            return self._after(t, rng.uniform(0.05, 0.3))
        if p.channel == Channel.POST:
            return self._after(t, rng.uniform(0.3, 4))
        roll = rng.random()  # online: decided within 8 working hours, a few later
        return self._after(
            t, rng.uniform(0.1, 4) if roll < 0.85 else rng.uniform(4, 7.9) if roll < 0.97 else 8.1
        )

    def _answer_time(self, rng: random.Random, requested: datetime) -> datetime:
        """The applicant brings the missing papers on a working day, well before the 15 days run out."""
        first = timezone.localtime(requested, VIETNAM_TZ).date()
        days = [first + timedelta(days=n) for n in range(1, SUPPLEMENT_ANSWER_DAYS - 1)]
        working = [d for d in days if self.calendar.is_working_day(d)]
        day = working[min(int(rng.expovariate(1 / 2.5)), len(working) - 1)]
        return _local(day, time(rng.choice([8, 9, 10, 14, 15, 16]), rng.randint(0, 59)))

    def _expire(self, requested: datetime) -> Iterator[datetime]:
        """Nobody answers: the periodic job closes the dossier a minute after the 15 days (Art.19.5,
        counted as the Civil Code counts: to the end of the 15th day or of the next working day)."""
        t = closure_time(requested, self.calendar, SUPPLEMENT_ANSWER_DAYS) + timedelta(minutes=1)
        yield t
        supplements_close_expired(now=t)

    def _hours(self, start: datetime, end: datetime) -> float:
        return float(self.calendar.working_hours_between(start, end))

    def _run(self, p: _Plan, d: Dossier, *, start: datetime, first: bool) -> Iterator[datetime]:
        """One legal run of the competent unit, from `start` (the clock's start, or the moment the
        dossier was transferred) to the decision; a restart after a supplement is a second run."""
        rng = p.rng
        handler, leader = self.handler[p.competent.code], self.leader[p.competent.code]
        assert d.clock_started_at is not None and d.due_at is not None
        clock, due = d.clock_started_at, d.due_at
        budget = self._hours(clock, due)
        late = first and p.fate in ("late", "late_extended")
        if p.stop:
            total = rng.uniform(2.0, 4.0)
        elif late:
            total = budget + rng.uniform(0.5, max(1.0, 0.5 * budget))
        else:
            total = max(0.3, budget * rng.triangular(0.08, 0.97, 0.35))
        t = start

        def step(share: float) -> datetime:
            return max(self._after(clock, total * share), self._after(t, rng.uniform(0.03, 0.2)))

        if first:
            t = step(0.08)
            yield t
            d = dossier_assign(actor=leader, dossier=self._warm(d, p), now=t)
            if p.stop == "department":
                return
        if first and p.fate == "paid_at_desk":
            t = step(0.2)
            yield t
            payment_request(actor=handler, dossier=self._warm(d, p), now=t)
            t = self._after(t, rng.uniform(0.5, 6))
            yield t
            payment_record(
                actor=self.desk[p.desk.code],
                dossier=Dossier.objects.get(pk=d.pk),
                receipt_number=f"BL-{d.code[-11:]}",
                now=t,
            )
            d = Dossier.objects.get(pk=d.pk)
            assert d.clock_started_at is not None and d.due_at is not None
            clock, due = d.clock_started_at, d.due_at
        if first and (p.stop == "supplement" or p.fate.startswith("processing_supplement")):
            t = self._after(t, min(total * 0.1, 6.0))
            yield t
            d = supplement_request(
                actor=handler, dossier=self._warm(d, p), items=_items(rng, p.procedure), now=t
            )
            if p.stop:
                return
            if p.fate == "processing_supplement_expired":
                yield from self._expire(t)
                return
            t = self._answer_time(rng, t)
            yield t
            d = supplement_provide(
                actor=self.desk[p.desk.code], dossier=self._warm(d, p), note=rng.choice(_PROVIDED), now=t
            )
            yield from self._run(p, d, start=t, first=False)
            return
        if p.fate == "late_extended" and first:
            extend_at = self._after(t, rng.uniform(0.1, 1.0))
            if self._hours(extend_at, due) >= float(self.calendar.office_hours.hours_per_day):
                # The apology goes out at least one working day before the appointment (Art.19.6).
                t = extend_at
                yield t
                new_due = self.calendar.due_after_working_days(due, rng.randint(2, 5)).due
                d = dossier_extend(
                    actor=leader,
                    dossier=self._warm(d, p),
                    new_due_at=new_due,
                    reason=rng.choice(_DELAYS),
                    now=t,
                )
                total = budget + rng.uniform(0.5, max(1.0, self._hours(due, new_due) - 0.5))
        if p.fate in ("withdrawn", "stopped"):
            t = step(0.45)
            yield t
            if p.fate == "withdrawn":
                dossier_withdraw(
                    actor=self.desk[p.desk.code],
                    dossier=self._warm(d, p),
                    reason=rng.choice(_WITHDRAWALS),
                    request_date=timezone.localtime(t).date(),
                    request_reference=f"Đơn {d.code}",
                    now=t,
                )
            else:
                # Art.21: only on the applicant's written request, recorded at the desk.
                dossier_stop(
                    actor=self.desk[p.desk.code],
                    dossier=self._warm(d, p),
                    reason=rng.choice(_STOPS),
                    request_date=timezone.localtime(t).date(),
                    request_reference=f"Đơn {d.code}",
                    now=t,
                )
            return
        t = step(0.55)
        yield t
        d = dossier_appraise(actor=handler, dossier=self._warm(d, p), opinion=rng.choice(_OPINIONS), now=t)
        if p.stop == "processing":
            return
        refuse = p.fate == "refused_on_decision"
        proposal = ResultKind.REFUSED if refuse else ResultKind.GRANTED
        t = step(0.7)
        yield t
        d = dossier_propose(actor=handler, dossier=self._warm(d, p), proposal=proposal, now=t)
        if p.stop == "pending_approval":
            return
        if p.fate == "sent_back":
            t = step(0.78)
            yield t
            d = dossier_send_back(
                actor=leader, dossier=self._warm(d, p), reason=rng.choice(_SEND_BACKS), now=t
            )
            t = step(0.9)
            yield t
            d = dossier_propose(actor=handler, dossier=self._warm(d, p), proposal=proposal, now=t)
        t = step(1.0)
        yield t
        if refuse:
            d = dossier_decide(
                actor=leader,
                dossier=self._warm(d, p),
                result=ResultKind.REFUSED,
                reason=rng.choice(_DENIALS),
                now=t,
            )
        else:
            result = IncomingFile(name=f"ket-qua-{d.code}.pdf", content=_result_pdf(d.code))
            d = dossier_decide(
                actor=leader, dossier=self._warm(d, p), result=ResultKind.GRANTED, files=[result], now=t
            )
        if p.stop == "processed":
            return
        yield from self._hand_over(p, d, t, late=late, refused=refuse)

    def _correct(self, p: _Plan, d: Dossier, returned: datetime) -> Iterator[datetime]:
        """Art.23: the applicant finds an error in the result at the desk, which reports it; the
        competent agency reissues the corrected result within 3 working days, at no cost."""
        rng = p.rng
        t = self._after(returned, rng.uniform(0.5, 6))
        yield t
        correction = correction_request(
            dossier=self._warm(d, p),
            reported_via=ResultCorrection.ReportedVia.DESK,
            by=self.desk[p.desk.code],
            error=rng.choice(_RESULT_ERRORS),
            at=t,
        )
        t = self._after(t, rng.uniform(1, 12))
        yield t
        corrected = IncomingFile(name=f"ket-qua-dinh-chinh-{d.code}.pdf", content=_result_pdf(d.code))
        correction_complete(
            correction=correction,
            by=self.leader[p.competent.code],
            note="Đã đính chính và cấp lại kết quả.",
            files=[corrected],
            at=t,
        )

    def _hand_over(
        self, p: _Plan, d: Dossier, decided: datetime, *, late: bool, refused: bool
    ) -> Iterator[datetime]:
        """The desk returns the result; most applicants then rate the service."""
        rng = p.rng
        if p.channel == Channel.POST:
            via, t = Channel.POST, self._after(decided, rng.uniform(1, 8))
        elif p.online and (p.procedure.online_level == Procedure.OnlineLevel.FULL or rng.random() < 0.4):
            via, t = Channel.ONLINE, self._after(decided, rng.uniform(0.05, 1.0))
        else:
            # The applicant comes back for the paper result, mostly by the appointment, a few much later.
            wait = rng.uniform(0.2, 12) if rng.random() < 0.95 else rng.uniform(16, 80)
            via, t = Channel.IN_PERSON, self._after(decided, wait)
        yield t
        d = dossier_return(actor=self.desk[p.desk.code], dossier=self._warm(d, p), via=via, now=t)
        if p.fate == "corrected" and not refused:
            yield from self._correct(p, d, t)
        if rng.random() >= (0.4 if refused else RATING_SHARE):
            return
        t += timedelta(minutes=rng.uniform(3, 2880))
        yield t
        scores = _SCORES_UNHAPPY if late or refused else _SCORES
        score = rng.choices([s for s, _w in scores], weights=[w for _s, w in scores])[0]
        unhappy = score is None or score <= 2
        comment = rng.choice(_COMPLAINTS if unhappy else _PRAISE) if rng.random() < 0.3 else ""
        dossier_rate(
            actor=None,
            dossier=self._warm(d, p),
            score=score,
            dislike=score is None,
            comment=comment,
            proven_applicant=True,
            now=t,
        )


def _local(day: date, at: time) -> datetime:
    return datetime.combine(day, at, VIETNAM_TZ)


def _result_pdf(code: str) -> bytes:
    return (
        b"%PDF-1.4\n% Ket qua giai quyet ho so "
        + code.encode()
        + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    )


def _items(rng: random.Random, procedure: Procedure) -> list[str]:
    pool = _MISSING.get(procedure.field.code, []) + _MISSING["*"]
    return rng.sample(pool, k=rng.choice([1, 1, 2]))


def _applicant(rng: random.Random, home: Unit) -> Applicant:
    female = rng.random() < 0.52
    if rng.random() < 0.08:
        family, given = rng.choice(_MINORITY_FAMILIES), rng.choice(_MINORITY_GIVEN)
        name = f"{'H’' if female else 'Y '}{given} {family}"
    else:
        family = rng.choices(_FAMILIES, weights=_FAMILY_WEIGHTS)[0]
        middle = rng.choice(_FEMALE_MIDDLE if female else _MALE_MIDDLE)
        given = rng.choice(_FEMALE_GIVEN if female else _MALE_GIVEN)
        name = f"{family} {middle} {given}"
    born = rng.randint(1950, 2006)
    origin = rng.choices(["067", "068", "060", "001", "038", "040"], weights=[70, 12, 4, 5, 5, 4])[0]
    century = 0 if born < 2000 else 2
    national_id = f"{origin}{century + int(female)}{born % 100:02d}{rng.randint(0, 999_999):06d}"
    phone = f"0{rng.choice(['9', '3', '8', '7'])}{rng.randint(0, 99_999_999):08d}"
    email = ""
    if rng.random() < 0.35:
        email = (
            f"{fold(given).replace(' ', '')}.{fold(family).replace(' ', '')}{rng.randint(1, 999)}@example.com"
        )
    place = rng.choice(["Thôn", "Thôn", "Bon", "Tổ dân phố"])
    return Applicant(
        name=name,
        national_id=national_id,
        phone=phone,
        email=email,
        address=f"{place} {rng.randint(1, 18)}, {home.name}",
    )


def _words(text: str) -> list[str]:
    return text.split()


# Fictional applicants: the commonest family names with their rough weights, and Ê Đê-style names.
_FAMILIES = _words("Nguyễn Trần Lê Phạm Hoàng Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Phan Trịnh Đinh Mai Cao")
_FAMILY_WEIGHTS = [38, 11, 9, 7, 5, 4, 4, 2, 2, 2, 2, 2, 1, 1, 3, 1, 1, 1, 1]
_MALE_MIDDLE = _words("Văn Văn Đức Minh Quang Hữu Công Thanh Xuân")
_FEMALE_MIDDLE = _words("Thị Thị Thị Ngọc Thu Thanh Kim Mỹ")
_MALE_GIVEN = _words("Hùng Minh Nam Long Phúc Tài Sơn Quang Tuấn Dũng Hải Khoa Thắng Bình Trung Hiếu")
_FEMALE_GIVEN = _words("Hoa Lan Mai Thu Hằng Yến Ngọc Hạnh Vân Trang Linh Hương Nhung Thảo Phương Dung")
_MINORITY_FAMILIES = _words("Niê Êban Bkrông Mlô Knul Byă Ksơr")
_MINORITY_GIVEN = _words("Bhin Sang Thuốt Ju Blin Nhi Hương Mai Khiêm Lim")

_MISSING: dict[str, list[str]] = {
    "*": [
        "Bản sao giấy tờ tùy thân còn hiệu lực của người yêu cầu",
        "Tờ khai chưa ghi đầy đủ thông tin và chưa ký",
        "Văn bản ủy quyền có chứng thực (người nộp thay)",
    ],
    "ho_tich": [
        "Giấy chứng sinh (bản chính)",
        "Giấy tờ chứng minh nơi cư trú",
        "Trích lục ly hôn đã ghi chú",
    ],
    "chung_thuc": ["Bản chính giấy tờ để đối chiếu", "Dự thảo hợp đồng có đủ chữ ký các bên"],
    "dat_dai": ["Sơ đồ thửa đất có xác nhận của trưởng thôn", "Giấy tờ về quyền sử dụng đất (bản sao)"],
    "ho_kinh_doanh": ["Hợp đồng thuê địa điểm kinh doanh", "Biên bản họp thành viên hộ gia đình"],
    "bao_tro_xa_hoi": ["Giấy xác nhận khuyết tật", "Danh sách có xác nhận của thôn"],
    "xay_dung": ["Bản vẽ thiết kế mặt bằng, mặt cắt", "Giấy tờ về quyền sử dụng đất"],
}
_PROVIDED = [
    "Công dân đã nộp bổ sung đầy đủ giấy tờ theo phiếu yêu cầu.",
    "Đã nhận giấy tờ bổ sung, kiểm tra đầy đủ, hợp lệ.",
]
_REFUSALS = [
    "Yêu cầu không thuộc thẩm quyền giải quyết của xã theo quy định.",
    "Giấy tờ xuất trình bị tẩy xóa, sửa chữa; không đủ căn cứ tiếp nhận.",
    "Người nộp không phải là người có quyền yêu cầu và không có văn bản ủy quyền.",
]
_WITHDRAWALS = [
    "Công dân xin rút hồ sơ để chuẩn bị lại và nộp sau.",
    "Công dân đã giải quyết được việc ở nơi khác.",
    "Công dân không còn nhu cầu.",
]
_STOPS = [
    "Người yêu cầu có đơn đề nghị dừng giải quyết hồ sơ.",
    "Công dân đề nghị dừng giải quyết do thay đổi nhu cầu.",
]
_OPINIONS = [
    "Hồ sơ đầy đủ, hợp lệ; thông tin khớp với Cơ sở dữ liệu quốc gia về dân cư.",
    "Đã kiểm tra, xác minh; đủ điều kiện giải quyết theo quy định.",
    "Đã đối chiếu bản chính; đề nghị giải quyết.",
]
_SEND_BACKS = [
    "Đề nghị kiểm tra lại thông tin trên dự thảo kết quả.",
    "Bổ sung ý kiến xác minh của trưởng thôn.",
]
_CONDITION_REASONS = [
    "Người yêu cầu từng cư trú ở nơi khác: phải xác minh tình trạng hôn nhân tại nơi cư trú trước đây.",
    "Giấy tờ do cơ quan khác cấp: phải xác minh trước khi giải quyết.",
]
_RESULT_ERRORS = [
    "Sai ngày sinh của người được cấp so với giấy tờ gốc.",
    "Sai một chữ trong họ tên người được cấp.",
    "Ghi sai địa chỉ thường trú.",
]
_DENIALS = [
    "Không đủ điều kiện theo quy định; kết quả xác minh không khớp thông tin kê khai.",
    "Đối tượng không thuộc diện được hưởng theo quy định hiện hành.",
]
_DELAYS = [
    "Cần xác minh thêm thông tin tại cơ quan có liên quan. Thành thật xin lỗi ông/bà vì sự chậm trễ.",
    "Phải lấy ý kiến của cơ quan chuyên môn; xin lỗi ông/bà và hẹn lại ngày trả kết quả.",
]
_PRAISE = ["Cán bộ hướng dẫn tận tình.", "Giải quyết nhanh, đúng hẹn.", "Nộp trực tuyến rất thuận tiện."]
_COMPLAINTS = ["Phải chờ lâu.", "Trả kết quả trễ hẹn.", "Hướng dẫn chưa rõ, phải đi lại nhiều lần."]
# (score, weight); None is a dislike.
_SCORES: list[tuple[int | None, int]] = [(5, 56), (4, 28), (3, 9), (2, 3), (1, 1), (None, 3)]
_SCORES_UNHAPPY: list[tuple[int | None, int]] = [(5, 15), (4, 30), (3, 25), (2, 12), (1, 6), (None, 12)]
