"""Demo feedback for a unit: one answered on time and found satisfying, one answered late and found
unsatisfying, one past its deadline and still open, one fresh. Idempotent by title."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.accounts.models import Membership
from motcua.accounts.roles import Role
from motcua.feedback.actions import Submission, feedback_answer, feedback_rate, feedback_submit
from motcua.feedback.models import Feedback
from motcua.units.models import Unit

DEMO = (
    # title, days ago received, days after reception answered (None: open), satisfied
    ("Giờ làm việc của bộ phận một cửa", 30, 3, True),
    ("Hướng dẫn chưa rõ về hồ sơ đăng ký hộ kinh doanh", 28, 20, False),
    ("Chưa nhận được kết quả đúng hẹn", 25, None, None),
    ("Đề nghị bố trí thêm ghế chờ", 1, None, None),
)


class Command(BaseCommand):
    help = "Create demo feedback for a unit (default: xã Krông Nô, 24688)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", default="24688")

    def handle(self, *args: Any, **options: Any) -> None:
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"No unit {options['unit']}")
        answerer = (
            Membership.objects.filter(unit=unit, role__in=(Role.HANDLER, Role.UNIT_LEADER), active=True)
            .select_related("user")
            .first()
        )
        if answerer is None:
            raise CommandError("The unit has no handler or leader to answer.")
        now = timezone.now()
        made = 0
        for title, ago, answer_after, satisfied in DEMO:
            if Feedback.objects.filter(unit=unit, title=title).exists():
                continue
            received = now - timedelta(days=ago)
            item = feedback_submit(
                actor=None,
                channel=Feedback.Channel.PORTAL,
                submission=Submission(
                    subject=Feedback.Subject.UNIT,
                    title=title,
                    text=title + ".",
                    name="Người dân (demo)",
                    phone="0900000000",
                    unit_code=unit.code,
                ),
                at=received,
            )
            if answer_after is not None:
                answered = received + timedelta(days=answer_after)
                feedback_answer(
                    actor=answerer.user, feedback=item, answer="Đơn vị đã tiếp thu và xử lý.", at=answered
                )
                feedback_rate(feedback=item, satisfied=bool(satisfied), at=answered + timedelta(days=1))
            made += 1
        self.stdout.write(f"{made} demo feedback items for {unit.name}")
