"""Built-in sample documents for `sucai demo` and tests: fictional writing in the genre of Chinese
official documents (工作总结、工作计划、讲话、实施方案…), in every supported file format."""

from __future__ import annotations

from pathlib import Path

_LIBRARY = Path(__file__).resolve().parent / "library"


def sample_dir() -> Path:
    """The folder holding the sample documents (shipped as package data)."""
    return _LIBRARY
