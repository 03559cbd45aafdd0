"""Stand-ins for the services a lawful signature needs, each run as its own process on 127.0.0.1:
a file server (the CA's revocation lists and certificates), an RFC 3161 timestamp authority and a
Cloud Signature Consortium remote-signing service; and a "government" CA of the tests' own that
issues the certificates they serve. For tests, the benchmark and the demo only."""
