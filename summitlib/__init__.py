"""summitlib: data, charts, widgets and exercises about the Helsinki summit of 16 July 2018."""

__version__ = "0.1.0"
