"""Encrypt the TOTP secrets that django-otp stored in plain hex (see accounts.otp_keys)."""

from binascii import hexlify

from django.db import migrations

from accounts.otp_keys import decrypt_key, encrypt_key, is_encrypted


def encrypt(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.all().only("pk", "key"):
        if not is_encrypted(device.key):
            # update(): the model's own save would encrypt a second time.
            TOTPDevice.objects.filter(pk=device.pk).update(key=encrypt_key(device.key))


def decrypt(apps, schema_editor):
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    for device in TOTPDevice.objects.all().only("pk", "key"):
        if is_encrypted(device.key):
            plain = hexlify(decrypt_key(device.key)).decode()
            TOTPDevice.objects.filter(pk=device.pk).update(key=plain)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_must_change_password"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
