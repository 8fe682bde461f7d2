"""Text the PDF core font Helvetica can show, for the letters (`letters.render`) and the
case file (`web.case_file_layout`): it holds Windows-1252 only (curly quotes, dashes, the
pound and euro signs), so any other character is folded to its plain Latin form (Ł to L,
ŵ to w); what to do with a character that has none (a refusal for a letter, a ``?`` in a
case file) is each writer's own choice.
"""

import unicodedata
from collections.abc import Callable

# Letters with no plain Latin form that Unicode decomposition does not find.
FOLD = str.maketrans({"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "Ħ": "H", "ħ": "h"})
PDF_ENCODING = "windows-1252"


def plain_latin(char: str) -> str:
    """A character in its compatibility form without its accents (may still not be Latin)."""
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


def fold_for_core_font(text: str, outside: Callable[[str], str]) -> str:
    """`text` with every character the core font cannot show, after `FOLD`, replaced by
    what `outside` makes of it (`plain_latin` is its plain form)."""
    try:
        text.encode(PDF_ENCODING)
        return text
    except UnicodeEncodeError:
        pass
    out: list[str] = []
    for char in text.translate(FOLD):
        try:
            char.encode(PDF_ENCODING)
            out.append(char)
        except UnicodeEncodeError:
            out.append(outside(char))
    return "".join(out)
