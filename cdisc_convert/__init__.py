"""cdisc-convert: raw EDC exports to CDISC SDTM/ADaM, validated, as XPT v5 and Define-XML 2.1.

The Python API (stable: see ``docs/api.md``) is imported on first use, so ``import
cdisc_convert`` stays light (no pandas, no Great Expectations):

>>> import sys, cdisc_convert
>>> "load_specs" in cdisc_convert.__all__, callable(cdisc_convert.load_specs)
(True, True)
>>> callable(cdisc_convert.validate), callable(cdisc_convert.package)
(True, True)
"""

from __future__ import annotations

import sys
import types
from typing import Any

__version__ = "0.1.0"

#: The public API, defined in :mod:`cdisc_convert.api`; stable within a major version.
__all__ = ["load_specs", "build_sdtm", "build_adam", "validate", "findings_frame",
           "write_xpt", "write_dataset_json", "read_dataset", "build_define", "package"]

#: API names that are also the names of a step's subpackage (``cdisc_convert.validate``,
#: ``cdisc_convert.package``): the subpackage is made callable as the API function.
_ALSO_PACKAGES = ("validate", "package")


def __getattr__(name: str) -> Any:
    """PEP 562: an API name imports :mod:`cdisc_convert.api` on first use."""
    if name in __all__:
        from cdisc_convert import api
        if name in _ALSO_PACKAGES:
            return sys.modules[f"{__name__}.{name}"]   # loaded (and made callable) by api
        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _CallableStep(types.ModuleType):
    """A step subpackage (``cdisc_convert.validate``) that, called, is the API function of
    the same name, so ``cdisc_convert.validate(frames)`` and ``cdisc_convert.validate.engine``
    both work."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._api_function()(*args, **kwargs)

    @property
    def __signature__(self) -> Any:
        """The API function's signature (what ``inspect.signature`` and notebooks show)."""
        import inspect
        return inspect.signature(self._api_function())

    def _api_function(self) -> Any:
        from cdisc_convert import api
        return getattr(api, self.__name__.rpartition(".")[2])


class _Package(types.ModuleType):
    """This package's module type: when the import system binds the ``validate`` or
    ``package`` subpackage here, it becomes a :class:`_CallableStep`."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _ALSO_PACKAGES and type(value) is types.ModuleType:
            value.__class__ = _CallableStep
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
