"""Real files made on the spot, and hostile ones dressed up as them."""

from __future__ import annotations

import functools
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="{target}"/></Relationships>'
)


def upload(content: bytes, name: str = "archivo.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    """What a browser sends: the name and content type are the client's claims, nothing more."""
    return SimpleUploadedFile(name, content, content_type=content_type)


@functools.cache
def pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string="<h1>Minuta</h1><p>hola</p>").write_pdf()


def image(fmt: str = "PNG", size=(64, 48), mode: str = "RGB") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new(mode, size, (11, 95, 138) if mode == "RGB" else 1).save(buffer, format=fmt)
    return buffer.getvalue()


def xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["entidad", "compromisos"])
    sheet.append(["Oaxaca", 12])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _zip(entries: list[tuple[str, bytes | str]], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            compress = zipfile.ZIP_STORED if (stored_first and index == 0) else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=compress)
    return buffer.getvalue()


def _ooxml(main_part: str, content_type: str, body: str, extra: list[tuple[str, bytes | str]] = ()) -> bytes:
    types = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="{CT_NS}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{content_type}"/></Types>'
    )
    return _zip(
        [("[Content_Types].xml", types), ("_rels/.rels", RELS.format(target=main_part)), (main_part, body), *extra]
    )


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCX_BODY = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Plan de acción local</w:t></w:r></w:p></w:body></w:document>"
)


def docx(extra: list[tuple[str, bytes | str]] = ()) -> bytes:
    return _ooxml("word/document.xml", DOCX_MAIN, DOCX_BODY, extra)


def docm() -> bytes:
    """Macro-enabled Word: a different main content type, and a VBA project."""
    return _ooxml(
        "word/document.xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        DOCX_BODY,
        [("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 500)],
    )


def pptx() -> bytes:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><p:presentation '
        'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'
    )
    return _ooxml(
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        body,
    )


def odt(mimetype: str = "application/vnd.oasis.opendocument.text") -> bytes:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        "<office:body><office:text><text:p>Minuta de la sesión</text:p></office:text></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    return _zip(
        [("mimetype", mimetype), ("content.xml", content), ("META-INF/manifest.xml", manifest)], stored_first=True
    )


def zip_bomb_docx(megabytes: int = 60) -> bytes:
    """A valid-looking DOCX carrying tens of megabytes of zeros that compress about 1000 to 1."""
    return docx(extra=[("word/media/image1.bin", b"\0" * (megabytes * 1024 * 1024))])


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50 + b"This program cannot be run in DOS mode"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(document.domain)</script></svg>"
)
PDF_HEADED_HTML = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n"
PNG_GARBAGE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
CSV_UTF8 = 'entidad,compromiso,avance\nOaxaca,Transparencia en obra pública,45\nSonora,Datos abiertos,"80"\n'.encode()
