"""Browser tests: JupyterLab in headless Chromium.

A package, so that its conftest has a module name of its own beside tests/conftest.py.
"""
