"""Schemathesis against the app, in-process through WSGI: requests generated from
/api/openapi.json never meet a server error, and every answer has the status,
content type and shape the document gives for it.

The examples per route are few (the whole run stays well under a minute on two
cores); Hypothesis's seed is fixed by `derandomize`, so a failure repeats.
"""
from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[test]')")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis import checks as st_checks  # noqa: E402

CHECKS = [st_checks.not_a_server_error, st_checks.status_code_conformance,
          st_checks.content_type_conformance, st_checks.response_schema_conformance]


from webapp.apidoc import operations  # noqa: E402

ROUTES = [(op["method"], op["path"]) for op in operations()]


@pytest.fixture(scope="module")
def api_schema(bundled_app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", bundled_app)


@pytest.mark.parametrize("method, path", ROUTES, ids=[f"{m} {p}" for m, p in ROUTES])
def test_api_conforms_to_its_openapi_document(api_schema, method, path):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def run(case):
        case.call_and_validate(checks=CHECKS)

    run()
