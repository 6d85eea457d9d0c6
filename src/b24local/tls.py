"""``--tls``: a local certificate authority and a certificate for localhost/127.0.0.1, kept in the data
dir so clients trust it across restarts (b24pysdk and the JS SDK only speak https)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass
class TlsFiles:
    ca: Path
    cert: Path
    key: Path


def ensure_local_ca(data_dir: Path) -> TlsFiles:
    folder = data_dir / "tls"
    files = TlsFiles(ca=folder / "ca.pem", cert=folder / "server.pem", key=folder / "server-key.pem")
    if files.ca.exists() and files.cert.exists() and files.key.exists():
        return files
    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="b24local", organization_unit_name="local CA")
    cert = ca.issue_cert("localhost", "127.0.0.1", "::1")
    ca.cert_pem.write_to_path(str(files.ca))
    cert.private_key_pem.write_to_path(str(files.key))
    files.cert.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
    files.key.chmod(0o600)
    return files
