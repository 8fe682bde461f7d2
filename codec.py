"""What a resident told us is ciphertext in Temporal (R-DP-1).

Every payload a redress client or worker sends to Temporal (workflow inputs and results,
updates, queries, activity arguments, letters, memos, summaries) is encrypted here first,
with AES-256-GCM, and decrypted when it comes back. The key's id travels in the payload's
metadata, so keys can rotate: new payloads use the newest key, and any key still listed
decrypts what it once encrypted. A payload without our encoding (a history recorded before
encryption, a payload from another tool) passes through as it is.

Keys come from ``REDRESS_PAYLOAD_KEYS`` (``id:base64key,...``, newest first); the dev stack
and the tests generate one and keep it in the data directory (``payload-keys``).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio.api.common.v1 import Payload
from temporalio.converter import PayloadCodec

ENCODING = b"binary/encrypted"
KEY_ID = "encryption-key-id"
KEY_BYTES = 32  # AES-256
NONCE_BYTES = 12  # GCM's standard nonce; random per payload
DEV_KEYS_FILE = "payload-keys"
_KEY_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{1,64}")


class PayloadKeyError(ValueError):
    """A key list that cannot be used, or a payload no listed key can decrypt."""


@dataclass(frozen=True)
class PayloadKey:
    """One AES-256 key and the id written beside every payload it encrypts."""

    id: str
    secret: bytes

    def __post_init__(self) -> None:
        if not _KEY_ID_PATTERN.fullmatch(self.id):
            raise PayloadKeyError(
                f"a payload key id is 1 to 64 letters, digits, dots, dashes or underscores, "
                f"not {self.id!r}"
            )
        if len(self.secret) != KEY_BYTES:
            raise PayloadKeyError(
                f"payload key {self.id!r} must be {KEY_BYTES} bytes (base64 of 32 random "
                f"bytes), not {len(self.secret)}"
            )

    def __repr__(self) -> str:  # never the secret in a log or a traceback
        return f"PayloadKey(id={self.id!r})"

    @classmethod
    def generate(cls, key_id: str | None = None) -> PayloadKey:
        """A fresh random key, by default named after today and a random suffix."""
        key_id = key_id or f"{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(3)}"
        return cls(key_id, secrets.token_bytes(KEY_BYTES))

    def text(self) -> str:
        """``id:base64key``, as ``REDRESS_PAYLOAD_KEYS`` lists it."""
        return f"{self.id}:{base64.b64encode(self.secret).decode()}"


def parse_keys(text: str) -> tuple[PayloadKey, ...]:
    """``id:base64key,id:base64key`` (newest first) as keys; a sentence if it cannot be."""
    keys = []
    for item in (part.strip() for part in text.replace("\n", ",").split(",")):
        if not item:
            continue
        key_id, colon, encoded = item.partition(":")
        if not colon:
            raise PayloadKeyError("each payload key is written id:base64key")
        try:
            secret = base64.b64decode(encoded.strip(), validate=True)
        except binascii.Error:
            raise PayloadKeyError(f"payload key {key_id.strip()!r} is not base64") from None
        keys.append(PayloadKey(key_id.strip(), secret))
    if not keys:
        raise PayloadKeyError("no payload key given")
    ids = [key.id for key in keys]
    if len(set(ids)) != len(ids):
        raise PayloadKeyError("two payload keys have the same id")
    return tuple(keys)


def dev_keys(data_dir: Path) -> tuple[PayloadKey, ...]:
    """The development key kept in ``data_dir``, made on first use.

    Every process of the dev stack (worker, web app, starter) shares the data directory
    and so the key; two processes starting at once agree on one, because the key is
    written aside and linked into place only if none is there yet.
    """
    path = data_dir / DEV_KEYS_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        spare = data_dir / f".{DEV_KEYS_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(PayloadKey.generate().text() + "\n")
        try:
            os.link(spare, path)
        except FileExistsError:
            pass  # another process got there first: use its key
        finally:
            spare.unlink()
    return parse_keys(path.read_text())


class EncryptionCodec(PayloadCodec):
    """AES-256-GCM over each whole payload (its metadata and data), the key's id beside it.

    The key id is also the ciphertext's associated data, so a payload relabelled with
    another id does not decrypt.
    """

    def __init__(self, keys: Sequence[PayloadKey]) -> None:
        if not keys:
            raise PayloadKeyError("no payload key given")
        self.keys = tuple(keys)
        self._ciphers = {key.id: AESGCM(key.secret) for key in self.keys}
        self._newest = self.keys[0].id

    async def encode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.encrypt(payload) for payload in payloads]

    async def decode(self, payloads: Sequence[Payload]) -> list[Payload]:
        return [self.decrypt(payload) for payload in payloads]

    def encrypt(self, payload: Payload) -> Payload:
        key_id = self._newest
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._ciphers[key_id].encrypt(nonce, payload.SerializeToString(), key_id.encode())
        return Payload(
            metadata={"encoding": ENCODING, KEY_ID: key_id.encode()}, data=nonce + sealed
        )

    def decrypt(self, payload: Payload) -> Payload:
        if payload.metadata.get("encoding") != ENCODING:
            return payload  # not ours: recorded before encryption, or plain by design
        key_id = payload.metadata.get(KEY_ID, b"").decode(errors="replace")
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise PayloadKeyError(
                f"payload encrypted with key {key_id!r}, which REDRESS_PAYLOAD_KEYS no longer lists"
            )
        nonce, sealed = payload.data[:NONCE_BYTES], payload.data[NONCE_BYTES:]
        try:
            plain = cipher.decrypt(nonce, sealed, key_id.encode())
        except InvalidTag:
            raise PayloadKeyError(
                f"payload does not decrypt with key {key_id!r}: altered, or another key "
                f"under the same id"
            ) from None
        return Payload.FromString(plain)
