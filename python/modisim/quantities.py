"""Values with units as modisim's configs and sweeps write them ("300ms", "2GiB", "54Mbps", "0.1/s",
"800mW", "5kJ", "3000mAh@3.85V"), in SI base units: the same tables as sim/core/units.cpp."""
import re

# unit -> (SI unit of its kind, factor); suffixes are distinct across kinds
_UNITS = {}
for _si, _table in {
    "s": {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0, "d": 86400.0},
    "bytes": {"B": 1.0, "kB": 1e3, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "KiB": 1024.0,
              "MiB": 1048576.0, "GiB": 1073741824.0, "TiB": 1099511627776.0},
    "bps": {"bps": 1.0, "kbps": 1e3, "Kbps": 1e3, "Mbps": 1e6, "Gbps": 1e9, "Tbps": 1e12, "Bps": 8.0,
            "kBps": 8e3, "KBps": 8e3, "MBps": 8e6, "GBps": 8e9},
    "per_s": {"/s": 1.0, "/min": 1.0 / 60.0, "/h": 1.0 / 3600.0, "Hz": 1.0},
    "W": {"W": 1.0, "mW": 1e-3, "kW": 1e3},
    "J": {"J": 1.0, "kJ": 1e3, "MJ": 1e6, "GJ": 1e9, "mJ": 1e-3, "Wh": 3600.0, "kWh": 3.6e6},
}.items():
    for _unit, _factor in _table.items():
        _UNITS[_unit] = (_si, _factor)
_CHARGE = {"mAh": 3.6, "Ah": 3600.0}  # coulombs; times volts gives joules
_VOLTS = {"V": 1.0, "mV": 1e-3}

_NUMBER = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S*?)\s*")
_INTEGER = re.compile(r"[-+]?\d+")


def parse_quantity(text):
    """(value in SI units, SI unit) of ``text``: ("300ms") -> (0.3, "s"), ("2") -> (2.0, "").

    The SI units are "s", "bytes", "bps", "per_s", "W" and "J". Raises ValueError when ``text``
    is not a number with an optional known unit."""
    if "@" in text:
        charge, _, volts = text.partition("@")
        c, cu = _split(charge, text)
        v, vu = _split(volts, text)
        if cu in _CHARGE and vu in _VOLTS:
            return c * _CHARGE[cu] * v * _VOLTS[vu], "J"
        raise ValueError(f"'{text}' is not a charge at a voltage such as 3000mAh@3.85V")
    value, unit = _split(text, text)
    if not unit:
        return value, ""
    if unit not in _UNITS:
        raise ValueError(f"unknown unit '{unit}' in '{text}'")
    si, factor = _UNITS[unit]
    return value * factor, si


def _split(part, text):
    m = _NUMBER.fullmatch(part)
    if not m:
        raise ValueError(f"'{text}' is not a number with a unit")
    return float(m.group(1)), m.group(2)


def value_of(text):
    """A config or sweep value as a number where it is one: "300ms" -> 0.3 (seconds), "7" -> 7,
    "0.5" -> 0.5; anything else ("modi", "lte", "") is returned unchanged."""
    if _INTEGER.fullmatch(text.strip()):
        return int(text)
    try:
        return parse_quantity(text)[0]
    except ValueError:
        return text


def unit_of(text):
    """The SI unit of a value ("300ms" -> "s"), "" for a plain number, None for text."""
    try:
        return parse_quantity(text)[1]
    except ValueError:
        return None
