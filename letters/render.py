"""Letters written out: HTML for email and the record, PDF for post and download.

The PDF library is fpdf2. It is pure Python and installs from PyPI alone (its own
dependencies, Pillow, fontTools and defusedxml, ship as wheels), so a worker needs no system
libraries: WeasyPrint needs Pango, and wkhtmltopdf or a headless browser are programs of their
own; xhtml2pdf would also do, but with a much larger dependency tree for the same job. fpdf2
lays out the plain subset of HTML our letters use (headings, paragraphs, lists, bold, line
breaks), so one Jinja2 template per letter serves both outputs: with `pdf` set, the layout
leaves out the stylesheet and page furniture the PDF writer does not read.

The PDF uses the core font Helvetica, a clear sans-serif that needs no font file, with
Windows-1252 text (curly quotes, dashes, the pound and euro signs). Other letters are folded
to their plain Latin form (Ł to L); a letter with text that cannot be folded (a non-Latin
script) is refused for PDF rather than printed with gaps. Embedding a Unicode TrueType font
with `FPDF.add_font` would lift that limit.

Nothing is ever half-written: the whole template is rendered to a string first, and any
template or layout error becomes a `LetterError`.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from fpdf import FPDF, FontFace, TextStyle
from fpdf.errors import FPDFException
from fpdf.html import HTML2FPDF
from jinja2 import Environment, PackageLoader, StrictUndefined, TemplateError, TemplateNotFound

from letters.core_font import PDF_ENCODING, fold_for_core_font, plain_latin
from letters.errors import LetterError, letter_name
from letters.parts import ResidentLetter
from models.enums import Decision, RemedyKind

MONTHS = (
    "January February March April May June July August September October November December"
).split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
DECISION_WORDS = {
    Decision.UPHELD: "Upheld",
    Decision.PARTIALLY_UPHELD: "Partially upheld",
    Decision.NOT_UPHELD: "Not upheld",
}
REMEDY_WORDS = {
    RemedyKind.APOLOGY: "An apology",
    RemedyKind.EXPLANATION: "An explanation",
    RemedyKind.ACTION: "Putting it right",
    RemedyKind.RECONSIDER_DECISION: "Looking at our decision again",
    RemedyKind.AMEND_RECORD: "Correcting our records",
    RemedyKind.FINANCIAL: "A payment to you",
    RemedyKind.CHANGE_POLICY: "Changing how we work",
}


def long_date(day: date) -> str:
    """A date as residents read it, e.g. "Tuesday 29 December 2026", whatever the locale."""
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def money(amount: float) -> str:
    return f"£{amount:,.2f}"


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("letters", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters |= {
        "long_date": long_date,
        "money": money,
        "decision_words": lambda d: DECISION_WORDS[Decision(d)],
        "remedy_words": lambda k: REMEDY_WORDS[RemedyKind(k)],
    }
    return env


ENVIRONMENT = _environment()


def _render(letter: ResidentLetter, *, large_print: bool, pdf: bool) -> str:
    if not isinstance(letter, ResidentLetter):
        raise LetterError(f"Only a letter built with build_letter can be written, not {letter!r}.")
    name = letter_name(letter.letter_type)
    try:
        template = ENVIRONMENT.get_template(letter.template)
        return template.render(
            letter=letter,
            head=letter.head,
            large_print=large_print,
            pdf=pdf,
            layout="layout.html",
            letterhead_pt=(LARGE_PRINT if large_print else STANDARD).letterhead,
        )
    except TemplateNotFound as error:
        raise LetterError(
            f"The {name} letter has no template ({error.name}).", letter_type=letter.letter_type
        ) from error
    except (TemplateError, AttributeError, KeyError, TypeError, ValueError) as error:
        raise LetterError(
            f"The {name} letter could not be written: its template failed ({error}). "
            "Nothing was written.",
            letter_type=letter.letter_type,
        ) from error


def render_html(letter: ResidentLetter, *, large_print: bool = False) -> str:
    """The whole letter as an HTML document with its stylesheet inline (for email clients);
    `large_print` selects the large print stylesheet (R-COM-1)."""
    return _render(letter, large_print=large_print, pdf=False)


@dataclass(frozen=True)
class PdfSizes:
    """Font sizes in points: standard print, and large print of at least 16pt (R-COM-1)."""

    body: float
    h1: float
    h2: float
    footer: float
    letterhead: float
    line_spacing: float


STANDARD = PdfSizes(body=11.5, h1=15, h2=12.5, footer=8.5, letterhead=16, line_spacing=1.2)
LARGE_PRINT = PdfSizes(body=17, h1=22, h2=19, footer=16, letterhead=22, line_spacing=1.35)
NAVY = "#1d3557"


class LetterHtml(HTML2FPDF):
    """fpdf2's HTML reader with the letter's line spacing: single spacing is cramped."""

    pdf: "LetterPdf"

    def _new_paragraph(self, align=None, line_height=1.0, *args, **kwargs):  # type: ignore[no-untyped-def]
        spaced = (line_height or 1.0) * self.pdf.sizes.line_spacing
        return super()._new_paragraph(align, spaced, *args, **kwargs)


class LetterPdf(FPDF):
    """An A4 letter whose every page ends with the reference and the page number."""

    HTML2FPDF_CLASS = LetterHtml

    def __init__(self, reference: str, sizes: PdfSizes) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.reference = reference
        self.sizes = sizes
        self.core_fonts_encoding = PDF_ENCODING
        self.footer_height = sizes.footer * 0.3528 * 1.6 + 6
        self.set_margins(left=22, top=18, right=22)
        self.set_auto_page_break(auto=True, margin=self.footer_height + 12)

    def footer(self) -> None:
        self.set_y(-(self.footer_height + 6))
        self.set_font("helvetica", size=self.sizes.footer)
        self.set_text_color(70, 70, 70)
        self.cell(
            0,
            self.footer_height,
            f"Our reference: {self.reference}   |   Page {self.page_no()} of {{nb}}",
            align="C",
        )


def _tag_styles(sizes: PdfSizes) -> dict[str, FontFace]:
    def heading(size: float, b_margin: float) -> TextStyle:
        return TextStyle(
            font_family="helvetica",
            font_style="B",
            color=NAVY,
            font_size_pt=size,
            t_margin=4,
            b_margin=b_margin,
        )

    return {
        "h1": heading(sizes.h1, 2),
        "h2": heading(sizes.h2, 1),
        "p": TextStyle(font_family="helvetica", font_size_pt=sizes.body, b_margin=2),
        "li": TextStyle(font_family="helvetica", font_size_pt=sizes.body, l_margin=6, t_margin=1.5),
        "ul": TextStyle(font_family="helvetica", font_size_pt=sizes.body, t_margin=0, b_margin=2),
    }


def _fold_for_pdf(text: str, letter: ResidentLetter) -> str:
    """Text the PDF core font can show, or a `LetterError` naming what it cannot."""
    unprintable: set[str] = set()

    def plain_or_refused(char: str) -> str:
        plain = plain_latin(char)
        try:
            plain.encode(PDF_ENCODING)
            return plain
        except UnicodeEncodeError:
            unprintable.add(char)
            return ""

    folded = fold_for_core_font(text, plain_or_refused)
    if unprintable:
        raise LetterError(
            f"The {letter_name(letter.letter_type)} letter cannot be printed to PDF: it contains "
            f"characters the letter font cannot show ({' '.join(sorted(unprintable))}). "
            "Send it as HTML, or write those words in Latin letters.",
            letter_type=letter.letter_type,
        )
    return folded


def render_pdf(letter: ResidentLetter, *, large_print: bool = False) -> bytes:
    """The letter as an A4 PDF; `large_print` sets at least 16pt throughout (R-COM-1).
    The same letter gives the same bytes, so a retried activity stores the same file."""
    html = _fold_for_pdf(_render(letter, large_print=large_print, pdf=True), letter)
    sizes = LARGE_PRINT if large_print else STANDARD
    head = letter.head
    pdf = LetterPdf(head.reference, sizes)
    pdf.set_creation_date(datetime(head.date.year, head.date.month, head.date.day, tzinfo=UTC))
    pdf.set_title(f"{letter.subject} ({head.reference})")
    pdf.set_author(head.organisation_name)
    pdf.set_lang("en-GB")
    try:
        pdf.add_page()
        pdf.set_font("helvetica", size=sizes.body)
        pdf.write_html(
            html,
            font_family="helvetica",
            tag_styles=_tag_styles(sizes),
            li_prefix_color=NAVY,
            ul_bullet_char="\u2022",  # the bullet in Windows-1252
            warn_on_tags_not_matching=False,
        )
        return bytes(pdf.output())
    except (FPDFException, ValueError, KeyError) as error:
        raise LetterError(
            f"The {letter_name(letter.letter_type)} letter could not be laid out as a PDF "
            f"({error}). Nothing was written.",
            letter_type=letter.letter_type,
        ) from error
