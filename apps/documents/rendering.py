"""Templates render in a sandbox, then become PDF (WeasyPrint) or DOCX (python-docx).

The sandbox (ADR 0022) lets a template read only the plain data handed in: dictionary keys,
list items, text and numbers. It may not read any attribute of any object (so no
`''.__class__`, no walking from a value to its type, module or globals), call anything
(not even `range`), or multiply text into something huge. Whatever it does, the worst is a
refused template, shown to the administrator with the reason.

A template is plain text with Jinja placeholders. Lines beginning "# " and "## " are
headings, lines beginning "- " are bullet points, and a blank line ends a paragraph; the
lines of one paragraph (an address, say) stay on their own lines. Both formats are built
from the same blocks, so the PDF and the DOCX say the same thing.
"""

import datetime
import io
import operator

import docx
import weasyprint
from django.utils import dateformat
from django.utils.html import escape
from docx.enum.text import WD_ALIGN_PARAGRAPH
from jinja2 import StrictUndefined, TemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from weasyprint.urls import URLFetcher

MAX_REPEAT = 10_000
MAX_OUTPUT_CHARS = 500_000


class DocumentTemplateError(Exception):
    """The template cannot be rendered: the message says why, for the administrator."""


def _date_in_words(value) -> str:
    """{{ some_date|date }}: "14 March 2009"; text is left as it is."""
    if isinstance(value, datetime.datetime | datetime.date):
        return dateformat.format(value, "j F Y")
    return "" if value is None else str(value)


class PlainDataSandbox(SandboxedEnvironment):
    """A sandbox that allows no attribute access and no calls at all: data in, text out."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self):
        super().__init__(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
        self.globals.clear()
        self.filters = {
            name: self.filters[name]
            for name in (
                "default",
                "upper",
                "lower",
                "title",
                "capitalize",
                "trim",
                "join",
                "length",
                "first",
                "last",
                "replace",
                "indent",
                "wordwrap",
                "sort",
                "list",
                "round",
                "int",
            )
        }
        self.filters["date"] = _date_in_words
        self.tests = {name: self.tests[name] for name in ("defined", "undefined", "none")}

    def is_safe_attribute(self, obj, attr, value) -> bool:
        # Dictionary keys are read before attributes (Environment.getattr), so `case.reference`
        # works on the data handed in; an attribute of anything is refused.
        return False

    def is_safe_callable(self, obj) -> bool:
        return False

    def call_binop(self, context, operator_name, left, right):
        if operator_name == "**":
            raise SecurityError("Powers are not allowed in document templates")
        if operator_name == "*" and any(
            isinstance(value, int) and abs(value) > MAX_REPEAT for value in (left, right)
        ):
            raise SecurityError("That repeats text too many times for a document")
        return operator.mul(left, right)


_ENVIRONMENT = PlainDataSandbox()


def render_text(body: str, context: dict) -> str:
    """The template's text with the data filled in, or DocumentTemplateError saying why."""
    try:
        text = _ENVIRONMENT.from_string(body).render(context)
    except SecurityError as error:
        raise DocumentTemplateError(f"The template tried something not allowed: {error}") from error
    except TemplateError as error:
        raise DocumentTemplateError(f"The template has a problem: {error}") from error
    except (TypeError, ValueError, ArithmeticError) as error:
        raise DocumentTemplateError(f"The template could not be filled in: {error}") from error
    if len(text) > MAX_OUTPUT_CHARS:
        raise DocumentTemplateError("The document would be too long")
    return text


def blocks(text: str) -> list[tuple[str, list[str]]]:
    """("h1" | "h2" | "bullets" | "paragraph", lines) in order."""
    result: list[tuple[str, list[str]]] = []
    paragraph: list[str] = []

    def end_paragraph():
        if paragraph:
            result.append(("paragraph", list(paragraph)))
            paragraph.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            end_paragraph()
        elif line.startswith("## "):
            end_paragraph()
            result.append(("h2", [line[3:].strip()]))
        elif line.startswith("# "):
            end_paragraph()
            result.append(("h1", [line[2:].strip()]))
        elif line.startswith("- "):
            end_paragraph()
            if result and result[-1][0] == "bullets":
                result[-1][1].append(line[2:].strip())
            else:
                result.append(("bullets", [line[2:].strip()]))
        else:
            paragraph.append(line.strip())
    end_paragraph()
    return result


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def to_pdf(parts: list[tuple[str, list[str]]], *, title: str, marking: str) -> bytes:
    """A PDF with the protective marking at the top and bottom of every page."""
    body = []
    for kind, lines in parts:
        if kind in ("h1", "h2"):
            body.append(f"<{kind}>{escape(lines[0])}</{kind}>")
        elif kind == "bullets":
            body.append("<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>")
        else:
            body.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    marking_css = _css_string(marking)
    html = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{escape(title)}</title><style>
@page {{ size: A4; margin: 25mm 20mm;
  @top-center {{ content: {marking_css}; font: bold 10pt sans-serif; }}
  @bottom-center {{ content: {marking_css}; font: bold 10pt sans-serif; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font: 9pt sans-serif; }}
}}
body {{ font: 11pt/1.4 sans-serif; }} h1 {{ font-size: 18pt; }} h2 {{ font-size: 14pt; }}
</style></head><body>{"".join(body)}</body></html>"""
    # Nothing is fetched: the document is built from the escaped text alone.
    fetcher = URLFetcher(allowed_protocols=())
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()


def to_docx(parts: list[tuple[str, list[str]]], *, title: str, marking: str) -> bytes:
    """A Word document with the protective marking in its header and footer."""
    document = docx.Document()
    document.core_properties.title = title
    section = document.sections[0]
    for container in (section.header, section.footer):
        paragraph = container.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(marking).bold = True
    for kind, lines in parts:
        if kind == "h1":
            document.add_heading(lines[0], level=1)
        elif kind == "h2":
            document.add_heading(lines[0], level=2)
        elif kind == "bullets":
            for line in lines:
                document.add_paragraph(line, style="List Bullet")
        else:
            paragraph = document.add_paragraph()
            for number, line in enumerate(lines):
                run = paragraph.add_run(line)
                if number < len(lines) - 1:
                    run.add_break()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
