"""Keep per-municipality structures in step with the page tree."""
