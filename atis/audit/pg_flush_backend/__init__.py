"""A PostgreSQL backend for the test suite only (atis/test_settings.py): Django's test flush
(TransactionTestCase, live_server) TRUNCATEs every table, which the audit tables' triggers
refuse; this backend marks that one transaction as a test flush. The triggers honour the
mark only in a database named `test_...` (atis/audit/migrations/0004)."""
