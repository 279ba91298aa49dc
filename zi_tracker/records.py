"""Records the database itself keeps append-only: triggers on PostgreSQL and SQLite.

The models refuse save() on an existing record and delete(), but a queryset's update()
and delete(), the admin's bulk actions or a raw SQL statement pass them by. A trigger on
each record table refuses what the app never does: any change to a column of a record's
provenance, a change of status the app has no method for, and every DELETE.

Each app describes its record tables with a `RecordRules` and installs them in a migration
(`install_rules`); `ensure_installed` runs after every migrate, because SQLite rebuilds a
table (and drops its triggers) when a later migration alters it.

`records_unlocked()` lifts the guard inside one transaction, for the one operation that
must empty record tables: `flush` (tests, and an administrator's deliberate reset or
restore --force). On PostgreSQL TRUNCATE, which `flush` uses, fires no row trigger.
"""

import contextlib
from dataclasses import dataclass

from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.migrations.recorder import MigrationRecorder

# PostgreSQL: a setting local to the transaction. SQLite: a function each connection of
# this app registers; any other client (the sqlite3 shell) lacks it, so its writes fail.
PG_SETTING = "zi_tracker.records_unlocked"
SQLITE_FUNCTION = "zi_records_unlocked"


@dataclass(frozen=True)
class RecordRules:
    """What may happen to the rows of one table after they are written.

    `frozen`: columns that never change. `mutable`: columns that change only with an
    allowed transition of `state` (old value, new value); None means no column changes.
    """

    table: str
    frozen: tuple[str, ...] = ()
    state: str = ""
    transitions: tuple[tuple[str | None, str | None], ...] = ()
    mutable: tuple[str, ...] = ()
    updatable: bool = True

    @property
    def name(self):
        return f"zi_record_{self.table}"

    def violation(self, vendor):
        """A SQL condition, true when an UPDATE breaks these rules."""
        if not self.updatable:
            return "1 = 1"
        differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
        changed = [f"NEW.{c} {differs} OLD.{c}" for c in self.frozen]
        if self.state:
            moved_state = f"NEW.{self.state} {differs} OLD.{self.state}"
            allowed = " OR ".join(
                f"({_is('OLD', self.state, old)} AND {_is('NEW', self.state, new)})"
                for old, new in self.transitions
            )
            changed.append(f"({moved_state} AND NOT ({allowed or '1 = 0'}))")
            if self.mutable:
                moved = " OR ".join(f"NEW.{c} {differs} OLD.{c}" for c in self.mutable)
                changed.append(f"(NOT ({moved_state}) AND ({moved}))")
        return " OR ".join(changed) or "1 = 0"


def _is(row, column, value):
    if value is None:
        return f"{row}.{column} IS NULL"
    if value == "*":
        return f"{row}.{column} IS NOT NULL"
    return f"{row}.{column} = '{value}'"


def _postgresql_sql(rules):
    message = f"{rules.table} holds records: this change is refused"
    return [
        f"""
        CREATE OR REPLACE FUNCTION {rules.name}() RETURNS trigger AS $$
        BEGIN
            IF coalesce(current_setting('{PG_SETTING}', true), '') = 'on' THEN
                RETURN coalesce(NEW, OLD);
            END IF;
            IF TG_OP = 'DELETE' OR ({rules.violation("postgresql")}) THEN
                RAISE EXCEPTION '{message} (%)', TG_OP
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql
        """,
        f"DROP TRIGGER IF EXISTS {rules.name} ON {rules.table}",
        f"""
        CREATE TRIGGER {rules.name} BEFORE UPDATE OR DELETE ON {rules.table}
        FOR EACH ROW EXECUTE FUNCTION {rules.name}()
        """,
    ]


def _sqlite_sql(rules):
    message = f"{rules.table} holds records: this change is refused"
    guard = f"NOT {SQLITE_FUNCTION}()"
    return [
        *_drop_sql(rules, "sqlite"),
        f"""
        CREATE TRIGGER {rules.name}_update BEFORE UPDATE ON {rules.table}
        FOR EACH ROW WHEN {guard} AND ({rules.violation("sqlite")})
        BEGIN SELECT RAISE(ABORT, '{message} (UPDATE)'); END
        """,
        f"""
        CREATE TRIGGER {rules.name}_delete BEFORE DELETE ON {rules.table}
        FOR EACH ROW WHEN {guard}
        BEGIN SELECT RAISE(ABORT, '{message} (DELETE)'); END
        """,
    ]


def _drop_sql(rules, vendor):
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {rules.name} ON {rules.table}",
            f"DROP FUNCTION IF EXISTS {rules.name}()",
        ]
    return [f"DROP TRIGGER IF EXISTS {rules.name}_{op}" for op in ("update", "delete")]


def _run(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install_rules(connection, *all_rules):
    """Create (or replace) the triggers for these tables. Other databases are left alone."""
    builders = {"postgresql": _postgresql_sql, "sqlite": _sqlite_sql}
    build = builders.get(connection.vendor)
    if build is None:
        return
    for rules in all_rules:
        _run(connection, build(rules))


def drop_rules(connection, *all_rules):
    if connection.vendor in ("postgresql", "sqlite"):
        for rules in all_rules:
            _run(connection, _drop_sql(rules, connection.vendor))


def migration_operations(*all_rules):
    """The forward and backward functions of a RunPython that installs these rules."""

    def forward(apps, schema_editor):
        install_rules(schema_editor.connection, *all_rules)

    def backward(apps, schema_editor):
        drop_rules(schema_editor.connection, *all_rules)

    return forward, backward


# Filled by each app's AppConfig.ready(): (app label, migration name, rules).
REGISTRY = []


def register(app_label, migration, *all_rules):
    REGISTRY.append((app_label, migration, all_rules))


def ensure_installed(sender, using="default", **kwargs):
    """post_migrate: re-create the app's triggers with today's rules, once its migration
    installed them (a later table rebuild on SQLite drops them)."""
    connection = connections[using]
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return
    applied = recorder.applied_migrations()
    for app_label, migration, all_rules in REGISTRY:
        if app_label == sender.label and (app_label, migration) in applied:
            install_rules(connection, *all_rules)


@contextlib.contextmanager
def records_unlocked(using="default"):
    """Let record rows change or go, inside one transaction: for `flush` only."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            _run(connection, [f"SELECT set_config('{PG_SETTING}', 'on', true)"])
        connection.zi_records_unlocked = True
        try:
            yield
        finally:
            connection.zi_records_unlocked = False
            if connection.vendor == "postgresql" and not connection.needs_rollback:
                _run(connection, [f"SELECT set_config('{PG_SETTING}', 'off', true)"])


def _register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 0, lambda: int(getattr(connection, "zi_records_unlocked", False))
        )


connection_created.connect(_register_sqlite_function, dispatch_uid="zi_records_unlocked")
