"""What ``python3 dev.py`` needs before the venv exists: standard library only.

- `pythons`: the Pythons redress runs on, and which one builds a venv;
- `environment`: the venvs with the project installed, the web app's front-end assets and
  the Debian packages some tests use.

The commands themselves (``up``, ``test``, ``pythons``) are in ``dev.py``. Like it, these
modules must import under any ``python3``, so that an old one gets as far as saying which
Python to install: no annotations evaluated at run time, nothing from the venv.
"""
