"""The renderer registry: each file format is a plugin that turns a :class:`Report` into bytes.

A renderer registers itself with :func:`register`; callers ask for one by name (``html``, ``pdf``,
``docx``, ``xlsx``) and never import a renderer module themselves. The built-in renderers are imported
on first use, so importing this module (or the app) loads no rendering library. Tests that need an
isolated registry create their own :class:`Registry`.
"""

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils.text import slugify

from .model import Report

RenderFunction = Callable[[Report], bytes]

# Long enough for any real title, short enough for every file system and e-mail client.
MAX_FILENAME_STEM = 80


@dataclass(frozen=True)
class RenderedFile:
    """A rendered report, ready to send as a download or to store."""

    content: bytes
    content_type: str
    extension: str
    filename: str


@dataclass(frozen=True)
class Renderer:
    name: str
    content_type: str
    extension: str
    function: RenderFunction


class UnknownRendererError(LookupError):
    """No renderer is registered under the name asked for."""


class Registry:
    """Renderers by name, in the order they registered.

    ``builtins`` names a module whose import registers the built-in renderers; it is imported the first
    time the registry is read, which keeps heavy libraries out of start-up.
    """

    def __init__(self, builtins: str | None = None) -> None:
        self._renderers: dict[str, Renderer] = {}
        self._builtins = builtins

    def _load_builtins(self) -> None:
        if self._builtins is not None:
            module, self._builtins = self._builtins, None
            importlib.import_module(module)

    def register(
        self, name: str, *, content_type: str, extension: str
    ) -> Callable[[RenderFunction], RenderFunction]:
        """Return a decorator that registers a render function under ``name``."""

        def decorator(function: RenderFunction) -> RenderFunction:
            if name in self._renderers:
                raise ValueError(f"A report renderer named {name!r} is already registered")
            self._renderers[name] = Renderer(name, content_type, extension, function)
            return function

        return decorator

    def get(self, name: str) -> Renderer:
        """Return the renderer registered as ``name``; raise :class:`UnknownRendererError` if none is."""
        self._load_builtins()
        try:
            return self._renderers[name]
        except KeyError:
            available = ", ".join(self._renderers) or "none"
            raise UnknownRendererError(f"No report renderer named {name!r}; available: {available}") from None

    def names(self) -> tuple[str, ...]:
        """Return the registered renderer names in registration order."""
        self._load_builtins()
        return tuple(self._renderers)

    def __iter__(self) -> Iterator[Renderer]:
        self._load_builtins()
        return iter(tuple(self._renderers.values()))

    def __contains__(self, name: object) -> bool:
        self._load_builtins()
        return name in self._renderers

    def render(self, report: Report, name: str) -> RenderedFile:
        """Return ``report`` rendered by the renderer ``name``, named after the report's title."""
        chosen = self.get(name)
        stem = slugify(report.title)[:MAX_FILENAME_STEM].strip("-") or "report"
        return RenderedFile(
            content=chosen.function(report),
            content_type=chosen.content_type,
            extension=chosen.extension,
            filename=f"{stem}.{chosen.extension}",
        )


registry = Registry(builtins="civicadopt.reports.renderers")
register = registry.register
renderer = registry.get
renderer_names = registry.names
render = registry.render
