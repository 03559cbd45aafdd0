"""Security review M9: the OpenAPI document resolves every reference and lists the refusals."""

import json
import re
from typing import Any

import pytest

from motcua.api.schema import render_schema


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(render_schema())
    return loaded


def test_m9_the_submission_body_is_in_the_components(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    assert {"DossierIn", "ApplicantIn", "FileIn", "Error"} <= set(components)
    assert components["DossierIn"]["properties"]["applicant"] == {"$ref": "#/components/schemas/ApplicantIn"}


def test_m9_every_reference_resolves(schema: dict[str, Any]) -> None:
    names = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(schema)))
    assert names - set(schema["components"]["schemas"]) == set()


def test_m9_every_operation_lists_its_refusals_in_the_error_shape(schema: dict[str, Any]) -> None:
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            expected = {"400", "404", "422", "429"}
            if operation.get("security"):
                expected |= {"401", "403"}
            if method == "post":
                expected |= {"409", "413"}
            listed = operation["responses"]
            assert expected <= set(listed), (method, path)
            assert all(listed[code]["content"] == error for code in expected), (method, path)


def test_m9_the_error_shape_is_what_the_api_answers(schema: dict[str, Any]) -> None:
    error = schema["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]
    assert error["properties"]["error"]["required"] == ["code", "message", "field"]
