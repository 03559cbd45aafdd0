from decimal import Decimal

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# The defaults of motcua.monitor.index.RULES, copied so that this migration never changes.
DEFAULTS = [
    ("decided_in_time", "transparency", "Online dossiers accepted or refused within 8 working hours", 18, 100),
    ("timely", "progress", "Dossiers settled early or on time", 20, 100),
    ("full_online", "online", "Dossiers of fully-online procedures submitted online", 6, 100),
    ("online_share", "online", "Share of dossiers submitted online", 6, 50),
    ("payment_online", "payment", "Dossiers with a fee submitted and payable online", 10, 100),
    ("e_results", "digitisation", "Results returned electronically", 11, 50),
    ("digitised", "digitisation", "Dossiers received as electronic files", 11, 100),
    ("satisfaction", "satisfaction", "100 % minus the late rate and the dislike rate", 18, 100),
]


def seed(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    measure = apps.get_model("monitor", "IndexMeasure")
    for position, (code, group, name, points, target) in enumerate(DEFAULTS):
        measure.objects.get_or_create(
            code=code,
            defaults={
                "group": group,
                "name": name,
                "points": Decimal(points),
                "target": Decimal(target),
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("monitor", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
