"""The Decision 766/QĐ-TTg index as the national portal computes it: six groups (18, 20, 12, 10,
22 and 18 points), each indicator with its own points and target.

Sources: the national portal's formula description, "Mô tả công thức tính chỉ số 766.docx"
(indicator by indicator: the numerator, the denominator, the target and the notes), and its table of
maximum points per indicator (see docs/law.md and the legal review, §6).

Scoring, indicator by indicator: a rate (numerator ÷ denominator) at or above the target earns all
the indicator's points, a lower one rate ÷ target of them. An indicator with nothing to count (a
zero denominator) is N/A: it earns nothing and its points leave the maximum. An indicator whose
data the system does not hold yet (national synchronisation, online payment, the population
database…) is "no data yet", never a guess: its points leave the maximum as well. The points earned
are then scaled back to 100 over the points that could be earned.

Points and targets are rows of `IndexMeasure`, which the province's administrator may change; the
defaults below are the national ones, and the migration seeds them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Final

from django.utils.translation import gettext_lazy as _

from motcua.monitor.models import IndexMeasure

# The counters of a period (see models.COUNTERS) with, for the same period, what the snapshot of
# open dossiers and the catalogue add (`open_handled`, `open_late`, `procedures`, …).
Sums = Mapping[str, int]
Group = IndexMeasure.Group
SCORED: Final = "scored"
NOT_APPLICABLE: Final = "na"
NO_DATA: Final = "no_data"


def received(s: Sums) -> int:
    return s["received_in_person"] + s["received_online"] + s["received_post"]


def resolved(s: Sums) -> int:
    return s["resolved_early"] + s["resolved_on_time"] + s["resolved_late"]


def handled(s: Sums) -> int:
    """Dossiers handled in the period (766: 2.1): accepted ones that ended in it (settled, refused
    after appraisal, stopped, withdrawn, closed for want of a supplement) and those still in
    progress at its end."""
    return resolved(s) + s["ended_in_time"] + s["ended_late"] + s.get("open_handled", 0)


def late(s: Sums) -> int:
    """Of those, the ones past their due time (or with more than one supplement request)."""
    return s["resolved_late"] + s["ended_late"] + s.get("open_late", 0)


def _on_time(s: Sums) -> int:
    return handled(s) - late(s)


def _satisfied(s: Sums) -> int:
    """766: 5.4 is 100 % − (late rate + dislike rate), both rates over all dossiers handled: the
    numerator is thus the dossiers handled less the late ones and less the disliked ones."""
    return max(0, handled(s) - late(s) - s["dislikes"])


Count = Callable[[Sums], int]


@dataclass(frozen=True)
class Rule:
    """How an indicator reads the figures, and which dossiers cost it points (a drill-down)."""

    code: str
    number: str  # the national portal's numbering, e.g. "2.1"
    group: str
    name: object  # lazy translated texts, translated when shown
    formula: object
    numerator_label: object
    denominator_label: object
    points: Decimal
    target: Decimal
    numerator: Count | None = None  # None: the system has no data for it yet
    denominator: Count | None = None
    costly: str = ""  # the drill-down measure listing the dossiers that lost points
    missing: object = None  # the source the indicator waits for


_NATIONAL_DATABASE = _("the publishing decisions, from the national database of procedures")
_SYNC = _("the synchronisation of dossiers with the national portal")
_PAYMENT = _("online payment through the national portal's payment platform")
_POPULATION = _("the connection to the national population database")
_FEEDBACK = _("feedback figures: the feedback desk does not feed the index yet")
_RECEIVED = _("dossiers received in the period")

RULES: Final[tuple[Rule, ...]] = (
    Rule(
        "published_on_time",
        "1.1",
        Group.TRANSPARENCY,
        _("Procedures published on time"),
        _("Procedures whose publishing decision came out on time ÷ procedures published in the period"),
        _("procedures published on time"),
        _("procedures published in the period"),
        Decimal(6),
        Decimal(100),
        missing=_NATIONAL_DATABASE,
    ),
    Rule(
        "public_on_time",
        "1.2",
        Group.TRANSPARENCY,
        _("Procedures updated and made public on time"),
        _("Procedures made public on the national database on time ÷ procedures to make public"),
        _("procedures made public on time"),
        _("procedures to update and make public"),
        Decimal(4),
        Decimal(100),
        missing=_NATIONAL_DATABASE,
    ),
    Rule(
        "public_complete",
        "1.3",
        Group.TRANSPARENCY,
        _("Procedures made public with all their parts"),
        _(
            "Procedures the unit settles that have a name, steps, components, a legal time and a "
            "result ÷ procedures the unit settles"
        ),
        _("procedures with all their parts"),
        _("procedures the unit settles"),
        Decimal(2),
        Decimal(100),
        lambda s: s["procedures_complete"],
        lambda s: s["procedures"],
    ),
    Rule(
        "synchronised",
        "1.4",
        Group.TRANSPARENCY,
        _("Dossiers synchronised to the national portal"),
        _("Dossiers synchronised to the national portal ÷ dossiers received in the period"),
        _("dossiers synchronised"),
        _RECEIVED,
        Decimal(6),
        Decimal(100),
        missing=_SYNC,
    ),
    Rule(
        "on_time",
        "2.1",
        Group.PROGRESS,
        _("Dossiers settled or in progress on time"),
        _(
            "(Dossiers that ended on time + dossiers in progress within their time) ÷ dossiers handled "
            "in the period: settled, refused, stopped or withdrawn after acceptance, and in progress at "
            "its end; each judged against its due time, and late when a supplement was requested more "
            "than once"
        ),
        _("dossiers on time"),
        _("dossiers handled in the period"),
        Decimal(20),
        Decimal(100),
        _on_time,
        handled,
        "progress_late",
    ),
    Rule(
        "full_online",
        "3",
        Group.ONLINE,
        _("Dossiers of fully-online procedures submitted online"),
        _("Dossiers submitted fully online ÷ dossiers of procedures offered fully online"),
        _("dossiers submitted online"),
        _("dossiers of fully-online procedures"),
        Decimal(12),
        Decimal(100),
        lambda s: s["received_full_online_level_online"],
        lambda s: s["received_full_online_level"],
        "full_online_offline",
    ),
    Rule(
        "online_procedures",
        "3.1",
        Group.ONLINE,
        _("Procedures offered as an online service"),
        _("Procedures offered partly or fully online ÷ procedures the unit settles"),
        _("procedures offered online"),
        _("procedures the unit settles"),
        Decimal(0),
        Decimal(80),
        lambda s: s["procedures_online"],
        lambda s: s["procedures"],
    ),
    Rule(
        "online_share",
        "3.3",
        Group.ONLINE,
        _("Share of dossiers submitted online"),
        _("Dossiers submitted online ÷ dossiers received in the period"),
        _("dossiers submitted online"),
        _RECEIVED,
        Decimal(0),
        Decimal(50),
        lambda s: s["received_online"],
        received,
        "offline",
    ),
    Rule(
        "payable_online",
        "3.5",
        Group.PAYMENT,
        _("Procedures with fees payable online"),
        _("Procedures whose fees can be paid on the national portal ÷ procedures with fees"),
        _("procedures payable online"),
        _("procedures with fees"),
        Decimal(2),
        Decimal(80),
        missing=_PAYMENT,
    ),
    Rule(
        "paid_online_procedures",
        "3.5b",
        Group.PAYMENT,
        _("Procedures with at least one online payment"),
        _("Procedures with at least one dossier paid online ÷ procedures with fees"),
        _("procedures with an online payment"),
        _("procedures with fees"),
        Decimal(2),
        Decimal(80),
        missing=_PAYMENT,
    ),
    Rule(
        "paid_online",
        "3.6",
        Group.PAYMENT,
        _("Dossiers paid online"),
        _("Dossiers paid online ÷ dossiers of procedures with fees"),
        _("dossiers paid online"),
        _("dossiers with fees"),
        Decimal(6),
        Decimal(100),
        missing=_PAYMENT,
    ),
    Rule(
        "e_results",
        "4.1",
        Group.DIGITISATION,
        _("Dossiers with an electronic result"),
        _("Dossiers settled with an electronic result file ÷ dossiers settled with a result"),
        _("results issued as electronic files"),
        _("results issued"),
        Decimal(6),
        Decimal(100),
        lambda s: s["e_results"],
        lambda s: s["granted"],
    ),
    Rule(
        "digitised",
        "4.2",
        Group.DIGITISATION,
        _("Dossiers with digitised components"),
        _("Dossiers received as electronic files (online, or scanned at the desk) ÷ dossiers received"),
        _("dossiers digitised"),
        _RECEIVED,
        Decimal(4),
        Decimal(80),
        lambda s: s["digitised"],
        received,
        "not_digitised",
    ),
    Rule(
        "certified_copies",
        "4.2c",
        Group.DIGITISATION,
        _("Electronically certified copies"),
        _("Electronically certified copies of results issued ÷ electronic results issued"),
        _("certified electronic copies"),
        _("results issued as electronic files"),
        Decimal(2),
        Decimal(100),
        lambda s: s["certified_copies"],
        lambda s: s["e_results"],
    ),
    Rule(
        "reused",
        "4.3",
        Group.DIGITISATION,
        _("Dossiers reusing digitised data"),
        _("Dossiers with at least one component reused from digitised data ÷ dossiers received"),
        _("dossiers reusing digitised data"),
        _RECEIVED,
        Decimal(2),
        Decimal(80),
        lambda s: s["reused"],
        received,
        "not_reused",
    ),
    Rule(
        "citizen_store",
        "4.4",
        Group.DIGITISATION,
        _("Results sent to the citizen's data store"),
        _("Dossiers whose components or result are linked to the citizen's store ÷ dossiers received"),
        _("dossiers linked to the citizen's store"),
        _RECEIVED,
        Decimal(4),
        Decimal(100),
        missing=_SYNC,
    ),
    Rule(
        "population_procedures",
        "4.5a",
        Group.DIGITISATION,
        _("Procedures using the population database"),
        _("Procedures connected to the population database ÷ procedures for citizens"),
        _("procedures connected"),
        _("procedures for citizens"),
        Decimal(2),
        Decimal(100),
        missing=_POPULATION,
    ),
    Rule(
        "population_dossiers",
        "4.5b",
        Group.DIGITISATION,
        _("Dossiers using the population database"),
        _("Dossiers using data from the population database ÷ dossiers received"),
        _("dossiers using the population database"),
        _RECEIVED,
        Decimal(2),
        Decimal(100),
        missing=_POPULATION,
    ),
    Rule(
        "feedback_on_time",
        "5.2",
        Group.SATISFACTION,
        _("Feedback handled on time"),
        _("Feedback answered on time or still within its time ÷ feedback handled in the period"),
        _("feedback handled on time"),
        _("feedback handled"),
        Decimal(6),
        Decimal(100),
        missing=_FEEDBACK,
    ),
    Rule(
        "feedback_satisfied",
        "5.3",
        Group.SATISFACTION,
        _("Satisfaction with the handling of feedback"),
        _("(Feedback − feedback found unsatisfying, followed up or late) ÷ feedback received"),
        _("feedback handled to satisfaction"),
        _("feedback received"),
        Decimal(6),
        Decimal(100),
        missing=_FEEDBACK,
    ),
    Rule(
        "satisfied",
        "5.4",
        Group.SATISFACTION,
        _("Satisfaction with the handling of dossiers"),
        _(
            "100 % − (late dossiers ÷ dossiers handled + disliked dossiers ÷ dossiers handled), both "
            "over all the dossiers handled in the period"
        ),
        _("dossiers handled, less the late and the disliked ones"),
        _("dossiers handled in the period"),
        Decimal(6),
        Decimal(90),
        _satisfied,
        handled,
        "dissatisfied",
    ),
)
RULE_BY_CODE: Final = {rule.code: rule for rule in RULES}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class MeasureScore:
    """One indicator of one unit: the figures, the rate and the points earned, or why none."""

    rule: Rule
    status: str  # SCORED, NOT_APPLICABLE or NO_DATA
    numerator: int | None
    denominator: int | None
    rate: Decimal | None  # per cent, when scored
    target: Decimal
    points: Decimal  # as configured
    earned: Decimal | None  # None unless scored

    code = property(lambda self: self.rule.code)
    number = property(lambda self: self.rule.number)
    group = property(lambda self: self.rule.group)
    name = property(lambda self: self.rule.name)
    formula = property(lambda self: self.rule.formula)
    numerator_label = property(lambda self: self.rule.numerator_label)
    denominator_label = property(lambda self: self.rule.denominator_label)
    costly = property(lambda self: self.rule.costly)
    missing = property(lambda self: self.rule.missing)

    @property
    def possible(self) -> Decimal:
        """The points this indicator puts in the maximum: none when N/A or without data."""
        return self.points if self.status == SCORED else Decimal(0)

    @property
    def lost(self) -> Decimal:
        return self.points - self.earned if self.earned is not None else Decimal(0)

    @property
    def group_label(self) -> str:
        return str(Group(self.group).label)


@dataclass(frozen=True)
class GroupScore:
    code: str
    label: str
    points: Decimal  # as configured
    possible: Decimal  # of those, the points of indicators that could be scored
    earned: Decimal


@dataclass(frozen=True)
class Weights:
    """Points and target of each indicator, as configured."""

    points: Mapping[str, Decimal]
    targets: Mapping[str, Decimal]

    @cached_property
    def hundredths(self) -> tuple[tuple[Rule, int, int], ...]:
        """Each rule with its points and target in hundredths, as integers: a ranking scores
        thousands of units, and integer arithmetic is exact and several times faster than Decimal."""
        return tuple(
            (rule, int(self.points[rule.code] * 100), int(self.targets[rule.code] * 100)) for rule in RULES
        )


def weights_current() -> Weights:
    """The administrator's points and targets; an indicator without a row keeps its default."""
    rows = {m.code: m for m in IndexMeasure.objects.all()}
    return Weights(
        {r.code: rows[r.code].points if r.code in rows else r.points for r in RULES},
        {r.code: rows[r.code].target if r.code in rows else r.target for r in RULES},
    )


def _earned_cents(numerator: int, denominator: int, points: int, target: int) -> int:
    """Hundredths of a point earned (denominator > 0): all the points at or above the target, else
    points × rate ÷ target, rounded half up (points and target in hundredths; rate = numerator × 100
    ÷ denominator)."""
    if numerator * 10_000 >= target * denominator:
        return points
    top, bottom = points * numerator * 10_000, denominator * target
    return (2 * top + bottom) // (2 * bottom)


def _half_up(top: int, bottom: int) -> int:
    return (2 * top + bottom) // (2 * bottom)


class IndexScore:
    """The index of one unit's (or province's) figures: the total at once, the indicator by
    indicator detail only when asked for (a page shows it for one unit, a ranking needs the totals
    of thousands).

    `total` is the points earned scaled to 100 over the points that could be earned; None for a
    unit that had no dossier in the period (it is listed apart, never ranked) or when no indicator
    could be scored at all."""

    def __init__(self, sums: Sums, weights: Weights) -> None:
        self.sums, self.weights = sums, weights
        earned = possible = 0
        for rule, points, target in weights.hundredths:
            if rule.numerator is None or rule.denominator is None:
                continue
            denominator = rule.denominator(sums)
            if denominator <= 0:
                continue
            possible += points
            earned += _earned_cents(rule.numerator(sums), denominator, points, target)
        self.earned_points: Decimal = Decimal(earned).scaleb(-2)
        self.possible_points: Decimal = Decimal(possible).scaleb(-2)
        self.has_dossiers: bool = received(sums) > 0 or handled(sums) > 0
        self.total: Decimal | None = None
        if self.has_dossiers and possible:
            self.total = Decimal(_half_up(earned * 10_000, possible)).scaleb(-2)

    @cached_property
    def measures(self) -> tuple[MeasureScore, ...]:
        out = []
        for rule, points, target in self.weights.hundredths:
            configured = self.weights.points[rule.code]
            goal = self.weights.targets[rule.code]
            if rule.numerator is None or rule.denominator is None:
                out.append(MeasureScore(rule, NO_DATA, None, None, None, goal, configured, None))
                continue
            numerator, denominator = rule.numerator(self.sums), rule.denominator(self.sums)
            if denominator <= 0:
                out.append(MeasureScore(rule, NOT_APPLICABLE, numerator, 0, None, goal, configured, None))
                continue
            rate = (Decimal(numerator) * 100 / denominator).quantize(CENT, ROUND_HALF_UP)
            earned = Decimal(_earned_cents(numerator, denominator, points, target)).scaleb(-2)
            out.append(MeasureScore(rule, SCORED, numerator, denominator, rate, goal, configured, earned))
        return tuple(out)

    def groups(self) -> list[GroupScore]:
        """Each group with its configured points, the points it could earn and those it earned."""
        out = []
        for code, label in Group.choices:
            mine = [m for m in self.measures if m.group == code]
            out.append(
                GroupScore(
                    code,
                    str(label),
                    sum((m.points for m in mine), Decimal(0)),
                    sum((m.possible for m in mine), Decimal(0)),
                    sum((m.earned or Decimal(0) for m in mine), Decimal(0)),
                )
            )
        return out


def index_score(sums: Sums, weights: Weights) -> IndexScore:
    return IndexScore(sums, weights)


def ranks(scores: Mapping[str, Decimal | None]) -> dict[str, int]:
    """Competition ranking ("1, 2, 2, 4") of the keys with a score; equal scores share a rank. A key
    without a score (no dossier in the period) gets no rank: it is listed apart."""
    ordered = sorted(
        ((key, score) for key, score in scores.items() if score is not None),
        key=lambda item: (-item[1], item[0]),
    )
    out: dict[str, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (key, score) in enumerate(ordered, 1):
        if score != previous:
            rank, previous = position, score
        out[key] = rank
    return out
