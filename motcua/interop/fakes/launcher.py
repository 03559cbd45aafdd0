"""Start and stop a fake as a child process (for `run_fakes` and the integration tests)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Final

_START_TIMEOUT: Final = 15.0


class FakeProcess:
    def __init__(
        self, name: str, *, port: int = 0, data_dir: Path | None = None, idle_exit: float = 0.0
    ) -> None:
        self.name = name
        self.port = port
        self.data_dir = data_dir
        self.idle_exit = idle_exit
        self.process: subprocess.Popen[str] | None = None
        self.url = ""

    def start(self) -> str:
        """Start the fake and wait until it listens; returns its base URL."""
        command = [
            sys.executable,
            "-m",
            "motcua.interop.fakes",
            self.name,
            "--port",
            str(self.port),
            "--parent-pid",
            str(os.getpid()),
            "--idle-exit",
            str(self.idle_exit),
        ]
        if self.data_dir is not None:
            command += ["--data-dir", str(self.data_dir)]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + _START_TIMEOUT
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if line.startswith("READY "):
                self.url = line.split()[2]
                self.port = int(self.url.rsplit(":", 1)[1])
                return self.url
            if not line and self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"the fake {self.name} did not start")

    def wait(self, timeout: float) -> int | None:
        assert self.process is not None
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
