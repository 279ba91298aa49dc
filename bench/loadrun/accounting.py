"""After the run: everything the clients were told succeeded is in the database, in the
activity log and (for files) in the S3 bucket with the bytes they sent. Runs in the bench's
own process with the app's settings (django.setup() after the services are up)."""

import hashlib
from collections import Counter


def survey_path():
    from surveys.models import Survey

    survey = Survey.objects.select_related("satker").get(
        satker__slug="pn-sarolangun", period="2021-Q4"
    )
    return f"/survei/{survey.satker.slug}/{survey.period}/"


def snapshot():
    """The counts the run must add to exactly what the clients were told."""
    from evidence.models import Activity, EvidenceFile
    from surveys.models import Response

    counts = Counter(Activity.objects.values_list("action", flat=True))
    counts["files"] = EvidenceFile.objects.count()
    counts["responses"] = Response.objects.count()
    return counts


def _object_sha(client, bucket, key):
    digest = hashlib.sha256()
    body = client.get_object(Bucket=bucket, Key=key)["Body"]
    for chunk in iter(lambda: body.read(65536), b""):
        digest.update(chunk)
    return digest.hexdigest()


def check_uploads(ledger, s3_client, bucket, before):
    from evidence.models import Activity, EvidenceFile

    problems = []
    for sha, name, requirement, month in ledger.uploads:
        rows = [
            *EvidenceFile.objects.filter(original_sha256=sha),
            *EvidenceFile.objects.filter(original_sha256="", sha256=sha),
        ]
        if len(rows) != 1:
            problems.append(f"upload {name}: {len(rows)} rows with its SHA-256, not 1")
            continue
        row = rows[0]
        if (row.cell.requirement_id, row.cell.month) != (requirement, month):
            problems.append(f"upload {name}: stored on another month")
        if _object_sha(s3_client, bucket, row.file.name) != row.sha256:
            problems.append(f"upload {name}: the object in the bucket is not the recorded bytes")
        if not row.original_sha256 and row.sha256 != sha:
            problems.append(f"upload {name}: stored bytes differ from those sent")
        if not Activity.objects.filter(action="upload", file=row).exists():
            problems.append(f"upload {name}: no activity-log entry")
    stored = EvidenceFile.objects.count() - before["files"]
    if stored != len(ledger.uploads):
        problems.append(f"{stored} files in the database, {len(ledger.uploads)} uploads confirmed")
    return problems


def check_decisions(ledger, before):
    from evidence.models import Activity, EvidenceFile

    problems = []
    status = {"approve": "approved", "return": "returned"}
    for public_id, decision in ledger.decisions:
        row = EvidenceFile.objects.filter(public_id=public_id).first()
        if row is None or row.status != status[decision]:
            problems.append(f"{decision} of {public_id}: the file is {row and row.status}")
        elif not Activity.objects.filter(action=decision, file=row).exists():
            problems.append(f"{decision} of {public_id}: no activity-log entry")
    logged = Counter(Activity.objects.filter(action__in=status).values_list("action", flat=True))
    logged.subtract({action: before[action] for action in status})
    logged = +logged
    made = Counter(decision for _, decision in ledger.decisions)
    if logged != made:
        problems.append(f"decisions logged {dict(logged)}, confirmed {dict(made)}")
    return problems


def check_ticks(ledger, before):
    from components.models import Cell
    from evidence.models import Activity

    problems = []
    for requirement, month in ledger.ticks:
        if not Cell.objects.filter(requirement_id=requirement, month=month, realized=True):
            problems.append(f"tick of {requirement}/{month}: the month is not realized")
        if not Activity.objects.filter(action="tick", requirement_id=requirement, month=month):
            problems.append(f"tick of {requirement}/{month}: no activity-log entry")
    logged = Activity.objects.filter(action="tick").count() - before["tick"]
    if logged != len(ledger.ticks):
        problems.append(f"{logged} ticks logged, {len(ledger.ticks)} confirmed")
    return problems


def check_surveys(ledger, before):
    from surveys.models import Response

    problems = []
    added = Response.objects.count() - before["responses"]
    if added != ledger.surveys:
        problems.append(f"{added} survey responses stored, {ledger.surveys} posts succeeded")
    return problems


def account(ledger, s3_client, bucket, before):
    return [
        *check_uploads(ledger, s3_client, bucket, before),
        *check_decisions(ledger, before),
        *check_ticks(ledger, before),
        *check_surveys(ledger, before),
    ]


SIZED_TABLES = [
    "components_cell", "components_requirement", "components_indicator", "evidence_evidencefile",
    "evidence_activity", "surveys_response", "surveys_answer", "django_session", "zi_cache",
]  # fmt: skip


def table_sizes():
    """Rows and bytes (pg_total_relation_size: table, indexes, TOAST) of the tables that
    grow, after the run: the figures SCALING.md multiplies out."""
    from django.db import connection

    lines = [f"{'table':<24}{'rows':>9}{'bytes':>12}{'bytes/row':>11}"]
    with connection.cursor() as cursor:
        for table in SIZED_TABLES:
            cursor.execute(f"SELECT count(*), pg_total_relation_size('{table}') FROM {table}")
            rows, size = cursor.fetchone()
            lines.append(f"{table:<24}{rows:>9}{size:>12}{size // max(rows, 1):>11}")
    return lines
