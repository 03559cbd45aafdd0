"""Serve one fake as its own process: python -m motcua.interop.fakes NAME --port N [--data-dir D]
[--parent-pid P] [--idle-exit S]. It prints one line `READY <name> http://127.0.0.1:<port>` when it
listens, and stops on SIGTERM/SIGINT, when its parent process is gone, or after S idle seconds."""

import argparse
import importlib
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path

from motcua.interop.fakes import FAKES
from motcua.interop.fakes.base import FakeService


def build(name: str, data_dir: Path | None) -> FakeService:
    module_name, _, factory_name = FAKES[name].partition(":")
    factory = getattr(importlib.import_module(module_name), factory_name)
    service: FakeService = factory(data_dir=data_dir)
    return service


def _parent_alive(pid: int) -> bool:
    if os.getppid() != pid:  # re-parented: the parent died
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m motcua.interop.fakes")
    parser.add_argument("name", choices=sorted(FAKES))
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--parent-pid", type=int, default=0)
    parser.add_argument("--idle-exit", type=float, default=0.0, help="seconds without a request (0: never)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"), format="%(asctime)s %(name)s %(message)s")

    service = build(args.name, args.data_dir)
    server = service.serve(args.port)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    print(f"READY {args.name} http://127.0.0.1:{server.server_address[1]}", flush=True)
    while not stop.wait(0.5):
        if args.parent_pid and not _parent_alive(args.parent_pid):
            break
        if args.idle_exit and time.monotonic() - service.last_request > args.idle_exit:
            break
    service.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
