"""Start a fake service as a child process and stop it: `with running("tsa", ...) as url:`."""

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

STARTUP_SECONDS = 20


@contextmanager
def running(name: str, *args: str) -> Iterator[str]:
    """Run `python -m motcua.documents.fakes.<name> --port 0 <args>`; yields its base URL
    (http://127.0.0.1:<port>) and terminates it on exit, whatever happened."""
    process = subprocess.Popen(
        [sys.executable, "-m", f"motcua.documents.fakes.{name}", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=None,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if not line.startswith("PORT "):
            raise RuntimeError(f"the fake {name} did not start: {line!r}")
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
