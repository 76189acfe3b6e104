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

from summitlib.datasets import (
    DataError,
    list_datasets,
    load_dataset,
    load_events,
    load_fact_checks,
    load_new_start_declarations,
    load_new_start_limits,
    load_nuclear_arsenals,
    load_passages,
    load_people,
    load_source_text,
    load_sources,
    load_statements,
    load_topics,
)

__version__ = "0.1.0"

_LAZY_MODULES = ("queries", "charts", "widgets", "exercises", "instructor")

__all__ = [
    "DataError",
    "__version__",
    "list_datasets",
    "load_dataset",
    "load_events",
    "load_fact_checks",
    "load_new_start_declarations",
    "load_new_start_limits",
    "load_nuclear_arsenals",
    "load_passages",
    "load_people",
    "load_source_text",
    "load_sources",
    "load_statements",
    "load_topics",
    *_LAZY_MODULES,
]


def __getattr__(name):
    # PEP 562: `summitlib.charts` and friends import on first use, keeping
    # matplotlib and ipywidgets out of `import summitlib`.
    if name in _LAZY_MODULES:
        return import_module(f"summitlib.{name}")
    raise AttributeError(f"module 'summitlib' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
