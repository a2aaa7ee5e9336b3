"""TOTP secrets encrypted at rest.

django-otp keeps a TOTP device's secret as plain hex in ``otp_totp_totpdevice.key``
(django-otp#67): anyone who reads a backup of the database could then produce
codes for every account. Here the column holds ``enc1:`` + AES-256-GCM
ciphertext instead, and ``TOTPDevice.bin_key`` (which django-otp uses to check
codes and to build the enrolment QR code) decrypts it. The encryption key is
``OTP_KEY_ENCRYPTION_KEY`` or, when that is not set, derived from ``SECRET_KEY``.
Migration ``accounts.0004`` encrypts the keys that exist.
"""

from __future__ import annotations

import base64
import os
from binascii import unhexlify

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "enc1:"
_AAD = b"casusoverleg otp_totp.key v1"


def _cipher() -> AESGCM:
    configured = settings.OTP_KEY_ENCRYPTION_KEY
    if configured:
        key = base64.urlsafe_b64decode(configured)
        if len(key) != 32:
            raise ValueError("OTP_KEY_ENCRYPTION_KEY must be 32 bytes, URL-safe base64 encoded.")
    else:
        key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"casusoverleg totp key"
        ).derive(settings.SECRET_KEY.encode())
    return AESGCM(key)


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX)


def encrypt_key(hex_key: str) -> str:
    """The stored form of a hex TOTP secret (at most 20 bytes, django-otp's default)."""
    secret = unhexlify(hex_key.encode())
    nonce = os.urandom(12)
    token = base64.urlsafe_b64encode(nonce + _cipher().encrypt(nonce, secret, _AAD)).decode()
    stored = PREFIX + token
    if len(stored) > 80:  # the column's length
        raise ValueError("TOTP secret too long to store encrypted.")
    return stored


def decrypt_key(stored: str) -> bytes:
    """The binary secret; raises on a tampered value or a wrong encryption key."""
    if not is_encrypted(stored):
        raise ValueError("TOTP secret is not encrypted; run the migrations.")
    raw = base64.urlsafe_b64decode(stored[len(PREFIX) :].encode())
    return _cipher().decrypt(raw[:12], raw[12:], _AAD)


_TEXT_AAD = b"casusoverleg secret text v1"


def encrypt_text(text: str) -> str:
    """The stored form of another secret (an identity provider's client secret)."""
    nonce = os.urandom(12)
    sealed = _cipher().encrypt(nonce, text.encode(), _TEXT_AAD)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt_text(stored: str) -> str:
    if not is_encrypted(stored):
        raise ValueError("Secret is not encrypted.")
    raw = base64.urlsafe_b64decode(stored[len(PREFIX) :].encode())
    return _cipher().decrypt(raw[:12], raw[12:], _TEXT_AAD).decode()


def install() -> None:
    """Make django-otp read and write the encrypted form (called from AppConfig.ready)."""
    from django.db.models.signals import pre_save
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.bin_key = property(lambda device: decrypt_key(device.key))
    pre_save.connect(_encrypt_before_save, sender=TOTPDevice, dispatch_uid="totp-key-encrypt")


def _encrypt_before_save(sender, instance, **kwargs) -> None:
    if not is_encrypted(instance.key):
        instance.key = encrypt_key(instance.key)
