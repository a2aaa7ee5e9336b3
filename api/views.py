"""The API for partner systems: submit signals, follow their status, read reference lists."""

from __future__ import annotations

import hashlib
import json
import logging
import re

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from lelystad_radicalisering.audit import record_access
from lelystad_radicalisering.exceptions import ApplicationError
from signals import selectors as signal_selectors
from signals.constants import Category, Source, Urgency
from signals.forms import PersonForm, SignalForm, about_someone_or_something
from signals.services import ReportedPerson

from . import services
from .audit import acting_system
from .authentication import SystemAccountAuthentication
from .constants import Scope
from .permissions import HasScope
from .problems import problem
from .selectors import neighbourhoods_active
from .serializers import (
    MAX_ID,
    ChoiceItemSerializer,
    NeighbourhoodSerializer,
    ProblemSerializer,
    SignalPageSerializer,
    SignalStatusSerializer,
    SignalSubmitSerializer,
)
from .throttling import PerTokenThrottle

logger = logging.getLogger("casusoverleg.api")

IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7E]{1,255}$"
_IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)
PROBLEM = "application/problem+json"


def _problems(*codes: int) -> dict:
    descriptions = {
        400: gettext_lazy("Invalid request: see the errors."),
        401: gettext_lazy("No valid token."),
        403: gettext_lazy(
            "The token lacks the scope, or is used from an address it may not be used from."
        ),
        404: gettext_lazy("Not found, or not of this organisation."),
        406: gettext_lazy("Not acceptable."),
        415: gettext_lazy("Unsupported media type."),
        422: gettext_lazy("The Idempotency-Key was used for another request."),
        429: gettext_lazy("Too many requests for this token."),
    }
    return {
        (code, PROBLEM): OpenApiResponse(ProblemSerializer, description=descriptions[code])
        for code in codes
    }


COMMON = (401, 403, 406, 429)


class SystemApiView(APIView):
    # Token authentication, a scope per method, a rate per token, and the caller's
    # language (Accept-Language: Dutch unless English is asked for). A comment, not
    # a docstring: drf-spectacular would print a docstring in every operation.

    authentication_classes = [SystemAccountAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [PerTokenThrottle]
    # Read by accounts.middleware: the token is checked here, not a session's second factor.
    authenticates_itself = True
    scopes: dict[str, str] = {}
    # No OPTIONS: what the API offers is in its OpenAPI document.
    http_method_names = ["get", "post", "head"]

    @property
    def required_scope(self) -> str | None:
        """The scope of this request's method; None for a method the view does
        not offer, which then gets its 405 (HEAD is a GET)."""
        method = "GET" if self.request.method == "HEAD" else self.request.method
        return self.scopes.get(method)

    def initial(self, request: Request, *args, **kwargs) -> None:
        translation.activate(translation.get_language_from_request(request))
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        response["Cache-Control"] = "no-store"
        patch = response.get("Vary", "")
        response["Vary"] = ", ".join(filter(None, [patch, "Accept-Language, Authorization"]))
        account = getattr(request, "_user", None)
        logger.info(
            "API %s %s %s by system account id %s",
            request.method,
            request.path,
            response.status_code,
            getattr(account, "pk", None),
        )
        return response


class SignalPagination(PageNumberPagination):
    page_size = 50
    page_query_param = "page"


def _request_hash(data) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8", "replace")).hexdigest()


def _form_errors(form) -> dict:
    return {
        ("non_field_errors" if field == "__all__" else field): [str(e) for e in errors]
        for field, errors in form.errors.items()
    }


def _validated_signal(data: dict) -> tuple[dict, list[ReportedPerson]]:
    """Run the browser's forms over the API's payload, so both keep one set of rules."""
    errors: dict = {}
    person_forms = [
        PersonForm(
            data={
                "full_name": person["full_name"],
                "date_of_birth": person["date_of_birth"],
                "neighbourhood": person["neighbourhood"] or "",
            }
        )
        for person in data["persons"]
    ]
    person_errors = [_form_errors(form) if not form.is_valid() else {} for form in person_forms]
    if any(person_errors):
        errors["persons"] = person_errors
    persons = [
        ReportedPerson(
            full_name=form.cleaned_data["full_name"],
            date_of_birth=form.cleaned_data.get("date_of_birth"),
            neighbourhood=form.cleaned_data.get("neighbourhood"),
        )
        for form in person_forms
        if form.is_valid() and form.cleaned_data.get("full_name")
    ]
    form = SignalForm(
        data={
            "submission_key": "00000000-0000-4000-8000-000000000000",  # the API's own key is used
            **{key: value for key, value in data.items() if key not in ("persons",)},
            "neighbourhood": data["neighbourhood"] or "",
        },
        files={},
    )
    about_someone_or_something(form, persons)
    if not form.is_valid():
        errors.update(_form_errors(form))
    if errors:
        raise exceptions.ValidationError(errors)
    cleaned = {
        key: form.cleaned_data[key]
        for key in (
            "category",
            "urgency",
            "observation",
            "observed_on",
            "source",
            "group_description",
            "place_description",
            "observed_where",
            "neighbourhood",
        )
    }
    return cleaned, persons


class SignalCollectionView(SystemApiView):
    scopes = {"GET": Scope.SIGNALS_READ, "POST": Scope.SIGNALS_WRITE}

    @extend_schema(
        operation_id="signals_list",
        extensions={"x-required-scope": Scope.SIGNALS_READ.value},
        summary=gettext_lazy("The organisation's signals and their status"),
        responses={200: SignalPageSerializer, **_problems(404, *COMMON)},
        parameters=[
            OpenApiParameter(
                "page",
                OpenApiTypes.INT,
                OpenApiParameter.QUERY,
                description=gettext_lazy("Page number."),
            )
        ],
    )
    def get(self, request: Request) -> Response:
        signals = signal_selectors.signals_of_organisation(request.user).order_by(
            "-created_at", "-pk"
        )
        paginator = SignalPagination()
        page = paginator.paginate_queryset(signals, request, view=self)
        record_access(request, page, view="api:signal_list")
        return paginator.get_paginated_response(SignalStatusSerializer(page, many=True).data)

    @extend_schema(
        operation_id="signals_submit",
        extensions={"x-required-scope": Scope.SIGNALS_WRITE.value},
        summary=gettext_lazy("Submit a signal"),
        description=gettext_lazy(
            "The same rules as the browser form. Send an Idempotency-Key: a retry with the "
            "same key and body returns the first signal (200) instead of making a second."
        ),
        request=SignalSubmitSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                pattern=IDEMPOTENCY_KEY_PATTERN,
                description=gettext_lazy(
                    "A key of your own per signal (1 to 255 visible ASCII characters)."
                ),
            )
        ],
        responses={
            201: OpenApiResponse(
                SignalStatusSerializer, description=gettext_lazy("The signal was submitted.")
            ),
            200: OpenApiResponse(
                SignalStatusSerializer, description=gettext_lazy("A retry: the first signal.")
            ),
            **_problems(400, 415, 422, *COMMON),
        },
    )
    def post(self, request: Request) -> Response:
        key = request.headers.get("Idempotency-Key", "")
        if not _IDEMPOTENCY_KEY.fullmatch(key):
            raise exceptions.ValidationError(
                {
                    "Idempotency-Key": [
                        _("Send an Idempotency-Key header of 1 to 255 visible characters.")
                    ]
                }
            )
        serializer = SignalSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cleaned, persons = _validated_signal(serializer.validated_data)
        try:
            with acting_system(request, request.user):
                signal, created = services.api_signal_submit(
                    account=request.user,
                    idempotency_key=key,
                    request_hash=_request_hash(request.data),
                    persons=persons,
                    **cleaned,
                )
        except services.IdempotencyKeyReused as error:
            return problem(request, 422, error.message)
        except ApplicationError as error:
            raise exceptions.ValidationError({"non_field_errors": [error.message]}) from error
        return Response(
            SignalStatusSerializer(signal).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class SignalDetailView(SystemApiView):
    scopes = {"GET": Scope.SIGNALS_READ}

    @extend_schema(
        operation_id="signals_read",
        extensions={"x-required-scope": Scope.SIGNALS_READ.value},
        summary=gettext_lazy("The status of one of the organisation's signals"),
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: SignalStatusSerializer, **_problems(404, *COMMON)},
    )
    def get(self, request: Request, id: str) -> Response:
        # The route takes any text, so a malformed id answers like a missing one (a problem
        # body, not the HTML 404 a stricter route would give).
        pk = int(id) if id.isascii() and id.isdigit() and 0 < int(id) <= MAX_ID else None
        if pk is None:
            raise exceptions.NotFound
        signal = signal_selectors.signal_for_user_or_404(request.user, pk)
        record_access(request, [signal], view="api:signal_detail")
        return Response(SignalStatusSerializer(signal).data)


def _choices(choices) -> list[dict[str, str]]:
    return [{"code": code, "label": str(label)} for code, label in choices]


class ReferenceView(SystemApiView):
    scopes = {"GET": Scope.REFERENCE_READ}
    choices: type | None = None

    def get(self, request: Request) -> Response:
        return Response(_choices(self.choices.choices))


_reference_schema = {
    "extensions": {"x-required-scope": Scope.REFERENCE_READ.value},
    "responses": {200: ChoiceItemSerializer(many=True), **_problems(*COMMON)},
}


@extend_schema_view(
    get=extend_schema(
        operation_id="reference_categories", summary=gettext_lazy("Categories"), **_reference_schema
    )
)
class CategoryListView(ReferenceView):
    choices = Category


@extend_schema_view(
    get=extend_schema(
        operation_id="reference_urgencies", summary=gettext_lazy("Urgencies"), **_reference_schema
    )
)
class UrgencyListView(ReferenceView):
    choices = Urgency


@extend_schema_view(
    get=extend_schema(
        operation_id="reference_sources",
        summary=gettext_lazy("How the organisation knows"),
        **_reference_schema,
    )
)
class SourceListView(ReferenceView):
    choices = Source


class NeighbourhoodListView(SystemApiView):
    scopes = {"GET": Scope.REFERENCE_READ}

    @extend_schema(
        operation_id="reference_neighbourhoods",
        extensions={"x-required-scope": Scope.REFERENCE_READ.value},
        summary=gettext_lazy("Neighbourhoods"),
        responses={200: NeighbourhoodSerializer(many=True), **_problems(*COMMON)},
    )
    def get(self, request: Request) -> Response:
        neighbourhoods = neighbourhoods_active()
        return Response(NeighbourhoodSerializer(neighbourhoods, many=True).data)
