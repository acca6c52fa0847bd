"""The DQL subset the collection sends (dql/define.md, dql/funcs.md): a parser, and the matching of objects.

What it cannot parse is refused with ft.ParamError: a query the emulator half-understood would give a
wrong answer, and a test passing on a wrong answer is worse than one that fails.
"""

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any, Optional

from .api import param_error

NAMESPACES = ("O", "CO")
SYMBOLS = ("::", "!=", ":", "(", ")", "{", "}", "[", "]", ",", "=")
KEYWORDS = ("AND", "OR", "IN", "NOT", "LIMIT", "OFFSET")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
STATEMENT_SHAPE = "NS::class:(fields) {filters} LIMIT n OFFSET m"


@dataclass
class Token:
    kind: str       # name, quoted_name, string, number, symbol or end
    value: Any
    pos: int


def _error(text, pos, message):
    near = text[pos:pos + 24]
    where = "at the end" if pos >= len(text) else "at position %d (near %r)" % (pos, near)
    return param_error("cannot parse the DQL query %s: %s" % (where, message))


def _read_string(text, pos):
    """The quoted text starting at pos and the position after it. Escapes are refused: they are not documented."""
    quote = text[pos]
    for end in range(pos + 1, len(text)):
        if text[end] == "\\":
            raise _error(text, end, "backslash escapes are not supported in strings (undocumented); use b64'...'")
        if text[end] == quote:
            return text[pos + 1:end], end + 1
    raise _error(text, pos, "unterminated string")


def tokenize(text):
    tokens = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char.isspace():
            pos += 1
        elif char == "#":
            newline = text.find("\n", pos)
            pos = len(text) if newline < 0 else newline
        elif char == "`":
            end = text.find("`", pos + 1)
            if end < 0:
                raise _error(text, pos, "unterminated backtick name")
            if end == pos + 1:
                raise _error(text, pos, "empty backtick name")
            tokens.append(Token("quoted_name", text[pos + 1:end], pos))
            pos = end + 1
        elif char in "'\"":
            value, end = _read_string(text, pos)
            tokens.append(Token("string", value, pos))
            pos = end
        elif text[pos:pos + 2].lower() == "re" and text[pos + 2:pos + 3] in ("'", '"', "`"):
            # A regular-expression string (dql/define.md): re'...', re"..." or re`...`.
            end = text.find(text[pos + 2], pos + 3)
            if end < 0:
                raise _error(text, pos, "unterminated regular-expression string")
            tokens.append(Token("regexp", text[pos + 3:end], pos))
            pos = end + 1
        elif text[pos:pos + 3].lower() == "b64" and text[pos + 3:pos + 4] in ("'", '"'):
            encoded, end = _read_string(text, pos + 3)
            tokens.append(Token("string", _decode_b64(text, pos, encoded), pos))
            pos = end
        elif NUMBER.match(text, pos):
            match = NUMBER.match(text, pos)
            number = match.group()
            tokens.append(Token("number", int(number) if re.fullmatch(r"-?\d+", number) else float(number), pos))
            pos = match.end()
        elif PLAIN_NAME.match(text, pos):
            match = PLAIN_NAME.match(text, pos)
            tokens.append(Token("name", match.group(), pos))
            pos = match.end()
        else:
            symbol = next((symbol for symbol in SYMBOLS if text.startswith(symbol, pos)), None)
            if symbol is None:
                raise _error(text, pos, "unexpected character %r (the emulator understands =, !=, IN, wildcard() and re())" % char)
            tokens.append(Token("symbol", symbol, pos))
            pos += len(symbol)
    tokens.append(Token("end", None, len(text)))
    return tokens


def _decode_b64(text, pos, encoded):
    try:
        return base64.b64decode(encoded, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _error(text, pos, "b64 literal is not base64 of UTF-8 text")


# --- the syntax tree ------------------------------------------------------------------------------------

@dataclass
class Condition:
    field: str
    op: str                 # =, !=, in, wildcard, !wildcard, re, !re
    values: list            # for wildcard and re: [compiled pattern, the pattern as sent]

    def matches(self, obj):
        # As in SQL, a condition on a field the object lacks is false, whatever the operator.
        actual = obj.get(self.field)
        if actual is None:
            return False
        candidates = actual if isinstance(actual, list) else [actual]
        if self.op.lstrip("!") in ("wildcard", "re"):
            # Both match the whole value, as the search engine does (never a search within it).
            found = any(self.values[0].fullmatch(_text(candidate)) for candidate in candidates)
        else:
            found = any(_equals(candidate, value) for candidate in candidates for value in self.values)
        return not found if self.op.startswith("!") else found

    def conditions(self):
        yield self


@dataclass
class AllOf:
    parts: list

    def matches(self, obj):
        return all(part.matches(obj) for part in self.parts)

    def conditions(self):
        for part in self.parts:
            yield from part.conditions()


@dataclass
class AnyOf:
    parts: list

    def matches(self, obj):
        return any(part.matches(obj) for part in self.parts)

    def conditions(self):
        for part in self.parts:
            yield from part.conditions()


@dataclass
class Statement:
    namespace: str
    source: str
    fields: Optional[list]
    filters: Any
    limit: Optional[int]
    offset: Optional[int]

    def matches(self, obj):
        return self.filters is None or self.filters.matches(obj)

    def left_wildcards(self):
        """The wildcard() patterns that start with a wildcard, which workspaces refuse by default (dql/funcs.md)."""
        if self.filters is None:
            return []
        return [condition.values[1] for condition in self.filters.conditions()
                if condition.op.lstrip("!") == "wildcard" and condition.values[1][:1] in ("*", "?")]


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _equals(actual, literal):
    """Strings compare as text; where a number is involved, both sides compare as numbers."""
    if isinstance(actual, bool):
        actual = _text(actual)
    if isinstance(actual, str) and isinstance(literal, str):
        return actual == literal
    left, right = _number(actual), _number(literal)
    return left is not None and right is not None and left == right


def wildcard_pattern(pattern):
    """A compiled regular expression for a wildcard(): `*` any run, `?` one character, `\\` escapes."""
    parts = []
    escaped = False
    for char in pattern:
        if escaped:
            parts.append(re.escape(char))
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            parts.append(".*" if char == "*" else "." if char == "?" else re.escape(char))
    return re.compile("".join(parts), re.DOTALL)


# Lucene's regular expressions (Elasticsearch's regexp syntax, which dql/funcs.md names for re() outside
# metrics): the same meaning as Python's for these, and no anchors (^ and $ are plain characters).
_LUCENE_SAME = set(".?+*|")
_LUCENE_REPEAT = re.compile(r"[0-9]+(?:,[0-9]*)?}")
_LUCENE_UNSUPPORTED = {"&": "intersection (&)", "~": "complement (~)", "<": "numeric intervals (<n-m>)"}


def lucene_pattern(pattern):
    """The compiled Python equivalent of a Lucene regular expression, matched whole; ValueError if unsupported."""
    parts = []
    position = 0
    while position < len(pattern):
        char = pattern[position]
        position += 1
        if char == "\\" and position < len(pattern):
            parts.append(re.escape(pattern[position]))
            position += 1
        elif char == '"':
            end = pattern.find('"', position)
            if end < 0:
                raise ValueError("unterminated quoted string in the regular expression")
            parts.append(re.escape(pattern[position:end]))
            position = end + 1
        elif char == "[":
            end, text = _lucene_class(pattern, position)
            parts.append(text)
            position = end
        elif char == "{":
            repeat = _LUCENE_REPEAT.match(pattern, position)
            if not repeat:
                raise ValueError("{ must open a repeat count such as {2} or {1,3} (quote a literal brace: \"{\")")
            parts.append("{" + repeat.group())
            position = repeat.end()
        elif char in _LUCENE_UNSUPPORTED:
            raise ValueError("the emulator does not play Lucene's %s" % _LUCENE_UNSUPPORTED[char])
        else:
            parts.append(_lucene_simple(char))
    try:
        return re.compile("".join(parts), re.DOTALL)
    except re.error as err:
        raise ValueError("not a valid regular expression: %s" % err)


def _lucene_simple(char):
    if char in _LUCENE_SAME:
        return char
    return {"(": "(?:", ")": ")", "@": ".*", "#": "(?!)"}.get(char, re.escape(char))


def _lucene_class(pattern, position):
    """(position after `]`, the Python class) of a character class opened before `position`."""
    parts = ["["]
    if pattern[position:position + 1] == "^":
        parts.append("^")
        position += 1
    while position < len(pattern) and pattern[position] != "]":
        char = pattern[position]
        if char == "\\" and position + 1 < len(pattern):
            position += 1
            char = pattern[position]
            parts.append(re.escape(char))
        else:
            parts.append("-" if char == "-" else re.escape(char))
        position += 1
    if position >= len(pattern):
        raise ValueError("unterminated character class in the regular expression")
    return position + 1, "".join(parts) + "]"


# --- the parser -----------------------------------------------------------------------------------------

def parse(text):
    """The Statement of a DQL text, or ft.ParamError."""
    if not isinstance(text, str) or not text.strip():
        raise param_error("q must be a non-empty DQL statement")
    return _Parser(text).statement()


class _Parser:

    def __init__(self, text):
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0

    def fail(self, message, token=None):
        return _error(self.text, (token or self.peek()).pos, message)

    def peek(self, ahead=0):
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def advance(self):
        token = self.peek()
        self.index += 1
        return token

    def at_keyword(self, word):
        token = self.peek()
        return token.kind == "name" and token.value.upper() == word

    def accept(self, symbol):
        if self.peek().kind == "symbol" and self.peek().value == symbol:
            self.index += 1
            return True
        return False

    def expect(self, symbol, context):
        if not self.accept(symbol):
            raise self.fail("expected %r %s" % (symbol, context))

    def name(self, what):
        token = self.peek()
        if token.kind == "quoted_name" or (token.kind == "name" and token.value.upper() not in KEYWORDS):
            self.index += 1
            return token.value
        raise self.fail("expected %s" % what)

    def statement(self):
        token = self.peek()
        if token.kind != "name":
            raise self.fail("expected a namespace such as O:: or CO::")
        self.advance()
        self.expect("::", "after the namespace")
        namespace = token.value.upper()
        if namespace not in NAMESPACES:
            raise self.fail("namespace %s:: is not served by the emulator (only O:: and CO::)" % token.value, token)
        source = self.name("a class name after %s::" % namespace)
        fields = self.field_list() if self.accept(":") else None
        filters = None
        if self.accept("{"):
            if not self.accept("}"):
                filters = self.conditions()
                self.expect("}", "to close the filters")
        limit = offset = None
        if self.at_keyword("LIMIT"):
            self.advance()
            limit = self.whole_number("LIMIT")
        if self.at_keyword("OFFSET"):
            self.advance()
            offset = self.whole_number("OFFSET")
        if self.peek().kind != "end":
            raise self.fail("unexpected text; the emulator understands only " + STATEMENT_SHAPE)
        return Statement(namespace, source, fields, filters, limit, offset)

    def field_list(self):
        self.expect("(", "to open the field list")
        fields = []
        while True:
            token = self.peek()
            fields.append(self.name("a field name"))
            if token.kind == "name" and self.peek().kind == "symbol" and self.peek().value == "(":
                raise self.fail("functions in the field list are not supported by the emulator", token)
            if not self.accept(","):
                break
        self.expect(")", "to close the field list")
        return fields

    def whole_number(self, keyword):
        token = self.advance()
        if token.kind != "number" or not isinstance(token.value, int) or token.value < 0:
            raise self.fail("%s needs a whole number" % keyword, token)
        return token.value

    # The comma binds looser than OR, and AND tighter than OR.
    def conditions(self):
        parts = [self.disjunction()]
        while self.accept(","):
            parts.append(self.disjunction())
        return parts[0] if len(parts) == 1 else AllOf(parts)

    def disjunction(self):
        parts = [self.conjunction()]
        while self.at_keyword("OR"):
            self.advance()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else AnyOf(parts)

    def conjunction(self):
        parts = [self.primary()]
        while self.at_keyword("AND"):
            self.advance()
            parts.append(self.primary())
        return parts[0] if len(parts) == 1 else AllOf(parts)

    def primary(self):
        if self.accept("("):
            group = self.conditions()
            self.expect(")", "to close the group")
            return group
        return self.condition()

    def condition(self):
        field = self.name("a field name")
        if self.at_keyword("IN"):
            self.advance()
            return Condition(field, "in", self.value_list())
        if self.at_keyword("NOT"):
            raise self.fail("NOT is not supported; write (`f` != 'a' AND `f` != 'b')")
        if self.accept("="):
            negated = False
        elif self.accept("!="):
            negated = True
        else:
            raise self.fail("expected =, != or IN after the field %r" % field)
        prefix = "!" if negated else ""
        if self.at_keyword("WILDCARD") or self.at_keyword("RE"):
            function = self.advance().value.lower()
            self.expect("(", "after %s" % function)
            token = self.advance()
            if token.kind != "string":
                raise self.fail("%s() takes one quoted pattern" % function, token)
            self.expect(")", "to close %s()" % function)
            return Condition(field, prefix + function, [self.pattern(function, token), token.value])
        if self.peek().kind == "regexp":
            token = self.advance()
            return Condition(field, prefix + "re", [self.pattern("re", token), token.value])
        return Condition(field, "!=" if negated else "=", [self.value()])

    def pattern(self, function, token):
        if function == "wildcard":
            return wildcard_pattern(token.value)
        try:
            return lucene_pattern(token.value)
        except ValueError as err:
            raise self.fail("re(): %s" % err, token)

    def value_list(self):
        self.expect("[", "after IN")
        if self.accept("]"):
            raise self.fail("IN needs at least one value")
        values = [self.value()]
        while self.accept(","):
            values.append(self.value())
        self.expect("]", "to close the IN list")
        return values

    def value(self):
        token = self.peek()
        if token.kind not in ("string", "number"):
            raise self.fail("expected a value: a quoted string, a number or b64'...'")
        self.index += 1
        return token.value
