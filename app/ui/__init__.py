"""PySide6 screens, models and workers: the only place that imports Qt."""
