"""Issue 17.3: help(Estate.env) must not print the process environment; env() still reads it at call time."""

from __future__ import annotations

import pydoc

from harness.api import Estate, RealHmc


def test_help_of_env_does_not_show_the_environment(monkeypatch):
    monkeypatch.setenv("FAKEHMC_TEST_SECRET", "do-not-print-me-4711")
    for fn in (Estate.env, RealHmc.env):
        text = pydoc.render_doc(fn, renderer=pydoc.plaintext)
        assert "do-not-print-me-4711" not in text
        assert "= PROCESS_ENVIRONMENT)" in text, text
        assert len(text) < 2000


def test_env_reads_the_environment_when_called_not_when_defined(monkeypatch):
    real = RealHmc("hmc.example.com", 22, "hscroot", "secret")
    monkeypatch.setenv("FAKEHMC_TEST_LATE", "set-after-import")
    env = real.env()
    assert env["FAKEHMC_TEST_LATE"] == "set-after-import" and env["FAKEHMC_HMC_USER"] == "hscroot"
    assert "FAKEHMC_TEST_LATE" not in real.env(base=None)
    assert real.env(base={"ONLY": "this"})["ONLY"] == "this" and "PATH" not in real.env(base={"ONLY": "this"})
