from motcua.api.schema import SCHEMA_PATH, render_schema


def test_committed_openapi_schema_is_current() -> None:
    committed = SCHEMA_PATH.read_text(encoding="utf-8")
    assert committed == render_schema(), (
        "The API changed: run `manage.py export_openapi` and commit docs/openapi.json"
    )
