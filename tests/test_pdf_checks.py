"""PDFs are parsed (pikepdf, on qpdf): what does not parse, or carries scripts, actions,
launches, attached files or forms anywhere, is refused; the app's own PDFs pass."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from components.matrix import build_matrix
from evidence.uploads import UploadRejected, prepare
from monitoring.monev import report_pdf
from reports.pdf import matrix_html, render_pdf
from tests import samples

pytestmark = pytest.mark.django_db


def check(data, name="berkas.pdf"):
    return prepare(SimpleUploadedFile(name, data))


@pytest.mark.parametrize(
    "make",
    [
        samples.pdf_with_compressed_javascript,
        samples.pdf_with_page_launch_action,
        samples.pdf_with_form,
        samples.pdf_with_compressed_attachment,
        samples.pdf_with_escaped_javascript,
        samples.pdf_with_attachment,
    ],
)
def test_it_refuses_active_pdfs_even_inside_compressed_object_streams(make):
    data = make()
    assert b"/JavaScript" not in data or make is samples.pdf_with_escaped_javascript
    with pytest.raises(UploadRejected, match="skrip|scripts"):
        check(data)


def test_a_batch_script_with_a_pdf_header_and_eof_is_refused():
    with pytest.raises(UploadRejected, match="rusak|damaged"):
        check(samples.batch_disguised_as_pdf() + b"%%EOF\r\n", "tugas.pdf")


def test_a_pdf_with_no_page_is_refused():
    data = samples.pdf().replace(b"/Kids [3 0 R] /Count 1", b"/Kids [] /Count 0")
    with pytest.raises(UploadRejected):
        check(data)


def test_plain_pdfs_pass_also_with_object_streams():
    assert check(samples.pdf()).content_type == "application/pdf"
    assert check(samples.pikepdf_sample(lambda document: None)).size > 0


def test_the_apps_own_pdfs_pass(plan):
    data = render_pdf(matrix_html(plan, build_matrix(plan), paper="a4"))
    assert check(data, "matriks.pdf").sha256
    assert check(report_pdf(plan, 1), "monev.pdf").sha256
