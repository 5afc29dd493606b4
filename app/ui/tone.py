"""How a label says something: a status in the screen's own colour, a problem in red.

Red means "something went wrong, act": shown for "Opening the profile…" it alarms a mayor for
nothing, and after a few false alarms the real ones are no longer read. So a label that says both
(a dialog's line under its buttons) goes through these two functions, never a style of its own.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

PROBLEM_STYLE = "color: #b00020;"  # a dark red, readable on light and grey backgrounds


def status(label: QLabel, text: str) -> None:
    """Work under way or done: the ordinary colour."""
    label.setStyleSheet("")
    label.setText(text)


def problem(label: QLabel, text: str) -> None:
    """A refusal or a mistake to correct: red."""
    label.setStyleSheet(PROBLEM_STYLE)
    label.setText(text)


def problems_only(label: QLabel) -> None:
    """For a label that only ever says what to correct (a form's "Write the question.")."""
    label.setStyleSheet(PROBLEM_STYLE)


def is_problem(label: QLabel) -> bool:
    """Whether the label is drawn as a problem (for the screens' tests)."""
    return label.styleSheet() == PROBLEM_STYLE
