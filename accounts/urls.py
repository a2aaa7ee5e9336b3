from __future__ import annotations

from django.urls import path

from . import views, views_sso

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/verificatie/", views.verify_view, name="verify"),
    path(
        "inloggen/organisatie/<int:organisation_pk>/",
        views_sso.SsoStartView.as_view(),
        name="sso_start",
    ),
    path("inloggen/organisatie/terug/", views_sso.SsoCallbackView.as_view(), name="sso_callback"),
    path("inloggen/tweestapsverificatie-instellen/", views.setup_view, name="setup"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("account/", views.account_view, name="account"),
    path("sessie/status/", views.session_status, name="session_status"),
    path("sessie/actief/", views.session_keepalive, name="session_keepalive"),
    path("account/wachtwoord/", views.AccountPasswordChangeView.as_view(), name="account_password"),
    path(
        "account/reservecodes/",
        views.backup_codes_regenerate_view,
        name="account_backup_codes",
    ),
    path("uitnodiging/<int:pk>/<str:token>/", views.invitation_view, name="invitation"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-vergeten/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-vergeten/ingesteld/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
