"""Reading an assessment framework file (YAML, or JSON, which is YAML too) into plain data.

The shape (apps/assessments/frameworks/vaf-2012.yaml is the example):
name, version, description, dimensions: [{code, name, description, factors: [{code, name,
prompt}]}]. Every problem is reported in words with where it is, and nothing is loaded.
"""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.utils.text import slugify

SAMPLE = Path(__file__).resolve().parent / "frameworks" / "vaf-2012.yaml"
MAX_FILE_BYTES = 512 * 1024


def _text(item: dict, key: str, where: str, errors: list, *, required: bool = True) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int | float):
        errors.append(f"{where}: {key} must be text")
        return ""
    value = str(value).strip()
    if required and not value:
        errors.append(f"{where}: {key} is missing")
    return value


def _code(item: dict, where: str, errors: list, seen: set) -> str:
    code = slugify(_text(item, "code", where, errors))
    if code and code in seen:
        errors.append(f"{where}: code {code} is used twice")
    seen.add(code)
    return code


def parse_framework(content: str | bytes) -> dict:
    """The framework as checked plain data, or a ValidationError listing every problem."""
    if isinstance(content, bytes):
        if len(content) > MAX_FILE_BYTES:
            raise ValidationError("The file is larger than 512 KB: is it a framework file?")
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValidationError("The file must be UTF-8 text (YAML or JSON)") from error
    try:
        data = yaml.safe_load(content)
    except yaml.YAMLError as error:
        raise ValidationError(f"The file is not valid YAML or JSON: {error}") from error
    if not isinstance(data, dict):
        raise ValidationError("The file must describe one framework (name, version, dimensions)")
    errors: list[str] = []
    framework = {
        "name": _text(data, "name", "Framework", errors),
        "version": _text(data, "version", "Framework", errors),
        "description": _text(data, "description", "Framework", errors, required=False),
        "dimensions": [],
    }
    dimensions = data.get("dimensions")
    if not isinstance(dimensions, list) or not dimensions:
        errors.append("Framework: dimensions must list at least one dimension")
        dimensions = []
    dimension_codes: set[str] = set()
    for index, dimension in enumerate(dimensions, start=1):
        where = f"Dimension {index}"
        if not isinstance(dimension, dict):
            errors.append(f"{where}: must have a code, a name and factors")
            continue
        entry = {
            "code": _code(dimension, where, errors, dimension_codes),
            "name": _text(dimension, "name", where, errors),
            "description": _text(dimension, "description", where, errors, required=False),
            "factors": [],
        }
        factors = dimension.get("factors")
        if not isinstance(factors, list) or not factors:
            errors.append(f"{where}: factors must list at least one factor")
            factors = []
        factor_codes: set[str] = set()
        for number, factor in enumerate(factors, start=1):
            place = f"{where}, factor {number}"
            if not isinstance(factor, dict):
                errors.append(f"{place}: must have a code, a name and a prompt")
                continue
            entry["factors"].append(
                {
                    "code": _code(factor, place, errors, factor_codes),
                    "name": _text(factor, "name", place, errors),
                    "prompt": _text(factor, "prompt", place, errors, required=False),
                }
            )
        framework["dimensions"].append(entry)
    if errors:
        raise ValidationError(errors)
    return framework


def sample_framework() -> dict:
    return parse_framework(SAMPLE.read_text(encoding="utf-8"))
