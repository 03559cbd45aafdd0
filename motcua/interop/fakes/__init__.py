"""Fake external services, each served as its own process over HTTP on 127.0.0.1 for the demo and the
integration tests (`manage.py run_fakes`). No Django here: a fake must behave like a foreign system
that shares nothing with motcua but the published message shapes (`motcua/interop/schemas/`).

FAKES maps a fake's name, which is also the name of the endpoint in `settings.MOTCUA_ENDPOINTS` that
it stands in for, to "module:factory"; the factory takes `data_dir` (a folder for its JSON file, or
None to keep everything in memory) and returns a `FakeService`.
"""

FAKES: dict[str, str] = {
    "national_portal": "motcua.interop.fakes.national_portal:create",
    "population_db": "motcua.registries.fakes.population:create",
    "business_registry": "motcua.registries.fakes.business:create_business",
    "tax": "motcua.registries.fakes.business:create_tax",
    "paygov": "motcua.payments.fakes:create",
    "civil_status": "motcua.registries.fakes.civil:create_civil_status",
    "data_store": "motcua.registries.fakes.civil:create_data_store",
}
