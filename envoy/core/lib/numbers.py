"""Amounts as city-hall documents write them: grouped in thousands with commas (新臺幣
119,590 元) in either language — Django's Chinese number format groups nothing."""


def thousands(value) -> str:
    """119590 → "119,590"; "" for no value."""
    if value is None or value == "":
        return ""
    return f"{value:,}"
