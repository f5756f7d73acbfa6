"""Bad input: one line `FILE:LINE: key: problem (expected ...)`, like modisim's InputError."""


class BadInput(Exception):
    def __init__(self, where, line, key, problem, expected=""):
        self.where, self.line, self.key, self.problem, self.expected = where, line, key, problem, expected
        super().__init__(self.message())

    def message(self):
        loc = f"{self.where}:{self.line}: " if self.line else f"{self.where}: "
        text = f"{loc}{self.key}: {self.problem}" + (f" (expected {self.expected})" if self.expected else "")
        return " ".join(text.split("\n"))


def number(text, where, line, key, positive=True, zero=False):
    """A finite number read from `text` (positive, or >= 0 with zero=True, or any without
    positive), or BadInput."""
    try:
        x = float(text)
    except (TypeError, ValueError):
        raise BadInput(where, line, key, f"'{text}' is not a number") from None
    if x != x or x in (float("inf"), float("-inf")):
        raise BadInput(where, line, key, f"'{text}' is not a finite number")
    if zero and x < 0:
        raise BadInput(where, line, key, f"{text} is negative", "a value >= 0")
    if positive and not zero and x <= 0:
        raise BadInput(where, line, key, f"{text} is not positive", "a value > 0")
    return x
