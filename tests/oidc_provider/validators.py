"""django-oauth-toolkit's validator with switches that make the provider misbehave."""

from __future__ import annotations

import json
import time

from django.db import router, transaction
from jwcrypto import jwk, jwt
from oauth2_provider.models import IDToken
from oauth2_provider.oauth2_validators import OAuth2Validator

# Set through POST /test/switches/ (tests) or run.py's options (demo).
SWITCHES: dict = {}
# Not the key the JWKS endpoint publishes: a token signed with it has a bad signature.
_OTHER_KEY = jwk.JWK.generate(kty="RSA", size=2048)


class SwitchableValidator(OAuth2Validator):
    oidc_claim_scope = None  # every claim below goes into the ID token

    def get_claim_dict(self, request):
        claims = super().get_claim_dict(request)
        claims["sub"] = request.user.username  # stable, readable subjects for the tests
        return claims

    def get_additional_claims(self, request):
        claims = {}
        for name in ("amr", "acr"):
            if SWITCHES.get(name):
                claims[name] = SWITCHES[name]
        return claims

    def finalize_id_token(self, id_token, token, token_handler, request):
        # As django-oauth-toolkit's own, plus the switches.
        claims, expiration_time = self.get_id_token_dictionary(token, token_handler, request)
        id_token.update(**claims)
        if "nonce" not in id_token and request.nonce:
            id_token["nonce"] = request.nonce
        if SWITCHES.get("wrong_audience"):
            id_token["aud"] = "another-client"
        if SWITCHES.get("wrong_nonce"):
            id_token["nonce"] = "not-the-nonce-of-this-login"
        if SWITCHES.get("expired"):
            id_token["iat"] = int(time.time()) - 7200
            id_token["exp"] = int(time.time()) - 3600
        key = request.client.jwk_key
        header = {"typ": "JWT", "alg": request.client.algorithm, "kid": key.thumbprint()}
        token_jwt = jwt.JWT(
            header=json.dumps(header, default=str), claims=json.dumps(id_token, default=str)
        )
        token_jwt.make_signed_token(_OTHER_KEY if SWITCHES.get("bad_signature") else key)
        with transaction.atomic(using=router.db_for_write(IDToken)):
            saved = self._save_id_token(id_token["jti"], request, expiration_time)
        request.access_token = saved
        request.id_token = saved
        return token_jwt.serialize()
