"""The columns of the operation, package and subject lists (core's GOV.UK table template).

Dates in words ("14 March 2026"), choices by their labels, references as links; subjects
are listed by reference, never by name.
"""

import django_tables2 as tables

from apps.core.tables import GovukTable, ReferenceColumn
from apps.cyber_packages.choices import Progress
from apps.cyber_packages.models import IntelligencePackage, Operation, PackageSubject

DATE = "j F Y"


class OperationTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    name = tables.Column(verbose_name="Operation", orderable=True)
    lead_agency = tables.Column(
        accessor="lead_agency__name", verbose_name="Lead agency", orderable=True
    )
    starts_on = tables.DateColumn(verbose_name="Started", format=DATE, orderable=True)
    ends_on = tables.DateColumn(verbose_name="Ends", format=DATE, default="Ongoing")
    spoc = tables.Column(accessor="spoc__display_name", verbose_name="SPOC", orderable=False)
    package_count = tables.Column(verbose_name="Packages", orderable=True)

    class Meta(GovukTable.Meta):
        model = Operation
        fields = ()


class PackageTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    source_reference = tables.Column(verbose_name="Sender's reference", orderable=True)
    source_agency = tables.Column(
        accessor="source_agency__name", verbose_name="Sent by", orderable=True
    )
    operation = tables.Column(accessor="operation__name", verbose_name="Operation", orderable=True)
    received_on = tables.DateColumn(verbose_name="Received", format=DATE, orderable=True)
    deadline = tables.DateColumn(verbose_name="Return due", format=DATE, orderable=True)
    subject_count = tables.Column(verbose_name="Subjects", orderable=True)

    class Meta(GovukTable.Meta):
        model = IntelligencePackage
        fields = ()


class SubjectTable(GovukTable):
    reference = ReferenceColumn(orderable=True)
    package = tables.Column(accessor="package__reference", verbose_name="Package", orderable=True)
    source_reference = tables.Column(verbose_name="Sender's reference", orderable=True)
    force = tables.Column(
        accessor="force__name", verbose_name="Force", default="Not known", orderable=True
    )
    identification = tables.Column(verbose_name="Identified", orderable=True)
    progress = tables.Column(verbose_name="Progress", orderable=True)
    deadline = tables.DateColumn(
        accessor="package__deadline", verbose_name="Return due", format=DATE, orderable=True
    )

    class Meta(GovukTable.Meta):
        model = PackageSubject
        fields = ()

    def render_progress(self, value) -> str:
        return Progress(value).label

    def value_progress(self, value) -> str:
        return Progress(value).label
