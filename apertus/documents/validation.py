"""What an uploaded file really is, decided by its bytes and never by its name.

A name says ``.pdf`` and a browser says ``application/pdf`` while the bytes are an executable or an
HTML page. Apertus reads the content (magic numbers first, then a real parser or decoder) and keeps
four kinds only: PDF, images (PNG, JPEG, GIF, WebP), office documents (OOXML and OpenDocument)
and UTF-8 CSV. Everything else — SVG, HTML, scripts, executables, archives — is refused, because
these files are later served to other people.
"""

from __future__ import annotations

import csv
import io
import re
import threading
import warnings
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

MIB = 1024 * 1024
DEFAULT_MAX_BYTES = 10 * MIB
MAX_PIXELS = 40_000_000
# ZIP containers (office files): limits on what they claim to expand to.
DEFAULT_MAX_UNCOMPRESSED_BYTES = 100 * MIB
MAX_ZIP_RATIO = 100  # legitimate office XML compresses about 5-30 times; bombs about 1000
MAX_ZIP_ENTRIES = 5_000

KINDS = ("pdf", "image", "office", "csv")
_PILLOW_LOCK = threading.Lock()

_IMAGES = {  # Pillow format name -> (mime, extension)
    "PNG": ("image/png", ".png"),
    "JPEG": ("image/jpeg", ".jpg"),
    "GIF": ("image/gif", ".gif"),
    "WEBP": ("image/webp", ".webp"),
}
_OOXML = {  # content type of the main part -> (mime, extension); macro-enabled variants are absent
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
}
_OPENDOCUMENT = {
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.oasis.opendocument.presentation": ".odp",
}
_MACRO_PARTS = re.compile(r"(^|/)vbaProject\.bin$|^(Basic|Scripts)/", re.IGNORECASE)


@dataclass(frozen=True)
class FileType:
    """What the content is: ``kind`` one of KINDS, ``mime`` to serve it with, ``extension`` with its dot."""

    kind: str
    mime: str
    extension: str


PDF = FileType("pdf", "application/pdf", ".pdf")
CSV = FileType("csv", "text/csv", ".csv")


def max_bytes() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _kind_labels() -> dict[str, str]:
    return {
        "pdf": _("PDF"),
        "image": _("imágenes PNG, JPEG, GIF o WebP"),
        "office": _("documentos de Word, Excel, PowerPoint u OpenDocument"),
        "csv": _("CSV en UTF-8"),
    }


def _not_accepted(allowed) -> ValidationError:
    labels = _kind_labels()
    return ValidationError(
        _("No se admite este tipo de archivo. Se aceptan: %(kinds)s."),
        code="unsupported",
        params={"kinds": get_text_list([labels[kind] for kind in allowed], _("o"))},
    )


def validate_upload(upload, *, allowed=("pdf", "image", "office")) -> FileType:
    """Return what ``upload`` really is, or raise ``ValidationError`` (messages in Spanish).

    ``upload`` is a Django ``File`` (an ``UploadedFile``, ``ContentFile``...); its name and any
    content type the client sent are ignored. The file is left positioned at its start.
    """
    unknown = set(allowed) - set(KINDS)
    if unknown or not allowed:
        raise ValueError(f"unknown document kinds: {sorted(unknown)}")
    size = upload.size
    if not size:
        raise ValidationError(_("El archivo está vacío."), code="empty")
    if size > max_bytes():
        shown, limit = filesizeformat(size), filesizeformat(max_bytes())
        if shown == limit:
            # Rounded, a file just over the limit reads as the limit itself ("10.0 MB; the maximum is 10.0 MB").
            raise ValidationError(
                _("El archivo supera el máximo permitido de %(max)s."), code="too_large", params={"max": limit}
            )
        raise ValidationError(
            _("El archivo pesa %(size)s; el máximo permitido es %(max)s."),
            code="too_large",
            params={"size": shown, "max": limit},
        )
    upload.seek(0)
    head = upload.read(16)
    try:
        return _detect(upload, head, size, tuple(allowed))
    finally:
        upload.seek(0)


def _sniff(head: bytes) -> tuple[str, str | None]:
    """The kind announced by the magic number, and for images the format Pillow must find."""
    if head.startswith(b"%PDF-"):
        return "pdf", None
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image", "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "image", "JPEG"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image", "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image", "WEBP"
    if head.startswith(b"PK\x03\x04"):
        return "office", None
    return "text", None


def _detect(upload, head: bytes, size: int, allowed: tuple[str, ...]) -> FileType:
    kind, image_format = _sniff(head)
    if kind == "text" and "csv" in allowed:
        return _check_csv(upload, allowed)
    if kind not in allowed:
        raise _not_accepted(allowed)
    if kind == "pdf":
        return _check_pdf(upload, size)
    if kind == "image":
        return _check_image(upload, image_format)
    return _check_office(upload, size)


def _check_pdf(upload, size: int) -> FileType:
    upload.seek(0)
    if not re.match(rb"%PDF-[12]\.\d", upload.read(16)):
        raise ValidationError(_("El archivo dice ser un PDF pero su encabezado no es válido."), code="invalid_pdf")
    # A complete PDF ends with %%EOF (readers look for it in the last 1024 bytes).
    upload.seek(max(0, size - 1024))
    if b"%%EOF" not in upload.read():
        raise ValidationError(_("El PDF está incompleto o dañado."), code="invalid_pdf")
    return PDF


def max_pixels() -> int:
    return int(getattr(settings, "DOCUMENT_MAX_PIXELS", MAX_PIXELS))


@contextmanager
def _strict_pillow():
    """Refuse truncated images while we check one.

    WeasyPrint sets Pillow's process-wide ``LOAD_TRUNCATED_IMAGES`` to True when imported, which
    makes ``load()`` pad a cut-off image with grey instead of failing.
    """
    from PIL import ImageFile

    with _PILLOW_LOCK:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _check_image(upload, image_format: str) -> FileType:
    from PIL import Image

    damaged = ValidationError(_("La imagen está dañada o no es una imagen válida."), code="invalid_image")
    try:
        with warnings.catch_warnings(), _strict_pillow():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload, formats=[image_format]) as image:
                width, height = image.size
                # Checked before decoding a single pixel: a tiny file can declare a gigantic canvas.
                if width * height > max_pixels():
                    raise ValidationError(
                        _("La imagen mide %(width)s × %(height)s píxeles; el máximo es %(max)s megapíxeles."),
                        code="too_many_pixels",
                        params={"width": width, "height": height, "max": max_pixels() // 1_000_000},
                    )
                image.verify()
            upload.seek(0)
            with Image.open(upload, formats=[image_format]) as image:
                image.load()  # decode it for real: verify() alone misses truncated or corrupt data
    except ValidationError:
        raise
    except Exception as exc:  # Pillow raises many types on hostile input; all of them mean no
        raise damaged from exc
    mime, extension = _IMAGES[image_format]
    return FileType("image", mime, extension)


def _check_office(upload, size: int) -> FileType:
    damaged = ValidationError(
        _("El documento de Office está dañado o no es un documento válido."), code="invalid_office"
    )
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            _check_not_a_bomb(infos, size)
            if any(_MACRO_PARTS.search(info.filename) for info in infos):
                raise ValidationError(_("No se admiten documentos con macros."), code="macros")
            if infos and infos[0].filename == "mimetype":
                detected = _opendocument_type(archive)
            else:
                detected = _ooxml_type(archive)
            _check_members_decompress(archive, infos)
            return detected
    except ValidationError:
        raise
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ElementTree.ParseError,
        RuntimeError,
        NotImplementedError,
        OSError,
        EOFError,
        ValueError,
        zlib.error,
    ) as exc:
        raise damaged from exc


def _zip_bomb() -> ValidationError:
    return ValidationError(
        _("El archivo comprimido se expande a un tamaño desproporcionado (posible «bomba ZIP»)."), code="zip_bomb"
    )


def _check_not_a_bomb(infos: list[zipfile.ZipInfo], size: int) -> None:
    """Refuse archives that claim to expand too much, in total or in proportion to their size."""
    limit = int(getattr(settings, "DOCUMENT_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES))
    total = sum(info.file_size for info in infos)
    if len(infos) > MAX_ZIP_ENTRIES or total > limit:
        raise _zip_bomb()
    # Small archives cannot hurt whatever their ratio; large expansions must be proportionate.
    if total > MIB and total > size * MAX_ZIP_RATIO:
        raise _zip_bomb()
    for info in infos:
        if info.file_size > MIB and info.file_size > max(info.compress_size, 1) * MAX_ZIP_RATIO:
            raise _zip_bomb()


def _check_members_decompress(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Decompress every member once (bounded by the sizes already checked): the CRCs must match,
    so the sizes the archive declared are the sizes it really expands to."""
    for info in infos:
        with archive.open(info) as member:
            while member.read(MIB):
                pass


def _read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(_("El documento de Office tiene una estructura inválida."), code="invalid_office")
    return data


def _opendocument_type(archive: zipfile.ZipFile) -> FileType:
    mimetype = _read_member(archive, "mimetype", 100).decode("ascii", errors="replace").strip()
    names = set(archive.namelist())
    if mimetype not in _OPENDOCUMENT or "content.xml" not in names:
        raise ValidationError(_("No se reconoce este documento OpenDocument."), code="invalid_office")
    return FileType("office", mimetype, _OPENDOCUMENT[mimetype])


def _ooxml_type(archive: zipfile.ZipFile) -> FileType:
    """A DOCX/XLSX/PPTX: [Content_Types].xml names a main part of a known type, and that part exists."""
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names:
        raise ValidationError(_("El archivo es un ZIP, pero no un documento de Office."), code="unsupported")
    xml = _read_member(archive, "[Content_Types].xml", MIB)
    if b"<!DOCTYPE" in xml.upper() or b"<!ENTITY" in xml.upper():
        raise ValidationError(_("El documento de Office tiene una estructura inválida."), code="invalid_office")
    root = ElementTree.fromstring(xml)  # noqa: S314 - bounded, and DTDs (entity expansion) refused above
    for element in root:
        if not element.tag.endswith("}Override"):
            continue
        main = _OOXML.get(element.get("ContentType", ""))
        if main and element.get("PartName", "").lstrip("/") in names:
            return FileType("office", main[0], main[1])
    raise ValidationError(_("No se reconoce este documento de Office."), code="invalid_office")


def _check_csv(upload, allowed: tuple[str, ...]) -> FileType:
    """UTF-8 text that parses as CSV, and that no browser would take for markup."""
    upload.seek(0)
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        if allowed == ("csv",):
            raise ValidationError(
                _("El archivo CSV debe estar codificado en UTF-8. Guárdelo como «CSV UTF-8» y vuelva a subirlo."),
                code="invalid_csv",
            ) from None
        raise _not_accepted(allowed) from None
    if re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text) or text.lstrip().startswith("<"):
        raise _not_accepted(allowed)
    try:
        rows = sum(1 for row in csv.reader(io.StringIO(text, newline="")) if any(cell.strip() for cell in row))
    except csv.Error:
        rows = 0
    if not rows:
        raise ValidationError(_("El archivo CSV no tiene filas legibles."), code="invalid_csv")
    return CSV
