"""How every admin route reads its input and answers an error: one error type, one body reader, one id
reader, each input validated against the route's own schema (a pydantic model).

Errors answer ``{"error": "ADMIN_ERROR", "error_description": "…"}`` with a 4xx status; an unexpected
failure answers ``{"error": "INTERNAL_SERVER_ERROR", …}`` 500 and leaves its traceback in the server log.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any, Protocol, TypeVar

import orjson
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse

from b24local.domain.portal import Portal
from b24local.protocol.pipeline import Dispatcher
from b24local.store import Store

log = logging.getLogger("b24local")

INT32 = 2**31 - 1
# An id of a row: the store's ids are 32-bit, as a portal's INT columns are.
Id = Annotated[StrictInt, Field(ge=1, le=INT32)]


class AdminContext(Protocol):
    """What the admin routes act on: the server's store, portal and dispatcher (``app.B24App``)."""

    store: Store
    portal: Portal
    dispatcher: Dispatcher
    max_body: int

    def config_changed(self) -> None: ...


class AdminError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class Schema(BaseModel):
    """A route's input: strict types (no "false" for false, no 1.5 for an id) and no unknown keys."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


M = TypeVar("M", bound=BaseModel)


def _describe(exc: ValidationError) -> str:
    parts = []
    for error in exc.errors(include_url=False):
        where = ".".join(str(p) for p in error["loc"]) or "body"
        parts.append(f"{where}: {error['msg']}")
    return "; ".join(parts)


def validate(model: type[M], value: Any) -> M:
    try:
        return model.model_validate(value)
    except ValidationError as exc:
        raise AdminError(_describe(exc)) from None


async def read_json(request: Request, limit: int) -> Any:
    """The body as JSON (empty: ``{}``), read up to ``limit`` bytes, as the API reads its bodies."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise AdminError(f"request body is larger than {limit} bytes", 413)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise AdminError(f"request body is larger than {limit} bytes", 413)
        chunks.append(chunk)
    raw = b"".join(chunks)
    if not raw.strip():
        return {}
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise AdminError("body is not JSON") from None


async def read_body(request: Request, model: type[M], limit: int) -> M:
    """The body validated against the route's schema."""
    value = await read_json(request, limit)
    if not isinstance(value, dict):
        raise AdminError("body must be a JSON object")
    return validate(model, value)


def path_id(request: Request, name: str = "id") -> int:
    """A numeric path segment that can name a row; anything else names nothing (404)."""
    raw = request.path_params[name]
    text = str(raw)
    if not text.isdigit() or not 1 <= int(text) <= INT32:
        raise AdminError(f"no such {name}", 404)
    return int(text)


def answer(value: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(value, status)


async def admin_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AdminError)
    return JSONResponse({"error": "ADMIN_ERROR", "error_description": exc.message}, exc.status)


async def not_found(request: Request, _exc: Exception) -> JSONResponse:
    return JSONResponse({"error": "NOT_FOUND", "error_description": f"No route {request.url.path}"}, 404)


async def method_not_allowed(request: Request, _exc: Exception) -> JSONResponse:
    return JSONResponse(
        {"error": "METHOD_NOT_ALLOWED", "error_description": f"{request.method} is not allowed on {request.url.path}"},
        405,
    )


async def internal_error(request: Request, exc: Exception) -> JSONResponse:
    log.error("admin %s %s failed", request.method, request.url.path, exc_info=exc)
    return JSONResponse({"error": "INTERNAL_SERVER_ERROR", "error_description": "Internal server error"}, 500)
