"""Maintainer tools, kept out of the installed package: run them from the repository root.

- ``python -m tools.navigation [--check]``: the notebooks' Prev | Index | Next links and index.
"""
