from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        statements = super().sql_flush(style, tables, reset_sequences=reset_sequences,
                                       allow_cascade=allow_cascade)
        if not statements:
            return statements
        # Transaction-local: execute_sql_flush runs the list in one atomic block.
        return ["SET LOCAL atis.allow_audit_truncate = 'on'", *statements]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
