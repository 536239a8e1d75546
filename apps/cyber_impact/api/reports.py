"""The impact and insight reports as JSON: the same report objects and the same
core.disclosure output as the pages, XLSX and PDF (a withheld count is "[c]", never a number),
read-only, each answer an audited export. Aggregates only: no person, no reference."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core import access, audit, disclosure
from apps.core.api import error_responses
from apps.cyber_impact import reports, selectors
from apps.cyber_impact.choices import Breakdown, MeasurePoint


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 0},
            {"type": "string", "enum": [disclosure.SYMBOL]},
        ],
        "description": f'A count, or "{disclosure.SYMBOL}" where it is withheld '
        "(small-number suppression)",
    }
)
class CellField(serializers.Field):
    def to_representation(self, value):
        return disclosure.display(value) if value is disclosure.SUPPRESSED else int(value)


class PeriodQuerySerializer(serializers.Serializer):
    """The report's period (default: the last year to today)."""

    start = serializers.DateField(required=False, help_text="From (YYYY-MM-DD)")
    end = serializers.DateField(required=False, help_text="To (YYYY-MM-DD)")

    def validate(self, data):
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise serializers.ValidationError({"end": ["end must be the same as or after start"]})
        return data


class ImpactQuerySerializer(PeriodQuerySerializer):
    point = serializers.ChoiceField(choices=MeasurePoint.choices, required=False)
    breakdown = serializers.ChoiceField(choices=Breakdown.choices, required=False)


class ReportRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    cells = serializers.ListField(child=CellField())
    total = CellField()


class ImpactTableSerializer(serializers.Serializer):
    outcome = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = ReportRowSerializer(many=True)
    column_totals = serializers.ListField(child=CellField())
    total = CellField()


class ImpactReportSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    point = serializers.ChoiceField(choices=MeasurePoint.choices)
    breakdown = serializers.ChoiceField(choices=Breakdown.choices)
    start = serializers.DateField()
    end = serializers.DateField()
    measured = CellField(help_text="Outcome measures counted")
    tables = ImpactTableSerializer(many=True)
    note = serializers.CharField()


class InsightRowSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = CellField()


class InsightSectionSerializer(serializers.Serializer):
    requirement = serializers.CharField(help_text="The intelligence requirement's code")
    name = serializers.CharField()
    multiple = serializers.BooleanField(
        help_text="More than one answer may be given: the counts overlap and have no total"
    )
    rows = InsightRowSerializer(many=True)
    total = CellField(allow_null=True, required=False)


class InsightReportSerializer(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    interviews = CellField(help_text="Interviews with consent")
    sections = InsightSectionSerializer(many=True)
    note = serializers.CharField()


def impact_data(report: reports.ImpactReport) -> dict:
    return {
        "title": report.title,
        "description": report.description,
        "point": report.point,
        "breakdown": report.breakdown,
        "start": report.period.start,
        "end": report.period.end,
        "measured": report.measured,
        "tables": [
            {
                "outcome": heading,
                "columns": list(table.cols),
                "rows": [
                    {"label": label, "cells": list(cells), "total": total}
                    for label, cells, total in table.body
                ],
                "column_totals": list(table.col_totals),
                "total": table.total,
            }
            for heading, table in report.tables
        ],
        "note": disclosure.note(),
    }


def insight_data(report: reports.InsightReport) -> dict:
    return {
        "title": report.title,
        "description": report.description,
        "start": report.period.start,
        "end": report.period.end,
        "interviews": report.interviews,
        "sections": [
            {
                "requirement": requirement.code,
                "name": requirement.name,
                "multiple": requirement.multiple,
                "rows": [{"label": label, "count": count} for label, count in series.rows],
                "total": None if requirement.multiple else series.total,
            }
            for requirement, series in report.sections
        ],
        "note": disclosure.note(),
    }


def _query(serializer_class, request) -> dict:
    query = serializer_class(data=request.query_params)
    if not query.is_valid():
        raise ApiValidationError(query.errors)
    return dict(query.validated_data)


def _period(data: dict) -> reports.Period:
    default = reports.Period.last_year()
    return reports.Period(
        start=data.get("start") or default.start, end=data.get("end") or default.end
    )


def _exported(request, *, scope: str, terms: dict) -> None:
    audit.record_export(
        user=request.user,
        scope=scope,
        terms=terms,
        result_count=0,
        export_format="json",
        references=[],
    )


class ImpactReportView(APIView):
    """GET /cyber/reports/impact/: the impact report, suppressed (an audited export)."""

    @extend_schema(
        summary="The Cyber Prevent impact report as JSON (suppressed as the XLSX and PDF; "
        "an audited export)",
        parameters=[ImpactQuerySerializer],
        responses={200: ImpactReportSerializer, **error_responses(400)},
    )
    def get(self, request):
        access.require_capability(request.user, selectors.VIEW_REPORT)
        data = _query(ImpactQuerySerializer, request)
        report = reports.impact_report(
            point=data.get("point") or MeasurePoint.END,
            breakdown=data.get("breakdown") or Breakdown.INTERVENTION_TYPE,
            period=_period(data),
        )
        _exported(request, scope="cyber impact report", terms=report.terms())
        return Response(ImpactReportSerializer(impact_data(report)).data)


class InsightReportView(APIView):
    """GET /cyber/reports/insight/: the insight report, suppressed (an audited export)."""

    @extend_schema(
        summary="The Cyber Prevent insight report (intelligence interviews) as JSON "
        "(suppressed as the XLSX and PDF; an audited export)",
        parameters=[PeriodQuerySerializer],
        responses={200: InsightReportSerializer, **error_responses(400)},
    )
    def get(self, request):
        access.require_capability(request.user, selectors.VIEW_REPORT)
        data = _query(PeriodQuerySerializer, request)
        report = reports.insight_report(period=_period(data))
        _exported(request, scope="cyber insight report", terms=report.terms())
        return Response(InsightReportSerializer(insight_data(report)).data)
