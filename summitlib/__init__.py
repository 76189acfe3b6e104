"""summitlib: data, charts, widgets and exercises about the Helsinki summit of 16 July 2018.

The loaders are imported at once; charts (matplotlib) and widgets (ipywidgets) load only when
first used, so ``import summitlib`` costs little more than ``import pandas``.

Examples
--------
>>> import summitlib
>>> summitlib.load_new_start_limits()["limit_count"].sum()
np.int64(3050)
"""

from importlib import import_module

# The loaders, named once in datasets.__all__.
from summitlib import datasets as _datasets
from summitlib.datasets import *  # noqa: F403

__version__ = "0.1.0"

_LAZY_MODULES = ("queries", "charts", "widgets", "exercises", "instructor")

__all__ = ["__version__", *_datasets.__all__, *_LAZY_MODULES]


def __getattr__(name):
    # PEP 562: `summitlib.charts` and friends import on first use, keeping
    # matplotlib and ipywidgets out of `import summitlib`.
    if name in _LAZY_MODULES:
        return import_module(f"summitlib.{name}")
    raise AttributeError(f"module 'summitlib' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
