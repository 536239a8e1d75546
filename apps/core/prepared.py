"""A page's read queries compiled once per shape, not once per request (ADR 0040).

Most of what a busy page costs the server is Django turning querysets into SQL: the access
conditions alone are a dozen subqueries, and the case page, My work and the team view each
compile several such querysets. For one user and one page, that SQL text is the same every
time; only a few values change (which case, today's date). So a page names its querysets'
*shape* and passes those values, and the SQL is compiled once per shape and process:

    open_tasks, reviews = prepared.together(
        user, "my work", lambda v: [tasks_due(user, v.today), reviews_due(user, v.today)],
        today=timezone.localdate(),
    )

How a shape is made safe to reuse:
- The key is the shape's name and `key`, the user's access fingerprint
  (`access.fingerprint`: user, team and its kind, clearance, role and its capabilities,
  break-glass grants) and today's date, so everything the access conditions read from the
  user, and any date a builder reads for itself, is part of it.
- Each value is a parameter only. On a miss the querysets are built three times: with two
  sets of stand-in values and with the real ones. The two stand-in compilations must give the
  same SQL, differ only where a stand-in was passed, and the real build must give exactly the
  template filled in; otherwise the shape is not reused (it runs as built, every time): a
  value that decides the shape (a branch, a list's length, arithmetic on a date) or a builder
  that reads the clock or data for itself is caught there.
- Querysets that would attach records the builder was given (a related manager's known
  records) are refused: build from `Model.objects`, not from a record's relations.
- Under `PREPARED_QUERIES_VERIFY` (the test settings) every reuse is checked too: the
  querysets are built with the real values and compared with the reused SQL.

Reused rows come back exactly as `core.queries.together` gives them (records, related
records, values rows). Only on PostgreSQL; elsewhere (the SQLite demo) the querysets are
built and run each time.
"""

from __future__ import annotations

import collections
import copy
import datetime
import decimal
import hashlib
import logging
import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connections
from django.db.models import QuerySet
from django.utils import timezone
from psycopg import sql as psycopg_sql

from apps.core import access, queries

logger = logging.getLogger(__name__)

# `rows=COUNT`: each queryset's number of rows (its slice's), not the rows themselves.
COUNT = "count"

CACHE_SIZE = 1024


class ShapeMismatchError(AssertionError):
    """A reused shape's SQL differs from what the querysets compile to now (a key misses
    something the querysets depend on)."""


@dataclass(frozen=True)
class _Slot:
    name: str


@dataclass
class _Part:
    queryset: QuerySet  # compiled, never iterated: each reuse iterates a copy
    compiler: object | None  # None: selects nothing (no statement)
    sql: str
    template: list  # constants, and _Slot where a value goes


@dataclass
class _Shape:
    parts: list[_Part] | None  # None: not reusable


class _Kept:
    """At most CACHE_SIZE entries, the least recently used dropped first; shared by the
    threads of a worker (each key names its thread)."""

    def __init__(self) -> None:
        self.entries: collections.OrderedDict = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key, value) -> None:
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > CACHE_SIZE:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


_cache = _Kept()  # compiled shapes
_querysets = _Kept()  # selectors' querysets (`queryset`)


def forget() -> None:
    """Drop every compiled shape (tests that change reference data under one key)."""
    _cache.clear()
    _querysets.clear()


def together(user, name: str, build: Callable, /, *, key: tuple = (), **values) -> list[list]:
    """`core.queries.together(*build(values))`, the SQL compiled once per shape."""
    return _run(user, name, build, key, values, rows=False)


def rows_together(
    user, name: str, build: Callable, /, *, key: tuple = (), **values
) -> list[list[tuple]]:
    """`core.queries.rows_together(*build(values))`, the SQL compiled once per shape."""
    return _run(user, name, build, key, values, rows=True)


def _key(connection, name, key, rows: bool | str, fingerprint, values: dict) -> tuple:
    return (
        connection.alias,
        threading.get_ident(),
        name,
        key,
        rows,
        fingerprint,
        timezone.localdate(),
        tuple((value_name, type(value).__name__) for value_name, value in sorted(values.items())),
    )


@dataclass(frozen=True)
class Call:
    """One shape for `batch`: what `together` (or `rows_together` when `rows`) takes; with
    `rows=COUNT`, each queryset's number of rows instead."""

    name: str
    build: Callable
    key: tuple = ()
    rows: bool | str = False


def batch(user, *calls: Call) -> list[list]:
    """Each call's results, as `together` or `rows_together` would give them, the shapes
    that can be reused all read in one round trip."""
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return [_plain(call.build(SimpleNamespace()), rows=call.rows) for call in calls]
    shapes = [
        _shape(connection, user, call.name, call.build, call.key, {}, rows=call.rows)
        for call in calls
    ]
    reusable = [
        (shape.parts, call.rows) for call, shape in zip(calls, shapes, strict=True) if shape.parts
    ]
    read = iter(_batch(connection, reusable, {}) if reusable else [])
    return [
        next(read)
        if shape.parts is not None
        else _plain(call.build(SimpleNamespace()), rows=call.rows)
        for call, shape in zip(calls, shapes, strict=True)
    ]


def _plain(querysets: list, *, rows: bool | str) -> list:
    if rows == COUNT:
        return [queryset.count() for queryset in querysets]
    return queries.rows_together(*querysets) if rows else queries.together(*querysets)


def _shape(connection, user, name, build, key, values, *, rows: bool | str) -> _Shape:
    """The shape compiled for these arguments (compiled now on a miss; checked against a
    fresh build on a reuse under PREPARED_QUERIES_VERIFY)."""
    full_key = _key(connection, name, key, rows, access.fingerprint(user), values)
    shape = _cache.get(full_key)
    if shape is None:
        shape = _prepare(build, values, SimpleNamespace(**values), rows=rows, name=name)
        _cache.put(full_key, shape)
    elif shape.parts is not None and getattr(settings, "PREPARED_QUERIES_VERIFY", False):
        _verify(shape, build(SimpleNamespace(**values)), values, name=name, rows=rows)
    return shape


def _run(user, name, build, key, values, *, rows: bool | str):
    connection = connections["default"]
    if connection.vendor != "postgresql":
        return _plain(build(SimpleNamespace(**values)), rows=rows)
    shape = _shape(connection, user, name, build, key, values, rows=rows)
    if shape.parts is None:
        return _plain(build(SimpleNamespace(**values)), rows=rows)
    return _batch(connection, [(shape.parts, rows)], values)[0]


def queryset(user, name: str, build: Callable, /, *, key: tuple = ()) -> QuerySet:
    """`build()`, a queryset the caller narrows further (a list's filters, order and page),
    built once per user, shape and day: each call gets its own copy of the one built. On the
    first call it is built twice and compiled: if the two differ (it reads the clock) it is
    built every time. Under PREPARED_QUERIES_VERIFY every reuse is compared with a fresh
    build, as the shapes are."""
    connection = connections["default"]
    full_key = _key(connection, name, key, False, access.fingerprint(user), {})
    built = _querysets.get(full_key)
    verify = getattr(settings, "PREPARED_QUERIES_VERIFY", False)
    if built is None:
        first, second = build(), build()
        built = first if _sql_of(first) == _sql_of(second) else False
        _querysets.put(full_key, built)
        if built is False:
            logger.warning(
                "Queryset %r is built every time: it differs from one build to the next.", name
            )
    elif built is not False and verify and _sql_of(built) != _sql_of(build()):
        raise ShapeMismatchError(f"{name!r}: the queryset built now differs from the one kept")
    return build() if built is False else built._chain()


def _sql_of(queryset: QuerySet) -> tuple:
    try:
        sql, params = queryset._chain().query.sql_with_params()
    except EmptyResultSet:
        return ("", ())
    return sql, tuple((type(value), value) for value in params)


def prefetch(user, requests: list[tuple[str, tuple, bool]]) -> dict:
    """The results of shapes (name, key, rows?) of `user` that take no values and are
    already compiled, all read in one round trip: {request: what `together` (or
    `rows_together` when rows?) gives}. Shapes not compiled yet are left out: the caller runs
    them as usual. A page that runs the same shapes on every visit (My work) reads them
    all at once this way; it passes each builder to `check` under the test settings."""
    connection = connections["default"]
    if connection.vendor != "postgresql" or not requests:
        return {}
    fingerprint = access.fingerprint(user)
    found = []
    for request in requests:
        name, key, rows = request
        shape = _cache.get(_key(connection, name, key, rows, fingerprint, {}))
        if shape is not None and shape.parts is not None:
            found.append((request, shape))
    if not found:
        return {}
    results = _batch(connection, [(shape.parts, request[2]) for request, shape in found], {})
    return {request: result for (request, _), result in zip(found, results, strict=True)}


def check(
    user, name: str, build: Callable, /, *, key: tuple = (), rows: bool | str = False
) -> None:
    """Under PREPARED_QUERIES_VERIFY, that a prefetched shape is what `build` compiles to."""
    if not getattr(settings, "PREPARED_QUERIES_VERIFY", False):
        return
    connection = connections["default"]
    full_key = _key(connection, name, key, rows, access.fingerprint(user), {})
    shape = _cache.get(full_key)
    if shape is not None and shape.parts is not None:
        _verify(shape, build(SimpleNamespace()), {}, name=name, rows=rows)


def _stand_in(value, side: int, index: int):
    """A value of the same type no real record or date has, different on each side."""
    if isinstance(value, bool):
        raise TypeError("A true or false value decides a query's shape: put it in the key.")
    if isinstance(value, uuid.UUID):
        return uuid.UUID(int=(0x9E3779B97F4A7C15 << 64) + side * 1_000 + index)
    if isinstance(value, int):
        return -(10**15) - side * 1_000 - index
    if isinstance(value, datetime.datetime):
        return datetime.datetime(1901 + side, 1, 1 + index, tzinfo=datetime.UTC)
    if isinstance(value, datetime.date):
        return datetime.date(1901 + side, 1, 1 + index)
    if isinstance(value, str):
        return f"\u2063stand-in {side} {index}\u2063"
    raise TypeError(f"{type(value).__name__} is not a parameter a shape can take.")


def _compile(queryset: QuerySet, *, rows: bool | str) -> tuple[QuerySet, object | None, str, list]:
    if queryset._known_related_objects:
        raise TypeError(
            "A queryset from a record's relations attaches that record to its rows: "
            "build it from Model.objects with the record's id as a value."
        )
    clone = queryset._chain()
    compiler = clone.query.get_compiler(using=clone.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return clone, None, "", []
    if rows:
        sql = (queries.count_statement if rows == COUNT else queries.rows_statement)(sql)
    return clone, compiler, sql, list(params)


def _prepare(build, values: dict, real, *, rows: bool | str, name: str) -> _Shape:
    names = sorted(values)
    sides = [
        {key: _stand_in(values[key], side, index) for index, key in enumerate(names)}
        for side in (0, 1)
    ]
    first = [_compile(q, rows=rows) for q in build(SimpleNamespace(**sides[0]))]
    second = [_compile(q, rows=rows) for q in build(SimpleNamespace(**sides[1]))]
    slots = {(repr(sides[0][key]), repr(sides[1][key])): _Slot(key) for key in names}
    parts = []
    problem = None
    if len(first) != len(second):
        problem = "the stand-ins built a different number of querysets"
    for (queryset, compiler, sql, params), (_, _, other_sql, other_params) in zip(
        first, second, strict=False
    ):
        if sql != other_sql or len(params) != len(other_params):
            problem = "a value changed the SQL itself"
            break
        template = []
        for one, other in zip(params, other_params, strict=True):
            if one == other and type(one) is type(other):
                template.append(one)
            elif (slot := slots.get((repr(one), repr(other)))) is not None:
                template.append(slot)
            else:
                problem = "a parameter was worked out from a value"
                break
        parts.append(_Part(queryset, compiler, sql, template))
    if problem is None:
        try:
            _verify(_Shape(parts), build(real), values, name=name, rows=rows)
        except ShapeMismatchError as mismatch:
            problem = str(mismatch)
    if problem is not None:
        logger.warning("Query shape %r is built every time: %s.", name, problem)
        if getattr(settings, "PREPARED_QUERIES_VERIFY", False):
            raise ShapeMismatchError(f"Query shape {name!r} cannot be reused: {problem}.")
        return _Shape(None)
    return _Shape(parts)


def _filled(part: _Part, values: dict) -> list:
    return [values[item.name] if isinstance(item, _Slot) else item for item in part.template]


def _verify(shape: _Shape, querysets: list, values: dict, *, name: str, rows: bool | str) -> None:
    built = [_compile(q, rows=rows) for q in querysets]
    if len(built) != len(shape.parts):
        raise ShapeMismatchError(f"{name!r}: a different number of querysets")
    for number, (part, (_, _, sql, params)) in enumerate(zip(shape.parts, built, strict=True)):
        expected = _filled(part, values)
        if sql != part.sql or [(type(p), p) for p in params] != [(type(p), p) for p in expected]:
            raise ShapeMismatchError(
                f"{name!r}: queryset {number + 1} compiles to other SQL or parameters than "
                "its shape (a key misses something it depends on)"
            )


def _batch(connection, items: list[tuple[list[_Part], bool]], values: dict) -> list[list]:
    """Each item's results (its parts' records, or with rows? their rows), every statement
    of every item sent in one request."""
    session = _Session(connection)
    statements, params = [], []
    for parts, rows in items:
        sent = [part for part in parts if part.compiler is not None]
        for unit in ([sent] if sent else []) if rows else [[part] for part in sent]:
            sql, unit_params = session.statement(unit, values, rows=rows)
            statements.append(sql)
            params.extend(unit_params)
    results = []
    with connection.cursor() as cursor:
        if statements:
            session.run(cursor, "; ".join(statements), params)
        first = True
        for parts, rows in items:
            if rows:
                nothing = 0 if rows == COUNT else []
                if not any(part.compiler is not None for part in parts):
                    results.append([nothing for _ in parts])
                    continue
                _next_rows(cursor, first=first)
                first = False
                found = iter(cursor.fetchone())
                results.append(
                    [
                        (
                            next(found)
                            if rows == COUNT
                            else [tuple(row.values()) for row in next(found)]
                        )
                        if part.compiler is not None
                        else nothing
                        for part in parts
                    ]
                )
                continue
            item = []
            for part in parts:
                if part.compiler is None:  # selects nothing: no statement was sent
                    item.append([])
                    continue
                _next_rows(cursor, first=first)
                first = False
                item.append(_iterated(part, cursor.fetchall()))
            results.append(item)
    return results


def _iterated(part: _Part, found: list) -> list:
    """What iterating the part's queryset gives, from its statement's rows."""
    compiler = copy.copy(part.compiler)
    if compiler.has_extra_select:
        found = [row[: compiler.col_count] for row in found]
    return queries.as_iterated(part.queryset._chain(), compiler, found)


def _next_rows(cursor, *, first: bool) -> None:
    """Move to the next result with rows (a PREPARE sent before an EXECUTE has none)."""
    if not first:
        cursor.cursor.nextset()
    while cursor.description is None and cursor.cursor.nextset():
        pass


# --- Statements prepared in the database session -----------------------------------------
# A shape's SQL is the same on every visit, so PostgreSQL can plan it once per session too
# (planning the access conditions' subqueries costs about as much as running them). The
# first time a session runs a statement it is sent as PREPARE then EXECUTE in the same
# request (no round trip of its own), its constants written in, so that its plan knows them
# as a plan of the plain SQL would (partial indexes, statistics), and only the shape's
# values as typed parameters; afterwards as EXECUTE alone. Off with PREPARED_STATEMENTS =
# False (behind a connection pooler that does not keep sessions).

SESSION_STATEMENTS = 200  # past this many in one session, they are all dropped and begun again
_TYPES = (
    (bool, "boolean"),
    (int, "bigint"),
    (float, "double precision"),
    (decimal.Decimal, "numeric"),
    (str, "text"),
    (uuid.UUID, "uuid"),
    (datetime.datetime, "timestamptz"),
    (datetime.date, "date"),
)
_PLACEHOLDER = re.compile(r"%%|%s")


@dataclass
class _Prepared:
    name: str
    statement: str  # PREPARE …
    slots: list[str]  # the values, in the order of $1, $2, …


class _Session:
    """The statements this database session holds, kept on the driver's connection object
    (a new connection starts with none). After a failed request the session is asked which
    it holds, since a PREPARE stays even when what follows it fails."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.enabled = getattr(settings, "PREPARED_STATEMENTS", True)
        self.preparing: list[str] = []
        if self.enabled:
            connection.ensure_connection()
            self.driver = connection.connection
            self.held = getattr(self.driver, "_prevent_prepared", None)

    def statement(self, parts: list[_Part], values: dict, *, rows: bool | str) -> tuple[str, list]:
        sql = f"SELECT {', '.join(part.sql for part in parts)}" if rows else parts[0].sql
        params = [value for part in parts for value in _filled(part, values)]
        if not self.enabled:
            return sql, params
        memo = parts[0].__dict__.setdefault("_prepared", {})
        if rows not in memo:
            memo[rows] = _preparable(self.driver, parts, values, rows=rows)
        prepared = memo[rows]
        if prepared is None:
            return sql, params
        held = self._held()
        arguments = f"({', '.join(['%s'] * len(prepared.slots))})" if prepared.slots else ""
        execute = f"EXECUTE {prepared.name}{arguments}"
        if prepared.name not in held and prepared.name not in self.preparing:
            # Sent with parameters: the statement's own % signs are written %%.
            prepare = prepared.statement.replace("%", "%%")
            if len(held) + len(self.preparing) >= SESSION_STATEMENTS:
                prepare = f"DEALLOCATE ALL; {prepare}"
                held.clear()
                self.preparing = []
            execute = f"{prepare}; {execute}"
            self.preparing.append(prepared.name)
        return execute, [values[name] for name in prepared.slots]

    def _held(self) -> set[str]:
        if self.held is None:
            with self.connection.cursor() as cursor:
                cursor.execute("SELECT name FROM pg_prepared_statements")
                self.held = self.driver._prevent_prepared = {name for (name,) in cursor}
        return self.held

    def run(self, cursor, sql: str, params: list) -> None:
        try:
            cursor.execute(sql, params)
        except DatabaseError:
            if self.enabled:  # which statements it holds is not known: ask it next time
                self.driver._prevent_prepared = None
            raise
        if self.enabled and self.preparing:
            self.held.update(self.preparing)


def _preparable(driver, parts: list[_Part], values: dict, *, rows: bool | str) -> _Prepared | None:
    """The PREPARE for `parts` (one statement): constants written in as the driver writes
    them, the shape's values as $1, $2, … of their types; None when a value has no type
    here."""
    slots: list[str] = []

    def written(part: _Part) -> str:
        items = iter(part.template)

        def replace(match) -> str:
            if match.group() == "%%":
                return "%"
            item = next(items)
            if isinstance(item, _Slot):
                if item.name not in slots:
                    slots.append(item.name)
                return f"${slots.index(item.name) + 1}"
            return psycopg_sql.Literal(item).as_string(driver)

        return _PLACEHOLDER.sub(replace, part.sql)

    texts = [written(part) for part in parts]
    text = f"SELECT {', '.join(texts)}" if rows else texts[0]
    types = [
        next((name for kind, name in _TYPES if isinstance(values[slot], kind)), None)
        for slot in slots
    ]
    if None in types:
        return None
    declared = f" ({', '.join(types)})" if types else ""
    digest = hashlib.sha256(f"{declared}{text}".encode()).hexdigest()[:24]
    name = f"prevent_{digest}"
    return _Prepared(name, f"PREPARE {name}{declared} AS {text}", slots)
