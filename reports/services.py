"""Signing and reopening a plan's matrix."""

import base64
import hashlib
import io

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from components.matrix import build_matrix, matrix_fingerprint
from components.models import Plan
from evidence.models import Activity
from evidence.uploads import strict_decoding
from zi_tracker.files import StorageFailed, removed_on_failure, store

from .models import SignedMatrix
from .pdf import matrix_html, render_pdf


class Conflict(Exception):
    """The plan changed, or someone acted first; nothing was stored."""


class BadSignatureImage(Exception):
    pass


MAX_SIGNATURE_PIXELS = 4_000_000


def signature_png(upload):
    """The scanned signature and stamp as a PNG (transparency kept), or BadSignatureImage."""
    try:
        image = Image.open(upload)
        if image.format not in ("PNG", "JPEG", "WEBP") or image.width * image.height > (
            MAX_SIGNATURE_PIXELS
        ):
            raise BadSignatureImage
        with strict_decoding():  # a cut-off scan is refused, whatever was imported before
            image.load()
        image = ImageOps.exif_transpose(image)
        image.thumbnail((1600, 800))
        buffer = io.BytesIO()
        image.convert("RGBA").save(buffer, "PNG")
        return buffer.getvalue()
    except BadSignatureImage:
        raise
    except Exception:
        raise BadSignatureImage from None


def verify_url(code, base_url):
    """The address printed on the PDF: SITE_URL (required in production), else the request's."""
    base = (settings.SITE_URL or base_url).rstrip("/")
    return base + reverse("verify", args=[code])


def qr_svg(url):
    """The verification address as a QR code, inline SVG, with the standard quiet zone."""
    return segno.make(url, error="m").svg_inline(scale=3, border=4, omitsize=False)


def png_data_uri(png):
    return "data:image/png;base64," + base64.b64encode(png).decode()


def signed_document_options(signed):
    """What matrix_html needs to draw a signed version: its paper, QR code and signature."""
    signature_uri = None
    if signed.signature_image:
        with signed.signature_image.open("rb") as image:
            signature_uri = png_data_uri(image.read())
    return {
        "paper": signed.paper,
        "signed": signed,
        "qr_svg": qr_svg(signed.verify_url),
        "signature_uri": signature_uri,
    }


def sign_plan(*, plan, user, paper, base_url, signature=None):
    """Render, freeze and record the plan's matrix as signed by `user`.

    The PDF is rendered first, outside the transaction; the transaction then checks that
    the plan is as it was rendered and still unsigned, so a tick made meanwhile or a second
    signature cannot slip in. Files written for a failed attempt are removed.
    """
    if plan.signed_version() is not None:  # cheap, before rendering; checked again below
        raise Conflict(_("This plan is already signed."))
    rows = build_matrix(plan)
    fingerprint = matrix_fingerprint(plan, rows)
    version = (plan.signed_versions.aggregate(v=Max("version"))["v"] or 0) + 1
    record = SignedMatrix(
        plan=plan,
        version=version,
        paper=paper,
        fingerprint=fingerprint,
        signed_by=user,
        signatory_name=plan.signatory_name,
        signatory_title=plan.signatory_title,
        signatory_nip=plan.signatory_nip,
        planned_months=sum(m.planned for row in rows for m in row.months),
        realized_months=sum(m.realized for row in rows for m in row.months),
    )
    record.verify_url = verify_url(record.code, base_url)
    data = render_pdf(
        matrix_html(
            plan,
            rows,
            paper=paper,
            signed=record,
            qr_svg=qr_svg(record.verify_url),
            signature_uri=png_data_uri(signature) if signature is not None else None,
        )
    )
    record.sha256 = hashlib.sha256(data).hexdigest()
    record.size = len(data)

    with removed_on_failure() as written:
        try:
            store(record.file, "matrix.pdf", ContentFile(data), written)
            if signature is not None:
                store(record.signature_image, "ttd.png", ContentFile(signature), written)
        except StorageFailed as failed:
            raise Conflict(str(failed)) from failed
        _record_signature(plan, user, record)
    return record


def _record_signature(plan, user, record):
    """Save the signed version, if the plan is still as it was rendered and unsigned."""
    try:
        with transaction.atomic():
            locked = Plan.objects.select_for_update(no_key=True).get(pk=plan.pk)
            if locked.signed_versions.current().exists():
                raise Conflict(_("This plan is already signed."))
            if matrix_fingerprint(locked, build_matrix(locked)) != record.fingerprint:
                raise Conflict(_("The plan changed while it was being signed; sign again."))
            record.save()
            Activity.objects.create(
                plan=plan,
                user=user,
                action=Activity.Action.SIGN,
                note=_("version %(version)d, SHA-256 %(sha)s")
                % {"version": record.version, "sha": record.sha256},
            )
    except IntegrityError:
        raise Conflict(_("This plan was signed a moment ago by someone else.")) from None


def reopen_plan(*, plan, user, reason):
    """Close the version in force so the plan can change again; it stays downloadable."""
    reason = reason.strip()
    if not reason:
        raise Conflict(_("Write why the signed plan must change."))
    with transaction.atomic():
        current = plan.signed_versions.current().first()
        if current is None or not current.reopen(by=user, reason=reason):
            raise Conflict(_("The plan is not signed (any more); nothing to reopen."))
        Activity.objects.create(
            plan=plan,
            user=user,
            action=Activity.Action.REOPEN,
            note=_("version %(version)d: %(reason)s")
            % {"version": current.version, "reason": reason},
        )
    return current
