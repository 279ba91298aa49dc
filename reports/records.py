"""What the database lets change in a signed matrix (see zi_tracker.records).

A signed version is frozen; it is only reopened, once (SignedMatrix.reopen).
"""

from zi_tracker.records import RecordRules

SIGNED_MATRIX = RecordRules(
    table="reports_signedmatrix",
    frozen=(
        "id",
        "plan_id",
        "version",
        "code",
        "paper",
        "file",
        "sha256",
        "size",
        "fingerprint",
        "signature_image",
        "signed_by_id",
        "signed_at",
        "signatory_name",
        "signatory_title",
        "signatory_nip",
        "verify_url",
        "planned_months",
        "realized_months",
    ),
    state="reopened_at",
    transitions=((None, "*"),),
    mutable=("reopened_by_id", "reopen_reason"),
)

RULES = (SIGNED_MATRIX,)
