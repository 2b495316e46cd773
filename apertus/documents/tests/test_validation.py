"""The content decides, never the name: real files pass, hostile ones dressed as them do not."""

import pytest
from django.core.exceptions import ValidationError

from apertus.documents.tests import files
from apertus.documents.validation import validate_upload

OFFICE_MIME = "application/vnd.openxmlformats-officedocument."


@pytest.mark.parametrize(
    ("make", "name", "kind", "mime", "extension"),
    [
        (files.pdf, "minuta.pdf", "pdf", "application/pdf", ".pdf"),
        (lambda: files.image("PNG"), "foto.png", "image", "image/png", ".png"),
        (lambda: files.image("JPEG"), "foto.jpg", "image", "image/jpeg", ".jpg"),
        (lambda: files.image("GIF"), "foto.gif", "image", "image/gif", ".gif"),
        (lambda: files.image("WEBP"), "foto.webp", "image", "image/webp", ".webp"),
        (files.docx, "plan.docx", "office", OFFICE_MIME + "wordprocessingml.document", ".docx"),
        (files.xlsx, "datos.xlsx", "office", OFFICE_MIME + "spreadsheetml.sheet", ".xlsx"),
        (files.pptx, "taller.pptx", "office", OFFICE_MIME + "presentationml.presentation", ".pptx"),
        (files.odt, "minuta.odt", "office", "application/vnd.oasis.opendocument.text", ".odt"),
        (
            lambda: files.odt("application/vnd.oasis.opendocument.spreadsheet"),
            "x.ods",
            "office",
            "application/vnd.oasis.opendocument.spreadsheet",
            ".ods",
        ),
    ],
)
def test_real_files_are_recognised_by_their_content(make, name, kind, mime, extension):
    detected = validate_upload(files.upload(make(), name))
    assert (detected.kind, detected.mime, detected.extension) == (kind, mime, extension)


def test_name_and_client_content_type_are_ignored():
    # A JPEG sent as "informe.pdf" with a PDF content type is a JPEG.
    detected = validate_upload(files.upload(files.image("JPEG"), "informe.pdf", "application/pdf"))
    assert (detected.mime, detected.extension) == ("image/jpeg", ".jpg")


def test_file_is_left_at_its_start():
    upload = files.upload(files.pdf())
    validate_upload(upload)
    assert upload.read(5) == b"%PDF-"


def _rejects(content, name="archivo.pdf", code=None, **kwargs):
    with pytest.raises(ValidationError) as info:
        validate_upload(files.upload(content, name), **kwargs)
    if code:
        assert info.value.code == code, info.value
    return " ".join(info.value.messages)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (files.ELF, "informe.pdf"),
        (files.EXE, "informe.pdf"),
        (files.HTML, "informe.pdf"),
        (files.SVG, "logo.svg"),
        (files.SVG, "logo.png"),
        (b"#!/bin/sh\nrm -rf /\n", "script.pdf"),
        (files._zip([("hola.txt", "hola")]), "plan.docx"),  # a ZIP, but no office document
        (b"GIF89a" + b"\0" * 40, "foto.gif"),  # a GIF header and nothing behind it
    ],
)
def test_hostile_or_unknown_content_is_refused(content, name):
    message = _rejects(content, name)
    assert message  # a human explanation, not an empty error


def test_message_is_spanish_and_says_what_is_accepted():
    message = _rejects(files.ELF, code="unsupported")
    assert "No se admite este tipo de archivo" in message and "PDF" in message


def test_pdf_header_on_an_html_page_is_not_a_pdf():
    assert "incompleto o dañado" in _rejects(files.PDF_HEADED_HTML, code="invalid_pdf")


def test_truncated_pdf_is_refused():
    _rejects(files.pdf()[:-200], code="invalid_pdf")


def test_png_header_followed_by_garbage_is_refused():
    assert "imagen está dañada" in _rejects(files.PNG_GARBAGE, "foto.png", code="invalid_image")


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_truncated_image_is_refused(fmt):
    import io

    import weasyprint  # noqa: F401 - importing it makes Pillow lenient process-wide; we must not be
    from PIL import Image, ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    buffer = io.BytesIO()
    Image.effect_noise((400, 400), 60).convert("RGB").save(buffer, format=fmt)
    _rejects(buffer.getvalue()[: len(buffer.getvalue()) // 2], "foto.img", code="invalid_image")


def test_images_over_40_megapixels_are_refused_before_decoding():
    big = files.image("PNG", size=(8000, 5001), mode="1")  # a few kilobytes declaring 40,008,000 pixels
    assert len(big) < 100_000
    assert "8000 × 5001" in _rejects(big, "foto.png", code="too_many_pixels")
    assert validate_upload(files.upload(files.image("PNG", size=(8000, 5000), mode="1"), "x.png")).kind == "image"


def test_zip_bomb_disguised_as_docx_is_refused():
    bomb = files.zip_bomb_docx(60)
    assert len(bomb) < 200_000  # 60 MiB inside
    assert "bomba ZIP" in _rejects(bomb, "plan.docx", code="zip_bomb")


def test_total_uncompressed_size_is_capped(settings):
    settings.DOCUMENT_MAX_UNCOMPRESSED_BYTES = 10_000
    _rejects(files.xlsx(), "datos.xlsx", code="zip_bomb")


def test_macro_enabled_office_files_are_refused():
    assert "macros" in _rejects(files.docm(), "plan.docx", code="macros")
    _rejects(files.docx(extra=[("word/vbaProject.bin", b"\0" * 64)]), "plan.docx", code="macros")


def test_office_main_part_must_exist_and_be_known():
    types = (
        f'<Types xmlns="{files.CT_NS}"><Override PartName="/word/document.xml" '
        f'ContentType="{files.DOCX_MAIN}"/></Types>'
    )
    _rejects(files._zip([("[Content_Types].xml", types)]), "plan.docx", code="invalid_office")  # no main part
    _rejects(files.odt("application/x-shockwave-flash"), "x.odt", code="invalid_office")


def test_entity_expansion_in_content_types_is_refused():
    types = (
        '<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        f'<Types xmlns="{files.CT_NS}"><Override PartName="/word/document.xml" ContentType="{files.DOCX_MAIN}"/>'
        "</Types>"
    )
    _rejects(
        files._zip([("[Content_Types].xml", types), ("word/document.xml", files.DOCX_BODY)]),
        "x.docx",
        code="invalid_office",
    )


def test_corrupt_office_archive_is_refused():
    damaged = bytearray(files.docx())
    middle = len(damaged) // 2
    damaged[middle : middle + 40] = b"\xff" * 40
    _rejects(bytes(damaged), "plan.docx")


def test_empty_file_is_refused():
    assert "vacío" in _rejects(b"", "vacío.pdf", code="empty")


def test_size_limit_comes_from_settings(settings):
    content = files.pdf()
    settings.DOCUMENT_MAX_BYTES = len(content) - 1
    assert "máximo permitido" in _rejects(content, code="too_large")
    settings.DOCUMENT_MAX_BYTES = len(content)
    assert validate_upload(files.upload(content)).kind == "pdf"


def test_default_size_limit_is_ten_mebibytes(settings):
    del settings.DOCUMENT_MAX_BYTES
    _rejects(b"%PDF-1.7\n" + b"\0" * (10 * 1024 * 1024) + b"%%EOF", code="too_large")


def test_kinds_not_allowed_by_the_caller_are_refused():
    _rejects(files.image("PNG"), "foto.png", code="unsupported", allowed=("pdf",))
    assert validate_upload(files.upload(files.pdf()), allowed=("pdf",)).kind == "pdf"


def test_csv_only_when_asked_and_only_utf8():
    upload = files.upload(files.CSV_UTF8, "datos.csv", "text/csv")
    with pytest.raises(ValidationError):
        validate_upload(upload)  # default: no CSV
    assert validate_upload(upload, allowed=("csv",)).mime == "text/csv"
    with_bom = "\ufeffentidad;avance\nMéxico;10\n".encode()
    assert validate_upload(files.upload(with_bom, "d.csv"), allowed=("csv",)).extension == ".csv"
    latin1 = "entidad,avance\nMéxico,10\n".encode("latin-1")
    assert "UTF-8" in _rejects(latin1, "d.csv", code="invalid_csv", allowed=("csv",))


@pytest.mark.parametrize("content", [files.HTML, files.SVG, files.ELF, b"a,b\n\0\0\0,1\n", b"  \n\n"])
def test_csv_does_not_let_markup_or_binaries_through(content):
    with pytest.raises(ValidationError):
        validate_upload(files.upload(content, "datos.csv"), allowed=("csv", "pdf"))


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        validate_upload(files.upload(files.pdf()), allowed=("exe",))


def test_a_file_just_over_the_limit_never_reads_as_the_limit(settings):
    """10 MiB + 1 byte once said "pesa 10.0 MB; el máximo permitido es 10.0 MB"."""
    del settings.DOCUMENT_MAX_BYTES
    message = _rejects(b"%PDF-1.7\n" + b"\0" * (10 * 1024 * 1024) + b"%%EOF", code="too_large")
    assert message.replace("\xa0", " ") == "El archivo supera el máximo permitido de 10.0 MB."
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    clearly = _rejects(b"%PDF-1.7\n" + b"\0" * (3 * 1024 * 1024) + b"%%EOF", code="too_large")
    assert clearly.replace("\xa0", " ") == "El archivo pesa 3.0 MB; el máximo permitido es 1.0 MB."
