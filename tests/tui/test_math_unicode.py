"""Inline math as Unicode for the screen."""

from __future__ import annotations

import pytest

from papertui.tui.math_unicode import math_to_unicode


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("I$^2$OL-Net", "I²OL-Net"),
        ("$\\alpha$-blend", "\N{GREEK SMALL LETTER ALPHA}-blend"),
        ("in $\\mathcal{O}(n)$ time", "in \N{MATHEMATICAL SCRIPT CAPITAL O}(n) time"),
        ("$x_i^{2}$ and $\\beta_t$", "xᵢ² and \N{GREEK SMALL LETTER BETA}ₜ"),
        ("${\\rm SE}(3)$", "SE(3)"),
        ("costs $5 and $6", "costs $5 and $6"),
        ("a $ b $", "a $ b $"),
        ("no math", "no math"),
    ],
)
def test_math_spans(written: str, shown: str) -> None:
    assert math_to_unicode(written) == shown
