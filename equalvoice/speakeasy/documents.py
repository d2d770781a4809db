"""Text out of what people upload or pass on the command line: plain text (UTF-8) or
Word .docx. Anything else gets a plain-language reason. No Django here."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

MAX_BYTES = 5 * 1024 * 1024
# A .docx is a zip: refuse one that would unpack to something huge.
MAX_UNPACKED = 50 * 1024 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def gettext_noop(text: str) -> str:
    """Marks a message for the Welsh catalogue (GNU gettext finds it by this name) without
    needing Django here: the form shows the message translated (forms.py)."""
    return text


class UnreadableDocument(ValueError):
    """The message says, in plain words, why we could not read it."""


def read_text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise UnreadableDocument(gettext_noop("This is not a text file. Use a .txt or .docx file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableDocument(
            gettext_noop("We could not read this file. Save it as UTF-8 text and try again.")
        ) from error
    return text.replace("\r\n", "\n")


def read_docx(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_UNPACKED:
                raise UnreadableDocument(gettext_noop("This document is too big to check."))
            xml = archive.read(info)
    except (zipfile.BadZipFile, KeyError) as error:
        raise UnreadableDocument(
            gettext_noop("We could not read this Word document. Save it as .docx and try again.")
        ) from error
    try:
        root = ElementTree.fromstring(xml)  # noqa: S314 - expat fetches no entities
    except ElementTree.ParseError as error:
        raise UnreadableDocument(gettext_noop("We could not read this Word document.")) from error
    paragraphs = []
    for paragraph in root.iter(f"{W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        paragraphs.append("".join(parts))
    return "\n\n".join(p for p in paragraphs if p.strip())


def read_document(name: str, data: bytes) -> str:
    """Text of an uploaded or given file, by its name."""
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(gettext_noop("This file is too big. The most we check is 5 MB."))
    lower = name.lower()
    if lower.endswith(".docx"):
        return read_docx(data)
    if lower.endswith((".doc", ".pdf", ".odt", ".rtf", ".png", ".jpg", ".jpeg")):
        raise UnreadableDocument(gettext_noop("We can only check .txt and .docx files."))
    return read_text(data)
