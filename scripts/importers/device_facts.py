"""The devices.csv row of an imported device: the facts a new device class needs (label, year,
battery, phase powers), given as command-line options, or a known device's row with some facts
replaced."""
from trace_tables import DEVICE_COLUMNS, POWER_COLUMNS

from .errors import BadInput, number

# devices.csv column -> command-line option
OPTIONS = {c: "--" + c.replace("_", "-") for c in ["label", "year"] + POWER_COLUMNS +
           ["battery_mah", "battery_v", "inflate_bps"]}
REQUIRED = ["label", "year"] + POWER_COLUMNS + ["battery_mah", "battery_v"]


def add_options(parser):
    g = parser.add_argument_group(
        "device facts", "a new device class needs every fact but inflate_bps (the five powers can come "
        "from --powers-like); for a known device, the facts given replace its row's")
    g.add_argument("--label", metavar="TEXT", help="human-readable name, e.g. 'Fairphone 5'")
    g.add_argument("--year", metavar="YYYY", help="release year")
    g.add_argument("--battery-mah", metavar="MAH", help="battery capacity (mAh)")
    g.add_argument("--battery-v", metavar="V", help="battery nominal voltage (V)")
    for c in POWER_COLUMNS:
        g.add_argument(OPTIONS[c], metavar="W", help=f"{c[:-8].replace('_', ' ')} power (W{'' if c.startswith(('idle', 'screen')) else ', above idle'})")
    g.add_argument("--inflate-bps", metavar="BPS", help="gzip decompression rate (bit/s of output; optional)")
    g.add_argument("--powers-like", metavar="DEVICE",
                   help="copy the five powers and inflate_bps from this known device class")
    g.add_argument("--device-source", metavar="TEXT", help="the devices.csv source cell (default: what the facts came from)")


def given(args):
    return {c: getattr(args, c) for c in OPTIONS if getattr(args, c) is not None}


def device_row(args, device, base, where, line):
    """The devices.csv row to write for `device`, or None when it is known and no fact is given."""
    facts = given(args)
    known = base.devices.get(device)
    if args.powers_like is not None:
        like = base.devices.get(args.powers_like)
        if like is None:
            raise BadInput("command line", 0, "--powers-like", f"unknown device class '{args.powers_like}'",
                           f"one of {', '.join(sorted(base.devices))}")
        for c in POWER_COLUMNS + ["inflate_bps"]:
            facts.setdefault(c, like.get(c, ""))
    if known is None:
        missing = [OPTIONS[c] for c in REQUIRED if c not in facts]
        if missing:
            raise BadInput(where, line, "device",
                           f"new device class '{device}' (not in devices.csv of {base.names()}) needs "
                           f"{', '.join(missing)} (the powers also from --powers-like DEVICE)")
    elif not facts:
        return None
    for c, v in facts.items():
        if c == "label" or v == "":
            continue
        x = number(v, "command line", 0, OPTIONS[c], positive=c not in POWER_COLUMNS)
        if c in POWER_COLUMNS and x < 0:
            raise BadInput("command line", 0, OPTIONS[c], f"{v} is negative", "watts >= 0")
        if c == "year" and x != int(x):
            raise BadInput("command line", 0, "--year", f"{v} is not a whole year")
        facts[c] = str(int(x)) if c == "year" else v
    row = dict(known or {}, **facts)
    row["device"] = device
    row["source"] = args.device_source or _source(args, known)
    return [row.get(c, "") for c in DEVICE_COLUMNS]


def _source(args, known):
    parts = [] if known is None else [f"{known.get('source', '')}; facts replaced by modisim-import"]
    if known is None:
        parts.append("facts given to modisim-import")
    if args.powers_like is not None:
        parts.append(f"powers as {args.powers_like}")
    return "; ".join(parts)
