"""Centroids of the demo municipalities' postal codes (data/postal_codes.csv).

Approximate centroids; import complete data with ``manage.py
import_postal_codes``. Self-contained: reads the CSV with the historical
model, never overwriting rows that exist.
"""

import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "postal_codes.csv"


def load(apps, schema_editor):
    PostalCodeArea = apps.get_model("jobs", "PostalCodeArea")
    existing = set(PostalCodeArea.objects.values_list("code", flat=True))
    with CSV_PATH.open(encoding="utf-8", newline="") as stream:
        PostalCodeArea.objects.bulk_create(
            PostalCodeArea(
                code=row["code"],
                place=row["place"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            )
            for row in csv.DictReader(stream)
            if row["code"] not in existing
        )


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
