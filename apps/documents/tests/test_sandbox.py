"""Templates see only the plain data handed in: no attributes, no calls, nothing huge."""

import datetime

import pytest

from apps.documents.rendering import DocumentTemplateError, blocks, render_text

DATA = {
    "case": {"reference": "CS-2026-00001", "opened_on": datetime.date(2026, 3, 14)},
    "interventions": [{"type": "Mentoring"}, {"type": "Education"}],
}


def test_the_data_handed_in_fills_the_template():
    text = render_text(
        "Case {{ case.reference }} opened {{ case.opened_on|date }}\n"
        "{% for item in interventions %}- {{ item.type }}\n{% endfor %}",
        DATA,
    )
    assert text == "Case CS-2026-00001 opened 14 March 2026\n- Mentoring\n- Education\n"


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ case.__class__ }}",
        "{{ case.__init__.__globals__ }}",
        "{{ case.items() }}",
        "{{ case.reference.upper() }}",
        "{% for klass in ''.__class__.__mro__ %}{{ klass }}{% endfor %}",
        "{{ interventions.__len__() }}",
        "{{ self.__init__ }}",
        "{{ range(100000) }}",
        "{{ lipsum() }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ namespace() }}",
        "{{ 'x' * 100000 }}",
        "{{ 9 ** 999999 }}",
        "{{ case|attr('__class__') }}",
        "{{ undefined_name }}",
        "{% include 'core/base.html' %}",
        "{% import 'os' as os %}",
    ],
)
def test_templates_that_reach_beyond_the_data_are_refused(template):
    with pytest.raises(DocumentTemplateError):
        render_text(template, DATA)


def test_a_syntax_error_is_refused_with_the_reason():
    with pytest.raises(DocumentTemplateError, match="problem"):
        render_text("{% for x in %}", DATA)


def test_text_becomes_headings_paragraphs_and_bullets():
    parts = blocks("# Title\n1 Example Street\nReading\n\n- one\n- two\n## Next\nText")
    assert parts == [
        ("h1", ["Title"]),
        ("paragraph", ["1 Example Street", "Reading"]),
        ("bullets", ["one", "two"]),
        ("h2", ["Next"]),
        ("paragraph", ["Text"]),
    ]
