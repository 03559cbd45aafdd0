"""The 766 index rebuilt as the national portal computes it: the indicators' national points and
targets replace the earlier measures (a province's own points for an indicator that keeps its code
are kept), and the open-dossier snapshot learns the times and supplement counts it now holds.

The new counter columns of past days stay at zero until `manage.py rebuild_aggregates` recounts
them from the event log: run it once after this migration."""

from decimal import Decimal

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.models import Count, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

# The defaults of motcua.monitor.index.RULES, copied so that this migration never changes.
DEFAULTS = [
    ("published_on_time", "transparency", "1.1 Procedures published on time", 6, 100),
    ("public_on_time", "transparency", "1.2 Procedures updated and made public on time", 4, 100),
    ("public_complete", "transparency", "1.3 Procedures made public with all their parts", 2, 100),
    ("synchronised", "transparency", "1.4 Dossiers synchronised to the national portal", 6, 100),
    ("on_time", "progress", "2.1 Dossiers settled or in progress on time", 20, 100),
    ("full_online", "online", "3 Dossiers of fully-online procedures submitted online", 12, 100),
    ("online_procedures", "online", "3.1 Procedures offered as an online service", 0, 80),
    ("online_share", "online", "3.3 Share of dossiers submitted online", 0, 50),
    ("payable_online", "payment", "3.5 Procedures with fees payable online", 2, 80),
    ("paid_online_procedures", "payment", "3.5b Procedures with at least one online payment", 2, 80),
    ("paid_online", "payment", "3.6 Dossiers paid online", 6, 100),
    ("e_results", "digitisation", "4.1 Dossiers with an electronic result", 6, 100),
    ("digitised", "digitisation", "4.2 Dossiers with digitised components", 4, 80),
    ("certified_copies", "digitisation", "4.2c Electronically certified copies", 2, 100),
    ("reused", "digitisation", "4.3 Dossiers reusing digitised data", 2, 80),
    ("citizen_store", "digitisation", "4.4 Results sent to the citizen's data store", 4, 100),
    ("population_procedures", "digitisation", "4.5a Procedures using the population database", 2, 100),
    ("population_dossiers", "digitisation", "4.5b Dossiers using the population database", 2, 100),
    ("feedback_on_time", "satisfaction", "5.2 Feedback handled on time", 6, 100),
    ("feedback_satisfied", "satisfaction", "5.3 Satisfaction with the handling of feedback", 6, 100),
    ("satisfied", "satisfaction", "5.4 Satisfaction with the handling of dossiers", 6, 90),
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    measure = apps.get_model("monitor", "IndexMeasure")
    codes = [code for code, *_rest in DEFAULTS]
    measure.objects.exclude(code__in=codes).delete()
    for position, (code, group, name, points, target) in enumerate(DEFAULTS):
        # A changed definition: the national defaults, whatever the earlier measure of that code had.
        measure.objects.update_or_create(
            code=code,
            defaults={
                "group": group,
                "name": name,
                "points": Decimal(points),
                "target": Decimal(target),
                "position": position,
            },
        )


def snapshot_fill(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    dossier = apps.get_model("dossiers", "Dossier")
    supplement = apps.get_model("dossiers", "Supplement")
    snapshot = apps.get_model("monitor", "OpenDossier")
    mine = dossier.objects.filter(pk=OuterRef("dossier_id"))
    asked = supplement.objects.filter(dossier_id=OuterRef("dossier_id")).values("dossier_id")
    snapshot.objects.update(
        accepted_at=Subquery(mine.values("accepted_at")[:1]),
        original_due_at=Subquery(mine.values("original_due_at")[:1]),
        supplements=Coalesce(Subquery(asked.annotate(n=Count("pk")).values("n")[:1]), 0),
    )
    waiting = asked.filter(provided_at__isnull=True, closed_at__isnull=True)
    snapshot.objects.filter(status="supplement_requested").update(
        supplement_at=Subquery(waiting.annotate(at=Max("requested_at")).values("at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("monitor", "0003_index_766_indicators"),
        ("dossiers", "0002_attachment_extension_rating_specialty_supplement_and_more"),
    ]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(snapshot_fill, migrations.RunPython.noop),
    ]
