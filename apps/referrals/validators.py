"""Content checks for uploaded attachments, beyond their name and first bytes."""

from django.core.exceptions import ValidationError

# How programs and archives start. A .txt file that starts like this is a renamed
# executable (Windows PE, ELF, Mach-O, Java class, a script with an interpreter line)
# or another file type, whatever its name says.
EXECUTABLE_MAGIC_NUMBERS = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
# Control characters plain text never holds (tab, line feed, form feed and carriage
# return are allowed). NUL in particular marks binary data, or UTF-16, which we refuse.
BINARY_BYTES = frozenset(range(0x20)) - frozenset(b"\t\n\x0c\r") | {0x7F}
_ALL_BUT_BINARY = bytes(byte for byte in range(256) if byte not in BINARY_BYTES)
UTF8_BOM = b"\xef\xbb\xbf"


def _decodes(content: bytes) -> bool:
    """UTF-8 (with or without a byte order mark), else Windows-1252, Windows' plain text."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def validate_text_file(upload) -> None:
    """Refuse a .txt upload that is not plain text: a program, an archive or binary data."""
    content = upload.read()
    upload.seek(0)
    body = content.removeprefix(UTF8_BOM)
    if body.startswith(EXECUTABLE_MAGIC_NUMBERS):
        raise ValidationError(
            "The file is a program, not text. It cannot be uploaded, whatever its name",
            code="executable",
        )
    has_binary = bool(body.translate(None, _ALL_BUT_BINARY))
    if has_binary or not _decodes(body):
        raise ValidationError(
            "The file is not plain text. A .txt file must contain only text, saved as "
            "UTF-8 or Windows text",
            code="not_text",
        )
