"""Sample files for upload tests, made in memory: real formats, and the bad ones we refuse."""

import io
import zipfile

from PIL import Image, TiffImagePlugin

GPS_IFD = 0x8825


def jpeg(width=64, height=48, orientation=None, gps=True, comment=b"", color="red"):
    """A JPEG photo; by default with GPS coordinates in its EXIF, as phones write them."""
    image = Image.new("RGB", (width, height), color)
    exif = Image.Exif()
    exif[0x010F] = "ZI Test Camera"  # Make
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[GPS_IFD] = {
            1: "S",
            2: (TiffImagePlugin.IFDRational(2), TiffImagePlugin.IFDRational(5), 0),
            3: "E",
            4: (TiffImagePlugin.IFDRational(102), TiffImagePlugin.IFDRational(42), 0),
        }
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), comment=comment)
    return buffer.getvalue()


def png(width=40, height=30):
    buffer = io.BytesIO()
    Image.new("RGBA", (width, height), (0, 128, 0, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def webp():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), "blue").save(buffer, "WEBP")
    return buffer.getvalue()


def heic():
    import pillow_heif

    pillow_heif.register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "yellow").save(buffer, "HEIF")
    return buffer.getvalue()


def pdf(text="Berita acara"):
    """A minimal valid one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    stream = b"BT /F1 12 Tf 20 50 Td (" + text.encode("latin-1") + b") Tj ET"
    objects[3] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def ooxml(main_part, extra=None):
    """A minimal OOXML package (docx: word/document.xml, xlsx: xl/workbook.xml ...)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr(main_part, '<?xml version="1.0"?><document/>')
        for name, data in (extra or {}).items():
            package.writestr(name, data)
    return buffer.getvalue()


def docx():
    return ooxml("word/document.xml")


def xlsx():
    return ooxml("xl/workbook.xml")


def pptx():
    return ooxml("ppt/presentation.xml")


def mp4():
    """A minimal MP4: ftyp, an (empty) movie box and a media data box."""
    ftyp = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"
    moov = b"\x00\x00\x00\x10moov" + b"\x00" * 8
    return ftyp + moov + b"\x00\x00\x00\x10mdat" + b"\x00" * 8


def exe():
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def html_with_script():
    return b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def svg_with_script():
    return b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def pdf_html_polyglot():
    return pdf().replace(b"%%EOF", b"<html><script>alert(1)</script></html>\n%%EOF")


def pdf_with_javascript():
    return pdf().replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
    )


def jpeg_html_polyglot():
    return jpeg(comment=b"<script>alert(1)</script>")


def decompression_bomb():
    """A tiny PNG that decodes to 400 million pixels."""
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")
    return buffer.getvalue()


def docm_renamed_docx():
    return ooxml("word/document.xml", {"word/vbaProject.bin": b"\x00" * 64})


def zip_bomb_docx():
    """A DOCX whose parts unpack to far more than any evidence file may be."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<document/>")
        with package.open("word/media/big.bin", "w", force_zip64=True) as big:
            chunk = b"\x00" * (1 << 20)
            for _ in range(300):  # 300 MB of zeros, well under 1 MB compressed
                big.write(chunk)
    return buffer.getvalue()


OOXML_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def batch_disguised_as_pdf():
    return b"%PDF-1.4\r\n@echo off\r\nstart calc.exe\r\n"


def batch_disguised_as_mp4():
    return b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2\r\n@echo off\r\nstart calc.exe\r\n"


def pdf_with_escaped_javascript():
    return pdf().replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"
    )


def pdf_with_attachment():
    return pdf().replace(
        b"/Type /Catalog", b"/Type /Catalog /Names << /EmbeddedFiles << /Names [] >> >>"
    )


def pdf_with_img_onerror():
    return pdf().replace(b"%%EOF", b"<img src=x onerror=alert(1)>\n%%EOF")


def pikepdf_sample(change, object_streams=True):
    """A one-page PDF written by qpdf after `change(pdf)`; with object streams, every
    dictionary sits compressed inside one, where a byte scan sees nothing."""
    import pikepdf

    document = pikepdf.open(io.BytesIO(pdf()))
    change(document)
    out = io.BytesIO()
    mode = pikepdf.ObjectStreamMode.generate if object_streams else pikepdf.ObjectStreamMode.disable
    document.save(out, object_stream_mode=mode, compress_streams=True)
    return out.getvalue()


def _javascript_action(document):
    import pikepdf

    action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    document.Root.OpenAction = document.make_indirect(action)


def _page_action(document):
    import pikepdf

    launch = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
    document.pages[0].obj.AA = pikepdf.Dictionary(O=document.make_indirect(launch))


def _form(document):
    import pikepdf

    document.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array())


def _attachment(document):
    import pikepdf

    document.attachments["run.bat"] = pikepdf.AttachedFileSpec(document, b"@echo off\r\n")


def pdf_with_compressed_javascript():
    return pikepdf_sample(_javascript_action)


def pdf_with_page_launch_action():
    return pikepdf_sample(_page_action)


def pdf_with_form():
    return pikepdf_sample(_form)


def pdf_with_compressed_attachment():
    return pikepdf_sample(_attachment)
