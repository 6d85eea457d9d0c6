"""Method registry: method name → handler, with its scope, API version and batch rule.

Handlers register with the ``method`` decorator in their ``api/`` module::

    @method("tasks.task.get", api=3, scope="tasks")
    def get(call: Call, params: dict) -> Any: ...

A handler receives the call context and the parameters and returns the ``result`` value, or a
``Result`` when it also reports ``total``/``next`` (v2 lists).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from b24local.core.context import Call

Handler = Callable[[Call, Any], Any]

# Scopes that may stand in for another: the `user` methods also run under the narrower `user_basic` and
# `user_brief` (b24restdocs api-reference/user/index.md, "Scope: user, user_basic, user_brief").
SCOPE_ALTERNATIVES = {"user": ("user", "user_basic", "user_brief")}


@dataclass
class Result:
    value: Any
    total: int | None = None
    next: int | None = None


@dataclass
class Raw:
    """A handler's answer sent as it is, without the envelope or the ``time`` block (the OpenAPI document)."""

    body: Any


@dataclass(frozen=True)
class Doc:
    """What the OpenAPI document says of a REST v3 method: its request parameters (name → kind: ``id``,
    ``fields``, ``select``, ``filter``, ``order``, ``pagination``, ``cursor``, ``string``), the DTO they are read
    against, the key its answer holds (``item``, ``items``, ``result``) and the errors it can answer (catalogue
    entries). The handler validates exactly these; ``api/documentation.py`` turns them into the document."""

    params: tuple[tuple[str, str], ...] = ()
    required: tuple[str, ...] = ()
    dto: Any = None
    answer: str = "item"
    errors: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Method:
    name: str
    api: int
    scope: str | None
    handler: Handler
    batch: bool = True
    write: bool = True
    transactional: bool = True
    doc: Doc | None = None

    def accepts_scopes(self) -> tuple[str, ...]:
        if self.scope is None:
            return ()
        return SCOPE_ALTERNATIVES.get(self.scope, (self.scope,))


@dataclass
class Registry:
    methods: dict[tuple[int, str], Method] = field(default_factory=dict)

    def add(self, m: Method) -> None:
        key = (m.api, m.name)
        if key in self.methods:
            raise ValueError(f"method {m.name} (v{m.api}) registered twice")
        self.methods[key] = m

    def find(self, api: int, name: str) -> Method | None:
        return self.methods.get((api, name.lower()))

    def names(self, api: int) -> list[str]:
        return sorted(name for (version, name) in self.methods if version == api)

    def scopes(self) -> list[str]:
        return sorted({m.scope for m in self.methods.values() if m.scope})


registry = Registry()


def method(
    name: str,
    *,
    api: int,
    scope: str | None,
    batch: bool = True,
    write: bool = True,
    transactional: bool = True,
    doc: Doc | None = None,
) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        registry.add(
            Method(
                name=name.lower(),
                api=api,
                scope=scope,
                handler=fn,
                batch=batch,
                write=write,
                transactional=transactional,
                doc=doc,
            )
        )
        return fn

    return register
