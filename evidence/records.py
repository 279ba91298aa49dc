"""What the database lets change in the evidence records (see zi_tracker.records).

An evidence file's provenance never changes; its review moves only as the model's methods
move it (EvidenceFile.approve, return_for_revision, mark_revised, withdraw), and the review
and withdrawal columns change only with that move. The activity log is never changed.
"""

from zi_tracker.records import RecordRules

EVIDENCE_FILE = RecordRules(
    table="evidence_evidencefile",
    frozen=(
        "id",
        "public_id",
        "cell_id",
        "file",
        "thumbnail",
        "original_name",
        "size",
        "content_type",
        "sha256",
        "original_size",
        "original_sha256",
        "description",
        "activity_date",
        "uploaded_by_id",
        "uploaded_at",
        "submission",
        "submission_index",
        "revision_of_id",
    ),
    state="status",
    transitions=(
        ("pending", "approved"),
        ("pending", "returned"),
        ("returned", "revised"),
        ("pending", "withdrawn"),
        ("returned", "withdrawn"),
    ),
    mutable=(
        "reviewed_by_id",
        "reviewed_at",
        "review_note",
        "withdrawn_by_id",
        "withdrawn_at",
        "withdraw_reason",
    ),
)

ACTIVITY = RecordRules(table="evidence_activity", updatable=False)

RULES = (EVIDENCE_FILE, ACTIVITY)
