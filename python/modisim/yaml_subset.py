"""The YAML that modisim writes (run.yaml), read with the standard library only.

Supports block mappings and sequences, flow collections (``[a, b]``, ``{}``, ``{k: v}``), plain,
single- and double-quoted scalars. Every scalar is returned as the string written (``"100s"``,
``"false"``, ``""``), as PyYAML's BaseLoader would; an empty value is ``""``. Anything else
(anchors, tags, block scalars, multi-document streams) raises ValueError naming the line.
"""

_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f",
            "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0",
            "L": "\u2028", "P": "\u2029"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}


def parse(text, name="<yaml>"):
    """The document in ``text`` as dicts, lists and strings (``name`` appears in errors)."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#") or stripped == "---":
            continue
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise ValueError(f"{name}:{number}: tab in indentation")
        lines.append([len(raw) - len(raw.lstrip(" ")), stripped, number])
    if not lines:
        return None
    value, end = _Block(lines, name).parse(0, lines[0][0])
    if end != len(lines):
        raise ValueError(f"{name}:{lines[end][2]}: unexpected indentation")
    return value


class _Block:
    """Recursive descent over (indent, content, line number) lines."""

    def __init__(self, lines, name):
        self.lines = lines
        self.name = name

    def fail(self, i, what):
        line = self.lines[i][2] if i < len(self.lines) else self.lines[-1][2]
        raise ValueError(f"{self.name}:{line}: {what}")

    def parse(self, i, indent):
        content = self.lines[i][1]
        if content == "-" or content.startswith("- "):
            return self.sequence(i, indent)
        if _split_key(content) is not None:
            return self.mapping(i, indent)
        return _Flow(content, self.name, self.lines[i][2]).whole(), i + 1

    def sequence(self, i, indent):
        items = []
        while i < len(self.lines) and self.lines[i][0] == indent and \
                (self.lines[i][1] == "-" or self.lines[i][1].startswith("- ")):
            rest = self.lines[i][1][1:].lstrip(" ")
            if not rest:
                value, i = self.nested(i + 1, indent)
            else:
                # "- key: v" opens a mapping whose keys line up with "key"
                self.lines[i][0] = indent + len(self.lines[i][1]) - len(rest)
                self.lines[i][1] = rest
                value, i = self.parse(i, self.lines[i][0])
            items.append(value)
        return items, i

    def mapping(self, i, indent):
        out = {}
        while i < len(self.lines) and self.lines[i][0] == indent:
            split = _split_key(self.lines[i][1])
            if split is None:
                self.fail(i, "expected 'key: value'")
            key, rest = split
            if key in out:
                self.fail(i, f"duplicate key '{key}'")
            if rest:
                if rest[0] in "|>&*!":
                    self.fail(i, f"unsupported YAML ('{rest[0]}') for key '{key}'")
                out[key] = _Flow(rest, self.name, self.lines[i][2]).whole()
                i += 1
            else:
                out[key], i = self.nested(i + 1, indent, sequence_may_align=True)
        return out, i

    def nested(self, i, indent, sequence_may_align=False):
        """The value on the lines after a bare 'key:' or '-' ("" when there is none)."""
        if i < len(self.lines):
            deeper = self.lines[i][0] > indent
            aligned_sequence = sequence_may_align and self.lines[i][0] == indent and \
                (self.lines[i][1] == "-" or self.lines[i][1].startswith("- "))
            if deeper or aligned_sequence:
                return self.parse(i, self.lines[i][0])
        return "", i


def _split_key(content):
    """(key, rest) of a 'key: rest' line, or None when the line is not a mapping entry."""
    if content[0] in "[{":
        return None
    if content[0] in "\"'":
        flow = _Flow(content, "", 0)
        try:
            key = flow.quoted()
        except ValueError:
            return None
        rest = content[flow.pos:]
        if rest == ":" or rest.startswith(": "):
            return key, rest[1:].strip()
        return None
    if content.endswith(":"):
        return content[:-1].rstrip(), ""
    at = content.find(": ")
    if at < 0:
        return None
    return content[:at].rstrip(), content[at + 2:].strip()


class _Flow:
    """One line's flow value: a scalar, [..] or {..}."""

    def __init__(self, text, name, line):
        self.text, self.name, self.line, self.pos = text, name, line, 0

    def fail(self, what):
        raise ValueError(f"{self.name}:{self.line}: {what} in '{self.text}'")

    def whole(self):
        value = self.value(top=True)
        self.skip_spaces()
        if self.pos != len(self.text):
            self.fail("unexpected text after the value")
        return value

    def skip_spaces(self):
        while self.pos < len(self.text) and self.text[self.pos] == " ":
            self.pos += 1

    def value(self, top=False):
        self.skip_spaces()
        c = self.text[self.pos:self.pos + 1]
        if c == "[":
            return self.collection("]", self.value)
        if c == "{":
            return dict(self.collection("}", self.pair))
        if c in ("'", '"'):
            return self.quoted()
        if c in ("&", "*", "!"):
            self.fail(f"unsupported YAML ('{c}')")
        return self.plain(top)

    def pair(self):
        key = self.value()
        self.skip_spaces()
        if self.text[self.pos:self.pos + 1] != ":":
            self.fail("expected ':' in a flow mapping")
        self.pos += 1
        return key, self.value()

    def collection(self, close, item):
        self.pos += 1
        out = []
        self.skip_spaces()
        if self.text[self.pos:self.pos + 1] == close:
            self.pos += 1
            return out
        while True:
            out.append(item())
            self.skip_spaces()
            c = self.text[self.pos:self.pos + 1]
            self.pos += 1
            if c == close:
                return out
            if c != ",":
                self.fail(f"expected ',' or '{close}'")

    def plain(self, top):
        start = self.pos
        if top:
            self.pos = len(self.text)
        else:
            while self.pos < len(self.text) and self.text[self.pos] not in ",]}" and \
                    not (self.text[self.pos] == ":" and self.text[self.pos + 1:self.pos + 2] in (" ", ",", "]", "}", "")):
                self.pos += 1
        return self.text[start:self.pos].strip()

    def quoted(self):
        quote = self.text[self.pos]
        self.pos += 1
        out = []
        while self.pos < len(self.text):
            c = self.text[self.pos]
            self.pos += 1
            if c == quote:
                if quote == "'" and self.text[self.pos:self.pos + 1] == "'":
                    out.append("'")
                    self.pos += 1
                    continue
                return "".join(out)
            if c == "\\" and quote == '"':
                out.append(self.escape())
            else:
                out.append(c)
        self.fail("unterminated quoted string")

    def escape(self):
        c = self.text[self.pos:self.pos + 1]
        self.pos += 1
        if c in _ESCAPES:
            return _ESCAPES[c]
        if c in _HEX_ESCAPES:
            digits = self.text[self.pos:self.pos + _HEX_ESCAPES[c]]
            self.pos += _HEX_ESCAPES[c]
            try:
                return chr(int(digits, 16))
            except ValueError:
                self.fail(f"bad escape '\\{c}{digits}'")
        self.fail(f"unknown escape '\\{c}'")
