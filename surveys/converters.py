class PeriodConverter:
    """2021-Q4, 2021-S1 or 2021 in a URL (surveys.periods checks the number)."""

    regex = r"\d{4}(?:-[QS][1-4])?"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
