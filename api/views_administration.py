"""The functional administrator's screens for system accounts, and the API page."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer

from lelystad_radicalisering.exceptions import ApplicationError, add_error_to_form
from lelystad_radicalisering.paging import query_without_page
from lelystad_radicalisering.roles import Role, role_required

from . import services
from .forms import SystemAccountFilterForm, SystemAccountForm
from .selectors import system_accounts_for_administration

administrator_only = role_required(Role.FUNCTIONAL_ADMIN)


@administrator_only
def system_account_list(request: HttpRequest) -> HttpResponse:
    form = SystemAccountFilterForm(request.GET or None)
    organisation = form.cleaned_data.get("organisation") if form.is_valid() else None
    accounts = system_accounts_for_administration(
        organisation_id=organisation.pk if organisation else None
    )
    page = Paginator(accounts, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "api/system_account_list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "today": timezone.localdate(),
        },
    )


@administrator_only
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def system_account_create(request: HttpRequest) -> HttpResponse:
    """The token is shown once, on the answer to the POST; only its hash is kept."""
    form = SystemAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account, token = services.system_account_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as error:
            add_error_to_form(form, error)
        else:
            return render(
                request, "api/system_account_token.html", {"account": account, "token": token}
            )
    return render(request, "api/system_account_form.html", {"form": form})


@administrator_only
def system_account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(system_accounts_for_administration(), pk=pk)
    return render(
        request,
        "api/system_account_detail.html",
        {"account": account, "today": timezone.localdate()},
    )


@administrator_only
@require_POST
def system_account_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(system_accounts_for_administration(), pk=pk)
    services.system_account_revoke(actor=request.user, account=account)
    messages.success(request, _("The token has been revoked. It no longer works."))
    return redirect("api:system_account_detail", pk=account.pk)


def _schema(request: HttpRequest) -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


@administrator_only
def schema(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3 document, for the administrator to hand to a partner's developers."""
    content = OpenApiJsonRenderer().render(_schema(request), renderer_context={})
    response = HttpResponse(content, content_type="application/vnd.oai.openapi+json")
    response["Content-Disposition"] = 'inline; filename="casusoverleg-api.json"'
    return response


METHODS = ("get", "post", "put", "patch", "delete")


@administrator_only
def documentation(request: HttpRequest) -> HttpResponse:
    """A readable page of the API, rendered here from the schema: no script, no CDN."""
    document = _schema(request)
    operations = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            body = (
                operation.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
            )
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "scope": operation.get("x-required-scope", ""),
                    "parameters": operation.get("parameters", []),
                    "body": _resolve(document, body),
                    "responses": sorted(operation.get("responses", {}).items()),
                }
            )
    return render(
        request,
        "api/documentation.html",
        {"document": document, "operations": operations},
    )


def _resolve(document: dict, schema: dict) -> dict:
    """The properties of a request body, one level deep, for the page's table."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = document.get("components", {}).get("schemas", {}).get(name, {})
    required = set(schema.get("required", []))
    components = document.get("components", {}).get("schemas", {})

    def enum_of(prop: dict) -> list:
        if "$ref" in prop:
            prop = components.get(prop["$ref"].rsplit("/", 1)[-1], {})
        return [value for value in prop.get("enum", []) if value]

    return {
        "fields": [
            {
                "name": name,
                "type": prop.get("type") or ("enum" if enum_of(prop) else "object"),
                "format": prop.get("format", ""),
                "enum": enum_of(prop),
                "max_length": prop.get("maxLength"),
                "required": name in required,
                "description": prop.get("description", ""),
            }
            for name, prop in schema.get("properties", {}).items()
        ]
    }
