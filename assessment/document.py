"""The LKE as a PDF: scores, readiness, and both tiers' answers and notes (A4 or F4)."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from reports.pdf import render_pdf

from .page import page_context

PORTRAIT = {"a4": "210mm 297mm", "f4": "215mm 330mm"}


def lke_pdf(request, access, assessment, paper="a4"):
    """The PDF's bytes, in Indonesian whatever the interface language: it is the court's."""
    with translation.override("id"):
        context = page_context(request, access, assessment)
        ready = context["unit"].readiness
        pairs = list(zip(ready.wbk.criteria, ready.wbbm.criteria, strict=False))  # WBBM: +1
        context |= {"page_size": PORTRAIT[paper], "made_at": timezone.now(), "criteria": pairs}
        html = render_to_string("assessment/document.html", context)
    return render_pdf(html)
