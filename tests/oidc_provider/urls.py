from __future__ import annotations

import json

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from .validators import SWITCHES


@csrf_exempt
def switches(request: HttpRequest) -> JsonResponse:
    """Replace the switches (POST, JSON body); a test provider only."""
    if request.method == "POST":
        SWITCHES.clear()
        SWITCHES.update(json.loads(request.body or b"{}"))
    return JsonResponse(SWITCHES)


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("test/switches/", switches),
]
