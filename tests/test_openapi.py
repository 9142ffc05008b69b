"""The API describes itself: /api/openapi.json covers every /api route, its
parameters' bounds are the ones the API enforces, and real answers (every key
of them) match the schemas it gives."""
from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator

KUMYSKHAN = "kazakh-families-xinjiang-2021-kumyskhan-baban"


@pytest.fixture(scope="module")
def spec(bundled_app):
    answer = bundled_app.test_client().get("/api/openapi.json")
    assert answer.status_code == 200 and answer.is_json
    return answer.get_json()


def deref(spec: dict, node: dict) -> dict:
    """A `#/…` reference followed to what it names (again, until it is not one)."""
    while isinstance(node, dict) and "$ref" in node:
        target = spec
        for key in node["$ref"].lstrip("#/").split("/"):
            target = target[key]
        node = target
    return node


def response_schema(spec: dict, path: str, status: int) -> dict:
    responses = spec["paths"][path]["get"]["responses"]
    assert str(status) in responses, f"{path} answers {status}, which the document does not list"
    return deref(spec, responses[str(status)])["content"]["application/json"]["schema"]


def check_answer(spec: dict, path: str, answer) -> dict:
    """Validate an answer against its schema; returns the answer's JSON."""
    assert answer.is_json, f"{path} answered {answer.content_type}"
    data = answer.get_json()
    schema = {**response_schema(spec, path, answer.status_code), "components": spec["components"]}
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=str)
    assert not errors, f"{path} {answer.status_code}: " + "; ".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:5])
    return data


def undescribed_keys(spec: dict, schema: dict, data, where: str = "") -> list[str]:
    """Every key of `data` (at any depth) that its schema has no property for."""
    schema = deref(spec, schema)
    found = []
    if isinstance(data, dict):
        props = schema.get("properties")
        if props is None:
            return []  # a free-form object (the OpenAPI document itself)
        for key, value in data.items():
            if key not in props:
                found.append(f"{where}/{key}")
            else:
                found += undescribed_keys(spec, props[key], value, f"{where}/{key}")
    elif isinstance(data, list) and "items" in schema:
        for i, value in enumerate(data):
            found += undescribed_keys(spec, schema["items"], value, f"{where}/{i}")
    return found


def test_every_api_route_is_described(bundled_app, spec):
    rules = [r for r in bundled_app.url_map.iter_rules() if r.rule == "/api" or r.rule.startswith("/api/")]
    assert len(rules) >= 4
    for rule in rules:
        path = re.sub(r"<(?:[a-z]+:)?(\w+)>", r"{\1}", rule.rule)
        assert path in spec["paths"], f"{rule.rule} is served but not described"
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert method.lower() in spec["paths"][path], f"{method} {rule.rule} is not described"
        for name in rule.arguments:
            op = spec["paths"][path]["get"]
            assert any(deref(spec, p)["name"] == name and deref(spec, p)["in"] == "path"
                       for p in op["parameters"]), f"{rule.rule}: path parameter {name} is not described"


def test_the_document_is_openapi_3_1_with_valid_schemas(spec):
    assert spec["openapi"].startswith("3.1.")
    for name, schema in spec["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
    text = repr(spec)
    for ref in set(re.findall(r"'\$ref': '([^']+)'", text)):
        assert deref(spec, {"$ref": ref}), ref
    for path, item in spec["paths"].items():
        for method, op in item.items():
            for p in op.get("parameters", []):
                p = deref(spec, p)
                Draft202012Validator.check_schema(p["schema"])
                assert p.get("description"), f"{path} {p['name']} says nothing of what it means"
            assert op["responses"], f"{method} {path} lists no answer"


SEARCHES = [
    {}, {"q": "brother"}, {"q": "Кумысхан Бабан"}, {"name": "Gulpiia Kazybek"}, {"place": "Urumqi"},
    {"place": "Үрімші", "year": "2017"}, {"year": "2005-2011"}, {"type": "article"}, {"lang": "en"},
    {"language": "en"}, {"person": "Kumyskhan Baban"}, {"q": "detaind"}, {"q": "zzqxw"},
    {"q": "*", "per_page": "3", "page": "2"}, {"q": "*", "per_page": "1", "page": "8"},
    {"sort": "title"}, {"ui": "ru", "year": "abc"}, {"per_page": "0"}, {"page": "x"}, {"q": "x" * 501},
    {"q": "year:abc"}, {"place": ["Urumqi", "Almaty"]},
]


@pytest.mark.parametrize("params", SEARCHES, ids=lambda p: "&".join(f"{k}={v}"[:30] for k, v in p.items()) or "all")
def test_search_answers_match_their_schema_key_for_key(client, spec, params):
    answer = client.get("/api/search", query_string=params)
    assert answer.status_code in (200, 400)
    data = check_answer(spec, "/api/search", answer)
    schema = response_schema(spec, "/api/search", answer.status_code)
    assert not undescribed_keys(spec, schema, data), "keys the document does not describe"


@pytest.mark.parametrize("path, params", [
    (f"/api/doc/{KUMYSKHAN}", {}), (f"/api/doc/{KUMYSKHAN}", {"q": "singer", "name": "Кумысхан"}),
    ("/api/doc/no-such-document", {}), ("/api/doc/../etc/passwd", {}), (f"/api/doc/{KUMYSKHAN}", {"year": "abc"}),
])
def test_document_answers_match_their_schema_key_for_key(client, spec, path, params):
    answer = client.get(path, query_string=params)
    data = check_answer(spec, "/api/doc/{doc_id}", answer)
    schema = response_schema(spec, "/api/doc/{doc_id}", answer.status_code)
    assert not undescribed_keys(spec, schema, data)


def test_every_document_of_the_bundled_corpus_matches_the_schema(client, spec):
    everything = client.get("/api/search", query_string={"per_page": 100}).get_json()
    assert everything["results"]
    for result in everything["results"]:
        answer = client.get(f"/api/doc/{result['id']}")
        assert answer.status_code == 200
        data = check_answer(spec, "/api/doc/{doc_id}", answer)
        assert not undescribed_keys(spec, response_schema(spec, "/api/doc/{doc_id}", 200), data)


@pytest.mark.parametrize("path", ["/api", "/api/"])
def test_api_index_lists_every_route_with_a_link_that_answers(client, spec, path):
    answer = client.get(path)
    assert answer.status_code == 200
    data = check_answer(spec, path, answer)
    assert {(r["path"], r["method"].lower()) for r in data["routes"]} == {
        (p, m) for p, item in spec["paths"].items() for m in item}
    for route in data["routes"]:
        followed = client.get(route["href"])
        described = spec["paths"][route["path"]][route["method"].lower()]["responses"]["200"]["content"]
        assert followed.status_code == 200 and followed.mimetype in described, route
    assert client.get(data["openapi"]).get_json() == spec


def test_described_bounds_and_lists_are_the_ones_the_api_enforces(client, spec):
    """What the document says a parameter takes is what the API takes, and one past it is refused."""
    params = {p: deref(spec, {"$ref": f"#/components/parameters/{p}"}) for p in spec["components"]["parameters"]}
    for name, param in params.items():
        schema = param["schema"]
        item = schema.get("items", schema)
        if "maximum" in item:
            lo, hi = item["minimum"], item["maximum"]
            extra = {"per_page": 1} if name == "page" else {}
            assert client.get("/api/search", query_string={name: hi, **extra}).status_code == 200, name
            assert client.get("/api/search", query_string={name: lo, **extra}).status_code == 200, name
            refused = client.get("/api/search", query_string={name: hi + 1, **extra})
            assert refused.status_code == 400 and name in refused.get_json()["error"], name
        if "maxLength" in item and name not in ("ui", "lang", "language"):
            value = "a" * item["maxLength"]
            assert client.get("/api/search", query_string={name: value}).status_code == 200, name
            refused = client.get("/api/search", query_string={name: value + "a"})
            assert refused.status_code == 400, name
            # `language` is read as `lang`; naming the parameter as written is the validation's own test.
            assert (name if name != "language" else "lang") in refused.get_json()["error"], name
        for value in item.get("enum", []):
            assert client.get("/api/search", query_string={name: value}).status_code == 200, (name, value)
    assert params["type"]["schema"]["items"]["enum"], "the document types are listed"
    # A document language is one the index holds (its facet's values); any other is refused naming it.
    for name in ("lang", "language"):
        refused = client.get("/api/search", query_string={name: "xx"})
        assert refused.status_code == 400 and name in refused.get_json()["error"], name
    for value in (v["value"] for v in client.get("/api/search").get_json()["facets"]["language"]):
        assert client.get("/api/search", query_string={"lang": value}).status_code == 200, value


def test_api_page_lists_the_routes_and_is_linked_from_every_page(client, spec):
    page = client.get("/help/api")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for path in spec["paths"]:
        assert f"{path}</code>" in html
    assert 'href="/api/openapi.json"' in html
    for value in spec["components"]["parameters"]["type"]["schema"]["items"]["enum"]:
        assert f"<code>{value}</code>" in html, "a repeatable parameter's values are listed"
    for where in ("/", f"/doc/{KUMYSKHAN}", "/login"):
        assert 'href="/help/api"' in client.get(where).get_data(as_text=True), where
