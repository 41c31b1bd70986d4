from ..translation.conftest import translator_ar, translator_b_ar  # noqa: F401
