"""A CA's publication point: serves the files of one folder (revocation lists, certificates) over
HTTP, re-read at every request so a revocation published later is seen at once.

    python -m motcua.documents.fakes.files --port 0 --dir FOLDER
"""

import argparse
from pathlib import Path

from motcua.documents.fakes.serve import QuietHandler, serve

TYPES = {".crl": "application/pkix-crl", ".crt": "application/pkix-cert", ".cer": "application/pkix-cert"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True)
    options = parser.parse_args()
    root = Path(options.dir).resolve()

    class Handler(QuietHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server names it)
            path = (root / self.path.lstrip("/").split("?")[0]).resolve()
            if root not in path.parents or not path.is_file():
                self.reply(404, b"not found", "text/plain")
                return
            self.reply(200, path.read_bytes(), TYPES.get(path.suffix, "application/octet-stream"))

    serve(Handler, options.port)


if __name__ == "__main__":
    main()
