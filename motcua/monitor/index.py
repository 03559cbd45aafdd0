"""The Decision 766/QĐ-TTg index: six groups, 100 points, from our own counters.

Each measure is a rate (numerator ÷ denominator of summed counters). With a target T, a rate at or
above T earns the measure's full points, a lower one rate/T of them (domain notes §5). A measure
with nothing to judge (no dossier in its denominator) loses no points. Points and targets are rows
of `IndexMeasure`, editable by an administrator; the defaults below are those the migration seeds.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Final

from django.utils.translation import gettext_lazy as _

from motcua.monitor.models import IndexMeasure

Sums = Mapping[str, int]
Group = IndexMeasure.Group


def _received(s: Sums) -> int:
    return s["received_in_person"] + s["received_online"] + s["received_post"]


def _resolved(s: Sums) -> int:
    return s["resolved_early"] + s["resolved_on_time"] + s["resolved_late"]


@dataclass(frozen=True)
class MeasureRule:
    """How a measure reads the counters, and which dossiers cost it points (a drill-down)."""

    code: str
    group: str
    name: object  # lazy translated text
    points: Decimal
    target: Decimal
    numerator: Callable[[Sums], int]
    denominator: Callable[[Sums], int]
    costly: str  # the drill-down measure listing the dossiers that lost points


def _satisfied(s: Sums) -> int:
    """Satisfaction rate, in hundredths of a per cent of resolved dossiers: 100 % − (late rate +
    dislike rate), never below 0. Scaled by the denominator so it reads like the other measures."""
    resolved = _resolved(s)
    if not resolved:
        return 0
    late = Decimal(s["resolved_late"]) / resolved
    dislike = Decimal(s["dislikes"]) / s["ratings"] if s["ratings"] else Decimal(0)
    return int(max(Decimal(0), 1 - late - dislike) * resolved * 10_000)


RULES: Final[tuple[MeasureRule, ...]] = (
    MeasureRule(
        "decided_in_time",
        Group.TRANSPARENCY,
        _("Online dossiers accepted or refused within 8 working hours"),
        Decimal(18),
        Decimal(100),
        lambda s: s["decided_in_time"],
        lambda s: s["decided_online"],
        "decided_late",
    ),
    MeasureRule(
        "timely",
        Group.PROGRESS,
        _("Dossiers settled early or on time"),
        Decimal(20),
        Decimal(100),
        lambda s: s["resolved_early"] + s["resolved_on_time"],
        _resolved,
        "late",
    ),
    MeasureRule(
        "full_online",
        Group.ONLINE,
        _("Dossiers of fully-online procedures submitted online"),
        Decimal(6),
        Decimal(100),
        lambda s: s["received_full_online_level_online"],
        lambda s: s["received_full_online_level"],
        "full_online_offline",
    ),
    MeasureRule(
        "online_share",
        Group.ONLINE,
        _("Share of dossiers submitted online"),
        Decimal(6),
        Decimal(50),
        lambda s: s["received_online"],
        _received,
        "offline",
    ),
    MeasureRule(
        "payment_online",
        Group.PAYMENT,
        _("Dossiers with a fee submitted and payable online"),
        Decimal(10),
        Decimal(100),
        lambda s: s["received_with_fee_online"],
        lambda s: s["received_with_fee"],
        "fee_offline",
    ),
    MeasureRule(
        "e_results",
        Group.DIGITISATION,
        _("Results returned electronically"),
        Decimal(11),
        Decimal(50),
        lambda s: s["returned_online"],
        lambda s: s["returned"],
        "returned_on_paper",
    ),
    MeasureRule(
        "digitised",
        Group.DIGITISATION,
        _("Dossiers received as electronic files"),
        Decimal(11),
        Decimal(100),
        lambda s: s["digitised"],
        _received,
        "not_digitised",
    ),
    MeasureRule(
        "satisfaction",
        Group.SATISFACTION,
        _("100 % minus the late rate and the dislike rate"),
        Decimal(18),
        Decimal(100),
        _satisfied,
        lambda s: _resolved(s) * 10_000,
        "dissatisfied",
    ),
)
RULE_BY_CODE: Final = {rule.code: rule for rule in RULES}
CENT = Decimal("0.01")


@dataclass(frozen=True)
class MeasureScore:
    code: str
    group: str
    name: object  # lazy translated text: translated when shown, not for each of 3,321 units
    numerator: int
    denominator: int
    rate: Decimal | None  # per cent, None when nothing to judge
    target: Decimal
    points: Decimal
    earned: Decimal
    costly: str

    @property
    def lost(self) -> Decimal:
        return self.points - self.earned

    @property
    def group_label(self) -> str:
        return str(Group(self.group).label)


@dataclass(frozen=True)
class Weights:
    """Points and target of each measure, as configured."""

    points: Mapping[str, Decimal]
    targets: Mapping[str, Decimal]

    @cached_property
    def hundredths(self) -> tuple[tuple[MeasureRule, int, int], ...]:
        """Each rule with its points and target in hundredths, as integers: a ranking scores
        thousands of units, and integer arithmetic is exact and several times faster than Decimal."""
        return tuple(
            (rule, int(self.points[rule.code] * 100), int(self.targets[rule.code] * 100)) for rule in RULES
        )


def weights_current() -> Weights:
    """The administrator's points and targets; a measure without a row keeps its default."""
    rows = {m.code: m for m in IndexMeasure.objects.all()}
    return Weights(
        {r.code: rows[r.code].points if r.code in rows else r.points for r in RULES},
        {r.code: rows[r.code].target if r.code in rows else r.target for r in RULES},
    )


def _earned_cents(numerator: int, denominator: int, points: int, target: int) -> int:
    """Hundredths of a point earned: all the points at or above the target, else points × rate ÷
    target, rounded half up (points and target in hundredths; rate = numerator × 100 ÷ denominator)."""
    if not denominator or numerator * 10_000 >= target * denominator:
        return points
    top, bottom = points * numerator * 10_000, denominator * target
    return (2 * top + bottom) // (2 * bottom)


class IndexScore:
    """The index of one set of counters: the total at once, the measure by measure detail only
    when asked for (a page shows it for one unit, a ranking needs the totals of thousands)."""

    def __init__(self, sums: Sums, weights: Weights) -> None:
        self.sums, self.weights = sums, weights
        cents = 0
        for rule, points, target in weights.hundredths:
            cents += _earned_cents(rule.numerator(sums), rule.denominator(sums), points, target)
        self.total: Decimal = Decimal(cents).scaleb(-2)

    @cached_property
    def measures(self) -> tuple[MeasureScore, ...]:
        out = []
        for rule, points, target in self.weights.hundredths:
            numerator, denominator = rule.numerator(self.sums), rule.denominator(self.sums)
            rate = None
            if denominator:
                rate = (Decimal(numerator) * 100 / denominator).quantize(CENT, ROUND_HALF_UP)
            out.append(
                MeasureScore(
                    rule.code,
                    rule.group,
                    rule.name,
                    numerator,
                    denominator,
                    rate,
                    self.weights.targets[rule.code],
                    self.weights.points[rule.code],
                    Decimal(_earned_cents(numerator, denominator, points, target)).scaleb(-2),
                    rule.costly,
                )
            )
        return tuple(out)

    def groups(self) -> list[tuple[str, str, Decimal, Decimal]]:
        """(group code, label, points, earned) in the order of the groups."""
        out = []
        for code, label in Group.choices:
            mine = [m for m in self.measures if m.group == code]
            out.append(
                (
                    code,
                    str(label),
                    sum((m.points for m in mine), Decimal(0)),
                    sum((m.earned for m in mine), Decimal(0)),
                )
            )
        return out


def index_score(sums: Sums, weights: Weights) -> IndexScore:
    return IndexScore(sums, weights)


def ranks(scores: Mapping[str, Decimal]) -> dict[str, int]:
    """Competition ranking ("1, 2, 2, 4"): equal scores share a rank."""
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    out: dict[str, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (key, score) in enumerate(ordered, 1):
        if score != previous:
            rank, previous = position, score
        out[key] = rank
    return out
