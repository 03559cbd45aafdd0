from motcua.registries.tests.conftest import fake_processes, fakes

__all__ = ["fake_processes", "fakes"]
