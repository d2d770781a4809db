"""What the SVG charts share: how wide a label will be, and how it wraps onto lines that
fit a space. The charts are drawn with the page's own font, which we cannot measure on
the server, so widths are estimates on the generous side: a label laid out here fits in
the widest sans-serif fonts people have (DejaVu Sans is the widest common one).

Pure Python, no Django."""

from __future__ import annotations

# Widths of characters as a share of the font size, generous for DejaVu Sans.
_NARROW = set("iljtfrI!|.,:;'’ ()[]-")
_WIDE = set("mwMW@%")
_NARROW_WIDTH, _WIDTH, _CAPITAL_WIDTH, _WIDE_WIDTH = 0.36, 0.62, 0.72, 0.92
BOLD = 1.1  # bold text is about a tenth wider
ELLIPSIS = "…"


def text_width(text: str, size: float, bold: bool = False) -> float:
    """About how wide `text` is, in the same units as `size` (the font size)."""
    total = 0.0
    for char in text:
        if char in _NARROW:
            total += _NARROW_WIDTH
        elif char in _WIDE:
            total += _WIDE_WIDTH
        elif char.isupper() or char.isdigit():
            total += _CAPITAL_WIDTH
        else:
            total += _WIDTH
    return total * size * (BOLD if bold else 1.0)


def wrap(text: str, width: float, size: float, lines: int = 3, bold: bool = False) -> list[str]:
    """`text` on as many lines as it needs (at most `lines`), each no wider than `width`.

    Words are kept whole; a word wider than the space is cut to fit. If the text needs
    more lines than it may have, the last line ends in "…": charts always sit beside a
    table that has every word.
    """
    if bold:
        size *= BOLD
    words = text.split()
    if not words:
        return []
    out: list[str] = []
    current = ""
    for word in words:
        while text_width(word, size) > width:
            head = _fit(word, width, size)
            if current:
                out.append(current)
                current = ""
            out.append(head)
            word = word[len(head) :]
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= width:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = _fit(out[-1] + ELLIPSIS, width, size, ending=ELLIPSIS)
    return out


def _fit(text: str, width: float, size: float, ending: str = "") -> str:
    """The longest start of `text` that fits in `width`, then `ending`."""
    body = text[: len(text) - len(ending)] if ending else text
    while body and text_width(body + ending, size) > width:
        body = body[:-1]
    return body.rstrip() + ending if ending else body or text[:1]
