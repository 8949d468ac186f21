"""The HMC's self-signed TLS certificate: generated once per HMC, kept in the key directory, reused on
every start (so a client that pinned its fingerprint keeps trusting it).

[I] a real HMC ships a self-signed RSA 2048 certificate whose subject is the HMC's host name.
"""

from __future__ import annotations

import datetime
import hashlib
import ipaddress
import re
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


def paths(key_dir: Path, hmc_name: str) -> tuple[Path, Path]:
    base = _SAFE.sub("_", hmc_name)
    return key_dir / f"rest_{base}.crt", key_dir / f"rest_{base}.key"


def ensure(key_dir: Path, hmc_name: str, hostname: str, address: str) -> tuple[Path, Path]:
    """The (certificate, key) files of this HMC, created on first use."""
    key_dir = Path(key_dir)  # callers may hand a str (harness.api.Estate(key_dir=...))
    cert_path, key_path = paths(key_dir, hmc_name)
    if cert_path.exists() and key_path.exists():
        return cert_path, key_path
    key_dir.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname or hmc_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "IBM")])
    alt: list[x509.GeneralName] = [x509.DNSName(hostname or hmc_name), x509.DNSName("localhost")]
    for a in {address, "127.0.0.1"}:
        try:
            alt.append(x509.IPAddress(ipaddress.ip_address(a)))
        except ValueError:
            pass
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=365 * 30))
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .sign(key, hashes.SHA256()))
    tmp_key = key_path.with_name(key_path.name + ".tmp")
    tmp_key.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                          serialization.NoEncryption()))
    tmp_key.chmod(0o600)
    tmp_cert = cert_path.with_name(cert_path.name + ".tmp")
    tmp_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    tmp_key.replace(key_path)
    tmp_cert.replace(cert_path)
    return cert_path, key_path


def fingerprint(cert_path: Path) -> str:
    """SHA-256 of the DER certificate, as ``AB:CD:...`` (what openssl x509 -fingerprint prints)."""
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    digest = hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))
