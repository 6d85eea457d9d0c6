"""The bare baseline: an ASGI app on the same server stack that answers a constant JSON body."""

from __future__ import annotations

BODY = b'{"result":{"item":{"id":1}},"time":{"start":0}}'
HEADERS = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(BODY)).encode())]


async def app(scope, receive, send):  # type: ignore[no-untyped-def]
    if scope["type"] != "http":
        return
    while True:  # drain the request body, as the real server does
        message = await receive()
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
