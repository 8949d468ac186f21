"""Certify a DLPAR tool: run it once per scenario against a fresh estate and check the scenario's
``[[expect]]`` tables (``fakehmc certify``). Submodules: runner, expectations, junit, html, cli.

Nothing is imported here: ``fakehmc --help`` imports ``harness.certify.cli`` and must stay fast.
"""
