"""Schemathesis hooks for scripts/contract-test.

The contract names a few formats whose rule is more than a pattern: a check digit, an
assigned code. Schemathesis cannot invent valid values for them, so positive cases get them
from the strategies below, written from the same rules the server applies. Negative cases
are left alone, so the server is still tested on broken ones.
"""
import ast
import pathlib
import re
import threading
import uuid

import schemathesis
from hypothesis import strategies as st

REPOSITORY = pathlib.Path(__file__).resolve().parents[2]

# CPython 3.11 keeps the AST builder's recursion counter per interpreter, not per thread:
# two workers parsing at once (Hypothesis parses a module's source to describe a lambda)
# fail with "AST constructor recursion depth mismatch". One parse at a time avoids it.
_parse_lock = threading.Lock()
_unlocked_parse = ast.parse


def _parse_one_at_a_time(*arguments, **options):
    with _parse_lock:
        return _unlocked_parse(*arguments, **options)


ast.parse = _parse_one_at_a_time

# --- Vietnamese tax code (mã số thuế): nine digits, then the check digit over weights. ---
TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3]


def _tax_code(head, branch):
    check = 10 - sum(int(d) * w for d, w in zip(head, TAX_WEIGHTS)) % 11
    if check >= 10:  # a remainder of zero is never issued
        return None
    code = head + str(check)
    return code if branch is None else f"{code}-{branch:03d}"


tax_codes = st.builds(
    _tax_code,
    st.text(alphabet="0123456789", min_size=9, max_size=9),
    st.one_of(st.none(), st.integers(min_value=1, max_value=999)),
).filter(lambda code: code is not None)
schemathesis.openapi.format("vn-tax-code", tax_codes)

# --- ISO 6346 container number: owner, category, six digits, check digit. ---
LETTER_VALUES = {}
_value = 10
for _letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    if _value % 11 == 0:
        _value += 1
    LETTER_VALUES[_letter] = _value
    _value += 1


def _container(owner, category, serial):
    body = owner + category + serial
    total = sum((LETTER_VALUES.get(c) or int(c)) << position for position, c in enumerate(body))
    return body + str(total % 11 % 10)


containers = st.builds(
    _container,
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3),
    st.sampled_from("UJZ"),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
)
schemathesis.openapi.format("iso6346", containers)

# --- ISO 3166-1 alpha-2, officially assigned: the list the server itself compiles in. ---
_country_source = (REPOSITORY / "Sources/FTZCore/Values/CountryCode.swift").read_text()
ASSIGNED_COUNTRIES = sorted(set(re.findall(r"\b[A-Z]{2}\b", _country_source.split('"""')[1])))
schemathesis.openapi.format("iso3166-alpha2", st.sampled_from(ASSIGNED_COUNTRIES))


# Schemathesis' coverage phase draws boundary values from patterns and lengths, not from
# the format strategies above: its "0000000000" fits the tax-code pattern but not the check
# digit. Positive cases get such values repaired, in body members and path parameters.
TAX_CODE = re.compile(r"^[0-9]{10}(-[0-9]{3})?$")
CONTAINER = re.compile(r"^[A-Za-z]{3}[UJZujz][0-9]{7}$")
TAX_CODE_MEMBERS = {"taxCode", "declarantTaxCode", "consigneeTaxCode"}
COUNTRY_MEMBERS = {"country", "originCountry"}


def _repaired_tax_code(code):
    head, branch = code[:9], code[11:] if len(code) > 10 else None
    for shift in range(10):
        candidate = head[:8] + str((int(head[8]) + shift) % 10)
        repaired = _tax_code(candidate, None)
        if repaired:
            return repaired if branch is None else f"{repaired}-{branch if branch != '000' else '001'}"
    return code


def _repair(value):
    if isinstance(value, dict):
        for key, member in value.items():
            if key in TAX_CODE_MEMBERS and isinstance(member, str) and TAX_CODE.match(member):
                value[key] = _repaired_tax_code(member)
            elif key in COUNTRY_MEMBERS and isinstance(member, str) and len(member) == 2 and member.isalpha() \
                    and member.upper() not in ASSIGNED_COUNTRIES:
                value[key] = ASSIGNED_COUNTRIES[sum(map(ord, member)) % len(ASSIGNED_COUNTRIES)]
            else:
                _repair(member)
    elif isinstance(value, list):
        for member in value:
            _repair(member)


@schemathesis.hook
def before_call(context, case, **kwargs):
    # An Idempotency-Key must be new for each new request: Schemathesis would send one
    # generated key with different bodies and read the documented 422 as a valid request
    # refused. Valid keys are made unique; invalid ones are left to test.
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key" and isinstance(headers[name], str) and 1 <= len(headers[name]) <= 255:
            headers[name] = str(uuid.uuid4())
    # A cursor is only valid when the server issued it (the key of the last row of a page it
    # answered): a generated one cannot be. Positive cases ask for the first page instead;
    # negative ones keep their broken cursors and must get the 400.
    meta = getattr(case, "meta", None)
    positive = meta is not None and meta.generation.mode.is_positive
    if positive and case.query and "cursor" in case.query:
        del case.query["cursor"]
    if positive:
        _repair(case.body)
        container = (case.path_parameters or {}).get("container")
        if isinstance(container, str) and CONTAINER.match(container):
            case.path_parameters["container"] = _container(container[:3].upper(), container[3].upper(), container[4:10])


# The EDIFACT feed takes raw bytes (a string schema, format binary): send them as they are.
@schemathesis.serializer("application/EDIFACT")
def edifact(ctx, value):
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")
