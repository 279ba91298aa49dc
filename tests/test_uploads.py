"""Checking uploads by their bytes: what is accepted, what is refused, what photos become."""

import contextlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from evidence.uploads import GPS_IFD, UploadRejected, prepare
from tests import samples


def check(name, content):
    return prepare(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "make", "content_type", "extension"),
    [
        ("scan.pdf", samples.pdf, "application/pdf", ".pdf"),
        ("foto.jpg", samples.jpeg, "image/jpeg", ".jpg"),
        ("layar.png", samples.png, "image/png", ".png"),
        ("foto.webp", samples.webp, "image/webp", ".webp"),
        ("IMG_0001.HEIC", samples.heic, "image/jpeg", ".jpg"),  # converted for every browser
        ("sk.docx", samples.docx, samples.OOXML_TYPES["docx"], ".docx"),
        ("rekap.xlsx", samples.xlsx, samples.OOXML_TYPES["xlsx"], ".xlsx"),
        ("paparan.pptx", samples.pptx, samples.OOXML_TYPES["pptx"], ".pptx"),
        ("video.mp4", samples.mp4, "video/mp4", ".mp4"),
    ],
)
def test_it_accepts_the_listed_types_by_content(name, make, content_type, extension):
    prepared = check(name, make())
    assert (prepared.content_type, prepared.extension) == (content_type, extension)
    assert prepared.original_name == name
    assert len(prepared.sha256) == 64 and prepared.size > 0


def test_the_type_comes_from_the_bytes_not_the_name():
    assert check("foto.pdf", samples.jpeg()).content_type == "image/jpeg"
    assert check("laporan", samples.pdf()).content_type == "application/pdf"


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("kosong.pdf", lambda: b"", "kosong"),
        ("setup.pdf", samples.exe, "bernama berkas PDF, tetapi isinya bukan PDF"),
        ("setup.exe", samples.exe, "tidak diterima"),
        ("halaman.html", samples.html_with_script, "tidak diterima"),
        ("gambar.svg", samples.svg_with_script, "tidak diterima"),
        ("surat.pdf", samples.pdf_html_polyglot, "kode halaman web"),
        ("foto.jpg", samples.jpeg_html_polyglot, "kode halaman web"),
        ("surat.pdf", samples.pdf_with_javascript, "skrip, aksi, atau berkas"),
        ("bom.png", samples.decompression_bomb, "sangat besar"),
        ("bom.docx", samples.zip_bomb_docx, "tidak wajar"),
        ("makro.docx", samples.docm_renamed_docx, "makro"),
        ("arsip.docx", lambda: samples.ooxml("isi.txt"), "arsip ZIP"),
        ("rusak.jpg", lambda: samples.jpeg()[:200], "bukan foto"),
        ("rusak.docx", lambda: b"PK\x03\x04" + b"\x00" * 100, "rusak"),
        ("a" * 250 + ".pdf", samples.pdf, "terlalu panjang"),
        ("surat\x07.pdf", samples.pdf, "karakter kontrol"),
        ("film.mov", lambda: b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ", "tidak diterima"),
        ("tugas.bat", samples.batch_disguised_as_pdf, "rusak"),
        ("rapat.cmd", samples.batch_disguised_as_mp4, "rusak"),
        ("surat.pdf", samples.pdf_with_escaped_javascript, "skrip, aksi, atau berkas"),
        ("surat.pdf", samples.pdf_with_attachment, "skrip, aksi, atau berkas"),
        ("lihat.pdf", samples.pdf_with_img_onerror, "kode halaman web"),
        ("video.mp4", lambda: samples.mp4().replace(b"moov", b"free"), "rusak"),
    ],
)
def test_it_refuses_bad_files_with_a_message(name, make, message):
    with pytest.raises(UploadRejected) as refused:
        check(name, make())
    assert message in str(refused.value)


def test_it_refuses_a_file_over_the_limit(settings):
    settings.EVIDENCE_MAX_FILE_BYTES = 1000
    with pytest.raises(UploadRejected, match="melebihi batas ukuran"):
        check("besar.pdf", samples.pdf() + b"%" * 2000)


def test_a_large_photo_within_the_pixel_limit_is_fine(settings):
    settings.EVIDENCE_MAX_IMAGE_PIXELS = 10_000
    check("kecil.jpg", samples.jpeg(width=100, height=100))
    with pytest.raises(UploadRejected, match="piksel"):
        check("besar.jpg", samples.jpeg(width=101, height=100))


def stored_image(prepared):
    prepared.content.seek(0)
    return Image.open(io.BytesIO(prepared.content.read()))


def test_photos_are_turned_upright_and_lose_their_gps():
    original = samples.jpeg(width=120, height=80, orientation=6)  # taken rotated
    assert GPS_IFD in Image.open(io.BytesIO(original)).getexif()
    prepared = check("foto.jpg", original)
    image = stored_image(prepared)
    assert image.size == (80, 120)
    exif = image.getexif()
    assert GPS_IFD not in exif
    assert 0x0112 not in exif  # no orientation left to apply twice
    assert exif.get(0x010F) == "ZI Test Camera"  # the rest of the EXIF stays


def test_photo_comments_are_dropped():
    prepared = check("foto.jpg", samples.jpeg(comment=b"lokasi rumah saya"))
    prepared.content.seek(0)
    assert b"lokasi rumah saya" not in prepared.content.read()


def test_photos_get_a_thumbnail_and_documents_do_not():
    photo = check("foto.jpg", samples.jpeg(width=1200, height=900))
    thumb = Image.open(io.BytesIO(photo.thumbnail.read()))
    assert max(thumb.size) == 480
    assert check("scan.pdf", samples.pdf()).thumbnail is None


def test_heic_is_converted_and_says_so():
    prepared = check("IMG_0001.HEIC", samples.heic())
    assert stored_image(prepared).format == "JPEG"
    assert "HEIC" in prepared.note


def test_photos_keep_the_size_and_hash_of_what_was_sent():
    import hashlib

    original = samples.jpeg()
    prepared = check("foto.jpg", original)
    assert prepared.original_size == len(original)
    assert prepared.original_sha256 == hashlib.sha256(original).hexdigest()
    assert prepared.sha256 != prepared.original_sha256  # stored re-encoded, without GPS
    assert check("scan.pdf", samples.pdf()).original_sha256 == ""  # stored as sent


SAMPLES = {
    "jpeg": samples.jpeg,
    "png": samples.png,
    "webp": samples.webp,
    "heic": samples.heic,
    "pdf": samples.pdf,
    "docx": samples.docx,
    "mp4": samples.mp4,
}


@pytest.mark.parametrize("kind", SAMPLES)
@pytest.mark.filterwarnings("ignore::UserWarning:PIL")
def test_damaged_files_are_refused_never_crash(kind):
    """Flip, cut and overwrite bytes of valid files: each is accepted or refused, no error."""
    import random

    original = SAMPLES[kind]()
    rng = random.Random(kind)
    for _ in range(150):
        data = bytearray(original)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(1, len(data))]
        with contextlib.suppress(UploadRejected):
            check(f"rusak.{kind}", bytes(data))
