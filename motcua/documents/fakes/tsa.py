"""An RFC 3161 timestamp authority over HTTP (POST application/timestamp-query), with its own
RSA key and a certificate for time stamping issued by the test CA.

    python -m motcua.documents.fakes.tsa --port 0 --cert tsa.crt --key tsa.key [--chain ca.crt]
"""

import argparse
from pathlib import Path

from asn1crypto import keys, tsp, x509
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.documents.fakes.serve import QuietHandler, serve


def _certs(path: str) -> list[x509.Certificate]:
    from cryptography import x509 as pyca

    return [
        x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
        for c in pyca.load_pem_x509_certificates(Path(path).read_bytes())
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--chain", default="")
    options = parser.parse_args()
    key = serialization.load_pem_private_key(Path(options.key).read_bytes(), password=None)
    der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    stamper = DummyTimeStamper(
        tsa_cert=_certs(options.cert)[0],
        tsa_key=keys.PrivateKeyInfo.load(der),
        certs_to_embed=SimpleCertificateStore.from_certs(_certs(options.chain)) if options.chain else None,
    )

    class Handler(QuietHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server names it)
            try:
                request = tsp.TimeStampReq.load(self.body())
                response = stamper.request_tsa_response(request)
            except Exception:  # a malformed query gets a refusal, not a crash
                rejection = tsp.TimeStampResp({"status": tsp.PKIStatusInfo({"status": "rejection"})})
                self.reply(200, rejection.dump(), "application/timestamp-reply")
                return
            self.reply(200, response.dump(), "application/timestamp-reply")

    serve(Handler, options.port)


if __name__ == "__main__":
    main()
