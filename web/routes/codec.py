"""The codec endpoint: Temporal Web shows a complaint decrypted only to signed-in staff (R-DP-1).

Temporal's codec-server protocol: ``POST /codec/decode`` and ``POST /codec/encode`` take and
give ``{"payloads": [...]}``, the ``Payloads`` protobuf as JSON (bytes in base64), with the
namespace in the ``X-Namespace`` header. Temporal Web calls it from the browser, from its own
origin, so the endpoint answers CORS for exactly that origin (``temporal_ui_origin``) with
credentials allowed: with "include cross-origin credentials" ticked, the browser sends the
staff session's cookie, and the endpoint decodes only for a live session of staff who may
see complaints (401 without one, 403 for a role that may not).

It is a small app mounted at ``/codec`` rather than a router: Temporal Web's requests carry
no CSRF token, and need none, since decoding changes nothing and a browser only lets a page
of the Temporal Web origin read the answer. Encoding needs a session too: a payload encrypted
with our key would otherwise be anyone's to forge.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from google.protobuf import json_format
from starlette.datastructures import State
from starlette.middleware.cors import CORSMiddleware
from temporalio.api.common.v1 import Payload, Payloads
from temporalio.converter import PayloadCodec

from codec import PayloadKeyError
from web.deps import Forbidden, NotSignedIn, StaffUser

HEADERS = ["Content-Type", "X-Namespace", "Authorization"]


Convert = Callable[[Sequence[Payload]], Awaitable[list[Payload]]]
Handler = Callable[[Request, Exception], Awaitable[Response]]


def codec_app(codec: PayloadCodec, origin: str, state: State) -> FastAPI:
    """The endpoint's app, with the codec of the web app's own client, sharing ``state``
    (settings, database) with the web app."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)
    app.state = state
    app.add_middleware(
        CORSMiddleware,
        allow_origins=[origin],
        allow_credentials=True,
        allow_methods=["POST"],
        allow_headers=HEADERS,
        max_age=600,
    )
    app.add_exception_handler(NotSignedIn, _refused(401, "Sign in to the complaints service."))
    app.add_exception_handler(Forbidden, _forbidden)

    @app.post("/decode")
    async def decode(request: Request, user: StaffUser) -> Response:
        """Decrypt the payloads (those not ours come back as they were)."""
        return await _convert(request, codec.decode)

    @app.post("/encode")
    async def encode(request: Request, user: StaffUser) -> Response:
        """Encrypt the payloads with the newest key (Temporal Web, sending a signal)."""
        return await _convert(request, codec.encode)

    return app


async def _convert(request: Request, convert: Convert) -> Response:
    payloads = Payloads()
    try:
        json_format.Parse(await request.body(), payloads)
    except json_format.ParseError:
        return _detail(400, 'Send {"payloads": [...]}, the Payloads protobuf as JSON.')
    try:
        converted = await convert(payloads.payloads)
    except PayloadKeyError as error:
        return _detail(422, str(error))
    body = json_format.MessageToJson(Payloads(payloads=converted), indent=None)
    return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})


def _detail(status: int, sentence: str) -> JSONResponse:
    return JSONResponse({"detail": sentence}, status_code=status)


def _refused(status: int, sentence: str) -> Handler:
    async def handler(request: Request, error: Exception) -> Response:
        return _detail(status, sentence)

    return handler


async def _forbidden(request: Request, error: Exception) -> Response:
    return _detail(403, str(error) or "Your role does not let you see complaints.")
