# -*- coding: utf-8 -*-
# Copyright: (c) 2026, guance.cloud maintainers
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Property: no filter value, name or search changes the structure of the generated DQL.

Deterministic (derandomize): the same examples on every run, so a failure is reproducible.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from hypothesis import given, settings, strategies as st

from ansible_collections.guance.cloud.plugins.module_utils import _dql
from ansible_collections.guance.cloud.plugins.module_utils._errors import OptionError

# The literal forms the builder may emit: b64'...', a plain '...', and a re() or wildcard() pattern
# that holds no character able to end its string (a quote, a backslash, a control character).
LITERAL = re.compile(r"b64'[A-Za-z0-9+/=]*'|'[A-Za-z0-9_.:-]*'|-?[0-9][0-9.e+-]*|(?<=re\()'[^'\\\x00-\x1f\x7f]*'(?=\))"
                     r"|(?<=wildcard\()'[^'\\\x00-\x1f\x7f*]*\*'(?=\))")

# Text from every corner: quotes, backticks, braces, DQL keywords, regexp operators, controls, unicode.
TEXT = st.text(alphabet=st.one_of(st.sampled_from(list("'\"`\\{}[](),=!#*?.+|@&<>~^$ \n\t/:-_")), st.characters()), max_size=24)
VALUES = st.one_of(TEXT, st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans())
FIELDS = st.sampled_from(["os", "host", "arch", "pid", "state"])
SEARCH = st.one_of(TEXT.filter(lambda text: text and "*" not in text and "?" not in text),
                   TEXT.filter(lambda text: text and "*" not in text and "?" not in text).map(lambda text: text + "*"))


def skeleton(filters, names, search):
    """The statement's structure with V for each value: what the inputs' shape alone decides."""
    parts = []
    for field in sorted(filters):
        value = filters[field]
        if isinstance(value, list) and len(value) > 1:
            parts.append("`%s` IN [%s]" % (field, ", ".join(["V"] * len(value))))
        else:
            parts.append("`%s` = V" % field)
    if names:
        parts.append("`name` IN [%s]" % ", ".join(["V"] * len(names)) if len(names) > 1 else "`name` = V")
    parts.append("`name` = %s(V)" % ("wildcard" if search.endswith("*") else "re"))
    return "O::`HOST` { %s }" % ", ".join(parts)


@settings(derandomize=True, max_examples=400, deadline=None)
@given(filters=st.dictionaries(FIELDS, st.one_of(VALUES, st.lists(VALUES, min_size=1, max_size=3)), max_size=3),
       names=st.lists(TEXT, min_size=1, max_size=3), search=SEARCH)
def test_no_filter_value_name_or_search_changes_the_structure(filters, names, search):
    text = _dql.statement("HOST", filters=filters, names=names, search=search)
    assert LITERAL.sub("V", text) == skeleton(filters, names, search)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(search=TEXT)
def test_a_search_is_accepted_as_a_part_or_a_start_of_the_name_or_refused_by_name(search):
    try:
        condition, _exact = _dql.search_condition(search)
    except OptionError as err:
        assert str(err).startswith("search: ")
        assert "*" in search[:-1] or "?" in search or search in ("", "*")
    else:
        assert condition.startswith("`name` = re('.*") or condition.startswith("`name` = wildcard('")
