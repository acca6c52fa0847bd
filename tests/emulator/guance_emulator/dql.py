"""The DQL subset of the contract's section 5.1: a parser, and the matching of objects against its filters.

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
                raise _error(text, pos, "unexpected character %r (the emulator understands =, !=, IN and wildcard())" % char)
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
    op: str                 # =, !=, in, wildcard, !wildcard
    values: list

    def matches(self, obj):
        # As in SQL, a condition on a field the object lacks is false, whatever the operator.
        actual = obj.get(self.field)
        if actual is None:
            return False
        candidates = actual if isinstance(actual, list) else [actual]
        if self.op in ("wildcard", "!wildcard"):
            found = any(self.values[0].fullmatch(_text(candidate)) for candidate in candidates)
        else:
            found = any(_equals(candidate, value) for candidate in candidates for value in self.values)
        return not found if self.op.startswith("!") else found


@dataclass
class AllOf:
    parts: list

    def matches(self, obj):
        return all(part.matches(obj) for part in self.parts)


@dataclass
class AnyOf:
    parts: list

    def matches(self, obj):
        return any(part.matches(obj) for part in self.parts)


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
    """A compiled regular expression for a wildcard(): `*` any run, `?` one character."""
    parts = (".*" if char == "*" else "." if char == "?" else re.escape(char) for char in pattern)
    return re.compile("".join(parts), re.DOTALL)


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
        if self.at_keyword("WILDCARD"):
            self.advance()
            self.expect("(", "after wildcard")
            token = self.advance()
            if token.kind != "string":
                raise self.fail("wildcard() takes one quoted pattern", token)
            self.expect(")", "to close wildcard()")
            return Condition(field, "!wildcard" if negated else "wildcard", [wildcard_pattern(token.value)])
        return Condition(field, "!=" if negated else "=", [self.value()])

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
