from __future__ import annotations

import logging

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lelystad_radicalisering.middleware import client_ip
from lelystad_radicalisering.roles import Role
from lelystad_radicalisering.tasks import enqueue_after_commit
from network.forms import organisation_field
from network.selectors import active_organisations

from .constants import AccountState
from .models import IdentityProvider, User
from .selectors import active_identity_provider, login_slowdown, user_for_identifier
from .tasks import password_reset_send

security_log = logging.getLogger("casusoverleg.security")


class IdentifierForm(forms.Form):
    """The first step of the login: who is logging in (and so: how)."""

    username = forms.CharField(
        label=_("Username or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class LoginForm(forms.Form):
    username = forms.CharField(
        label=_("Username or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("Incorrect username or password."),
        "sso_required": _(
            "Your organisation logs in through its own login service. Use the button "
            "to log in via %(organisation)s."
        ),
        "slowed_down": _(
            "There were many failed attempts to log in with this username from different "
            "addresses. Wait %(seconds)s seconds and try again."
        ),
    }

    def __init__(self, request: HttpRequest, *args, **kwargs) -> None:
        self.request = request
        self.user: User | None = None
        self.slowed_down = False
        self.identity_provider = None
        super().__init__(*args, **kwargs)
        if self.initial.get("username") or self.data.get("username"):
            # The password step: the username is known, the cursor goes to the password.
            self.fields["username"].widget.attrs.pop("autofocus", None)
            self.fields["password"].widget.attrs["autofocus"] = True

    def clean_username(self) -> str:
        identifier = self.cleaned_data["username"].strip().lower()
        user = user_for_identifier(identifier)
        self.identity_provider = (
            active_identity_provider(user.organisation_id) if user is not None else None
        )
        if self.identity_provider is not None:
            # No password login beside the organisation's own: never a weaker way in.
            raise ValidationError(
                self.error_messages["sso_required"],
                code="sso_required",
                params={"organisation": self.identity_provider.organisation.name},
            )
        # An e-mail address logs in as its account's username (axes counts per username).
        return user.username if user is not None else identifier

    def clean(self) -> dict:
        cleaned = super().clean()
        username, password = cleaned.get("username"), cleaned.get("password")
        if username and password:
            slowdown = login_slowdown(username)
            seconds = slowdown.seconds_left(timezone.now()) if slowdown else 0
            if seconds:
                # The password is not even checked: guessing from many addresses
                # gets one try per delay, while the real user only waits.
                self.slowed_down = True
                security_log.warning(
                    "Login slowed down: %s failures from %s addresses, %s s to wait, from %s",
                    slowdown.failures,
                    slowdown.addresses,
                    seconds,
                    client_ip(self.request) or "-",
                )
                raise ValidationError(
                    self.error_messages["slowed_down"],
                    code="slowed_down",
                    params={"seconds": seconds},
                )
            self.user = authenticate(self.request, username=username, password=password)
            if self.user is None:
                # One message for unknown user, wrong password and inactive account.
                raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return cleaned


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )


class EnrolmentForm(forms.Form):
    token = forms.RegexField(
        label=_("Six-digit code from the app"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        error_messages={"invalid": _("Enter the six digits shown in your authenticator app.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class UserInviteForm(forms.Form):
    """Who to invite. No password: the user chooses it through the e-mailed link."""

    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, digits and . @ + - _ only."),
        error_messages={"invalid": _("Use only letters, digits and . @ + - _.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The invitation with a one-time link is sent to this address."),
    )
    organisation = organisation_field(label=_("Organisation"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip().lower()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This username is already in use."))
        return username

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"].strip())
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("This e-mail address is already in use."))
        return email


class UserUpdateForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    organisation = organisation_field(label=_("Organisation"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("A deactivated user cannot log in; running sessions end."),
    )

    def __init__(self, *args, user: User, actor: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The current organisation stays selectable even if it was deactivated.
        self.fields["organisation"].queryset = (
            active_organisations() | type(user.organisation).objects.filter(pk=user.organisation_id)
        ).distinct()
        # Moving to another organisation means a new account: no access carries over.
        self.fields["organisation"].disabled = True
        self.fields["organisation"].help_text = _(
            "The organisation of an account cannot change. Someone who moves to another "
            "organisation gets a new account: deactivate this one and invite them again."
        )
        if actor.pk == user.pk:
            for name in ("role", "is_active"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("You cannot change this for your own account.")


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    organisation = organisation_field(
        label=_("Organisation"), required=False, help_text=_("Empty: all organisations.")
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *AccountState.choices],
    )


class NewPasswordForm(PasswordChangeForm):
    def clean(self) -> dict:
        cleaned = super().clean()
        password = cleaned.get("new_password1")
        if password and self.user.check_password(password):
            self.add_error(
                "new_password1", _("Choose a password that differs from the current one.")
            )
        return cleaned


class InvitationAcceptForm(SetPasswordForm):
    """The invited user's own password, checked by Django's password validators."""

    def __init__(self, user: User, *args, **kwargs) -> None:
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].widget.attrs["autofocus"] = True

    def save(self, commit: bool = True):  # pragma: no cover - the service saves
        raise NotImplementedError("accounts.services.invitation_accept sets the password")


class PasswordResetRequestForm(PasswordResetForm):
    """Django's reset form, but the e-mail (with its token) is made by a task after
    commit, so the answer takes as long for a known address as for an unknown one."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def save(self, *args, **kwargs) -> None:
        for user in self.get_users(self.cleaned_data["email"]):
            enqueue_after_commit(password_reset_send, user.pk)


class BulkInviteUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One row per person with the columns first name, last name, e-mail, "
            "organisation and role (username optional). Separated by ; or , as Excel saves it."
        ),
    )


class BulkInviteConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput, max_length=2_000_000)


class AccessReviewOpenForm(forms.Form):
    organisation = organisation_field(label=_("Organisation"))


class AccessReviewForm(forms.Form):
    reviewed_with = forms.CharField(
        label=_("Reviewed with"),
        max_length=200,
        required=False,
        help_text=_("Name of the organisation's contact with whom the accounts were reviewed."),
    )
    # Saving halfway needs no name; completing does (the service checks it).
    reviewed_with.required_note = _("required to complete")
    confirmed = forms.TypedMultipleChoiceField(
        label=_("Accounts still needed"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, entries, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].choices = [
            (entry.user_id, f"{entry.user} ({entry.user.username})") for entry in entries
        ]


class IdentityProviderForm(forms.ModelForm):
    """An organisation's OpenID Connect provider. The secret is written, never shown."""

    issuer = forms.URLField(
        label=_("issuer or discovery URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "The provider's issuer, or its address ending in /.well-known/openid-configuration."
        ),
    )

    client_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        max_length=500,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Leave empty to keep the stored secret."),
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "is_active",
            "issuer",
            "client_id",
            "user_claim",
            "trust_mfa_claim",
            "mfa_claim",
            "mfa_values",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.client_secret_encrypted:
            self.fields["client_secret"].help_text = ""

    def clean_issuer(self) -> str:
        issuer = self.cleaned_data["issuer"].strip()
        if not issuer.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            # Tokens and the client secret never travel unencrypted, except to a
            # provider on this machine (the demo's test provider).
            raise ValidationError(_("The address must start with https://."))
        return issuer

    def clean_user_claim(self) -> str:
        claim = self.cleaned_data["user_claim"].strip()
        if not claim.replace("_", "").isalnum():
            raise ValidationError(_("Enter the name of one claim, for example sub."))
        return claim
