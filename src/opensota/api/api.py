"""The API v1 at /api/v1/: Papers with Code's REST API, typed, with OpenAPI and docs.

Every error is JSON, `{"message": ..., "error": ...}` (see `schemas.Error`): 400 a
request that names something that does not exist, 401 a write without a valid token,
403 a token without the permission to edit, 404 an unknown id or a page past the
last, 409 a duplicate, 422 parameters or a body of the wrong shape.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from opensota import __version__
from opensota.api.routes import community, evaluations, papers, repositories, taxonomy, trends, venues
from opensota.editing import EditError

logger = logging.getLogger("opensota.api")

api = NinjaAPI(
    title="OpenSOTA API",
    version="1",
    description=(
        "The Papers with Code REST API, served by OpenSOTA: the official client "
        "`paperswithcode-client` works unchanged with `PapersWithCodeClient(url=...)`. "
        "Reads are public; writes need `Authorization: Token <key>` (`opensota create-token USER "
        "--can-edit`). Lists take `page` and `items_per_page` (default 50, at most 500) and answer "
        "`{count, next, previous, results}`."
    ),
    urls_namespace="api-v1",
    openapi_extra={"info": {"x-opensota-version": __version__}},
)


def error_body(message: str, details: list | None = None) -> dict:
    body = {"message": message, "error": message}
    if details is not None:
        body["details"] = details
    return body


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [
        {"loc": list(error.get("loc", ())), "msg": str(error.get("msg", "")), "type": str(error.get("type", ""))}
        for error in exc.errors
    ]
    where = ", ".join(".".join(str(part) for part in d["loc"]) for d in details[:5])
    return api.create_response(request, error_body(f"Invalid request: {where}".rstrip(": "), details), status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(
        request, error_body("A valid token is needed: send `Authorization: Token <key>`."), status=401
    )
    response["WWW-Authenticate"] = "Token"
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, error_body(exc.message), status=exc.status_code)


@api.exception_handler(EditError)
def edit_refused(request: HttpRequest, exc: EditError) -> HttpResponse:
    return api.create_response(request, error_body(str(exc)), status=exc.status)


@api.exception_handler(Http404)
def no_such_record(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body(str(exc) or "Not found."), status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, error_body(str(exc) or "Forbidden."), status=403)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
    return api.create_response(request, error_body("Internal error: the server could not answer."), status=500)


for module in (papers, repositories, venues, taxonomy, evaluations, trends, community):
    api.add_router("", module.router)


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other URL under /api/: a JSON 404, like the API's own (or, for a read of a path
    that exists with a trailing slash, a redirect there, as Django's APPEND_SLASH would)."""
    if request.method in ("GET", "HEAD") and not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not not_found:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return JsonResponse(error_body(f"No API endpoint {request.path!r}: see /api/v1/docs."), status=404)
