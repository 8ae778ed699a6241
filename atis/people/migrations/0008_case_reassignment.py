"""Case reassignment (issue 14): an ended assignment stays as history (`ended_at`,
`ended_by`), the one replacing it keeps the reason given (encrypted, so bound to the row by
a row key), and each new assignee gets an `AssignmentNotice`.

The row keys of the existing assignments (one per person: a million at scale) are filled
in one statement on PostgreSQL and in batches elsewhere, rather than row by row as
`atis.core.migration_ops.add_row_keys` does; a callable default in AddField would give
every old row the same key."""

import atis.core.fields
import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


BATCH = 2000


def fill_row_keys(apps, schema_editor):
    """A distinct row key for each existing assignment."""
    model = apps.get_model("people", "CaseAssignment")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"UPDATE {model._meta.db_table} SET row_key = gen_random_uuid() "
                              "WHERE row_key IS NULL")
        return
    pending = model._base_manager.filter(row_key__isnull=True).order_by("pk")
    while ids := list(pending.values_list("pk", flat=True)[:BATCH]):
        model._base_manager.bulk_update([model(pk=pk, row_key=uuid.uuid4()) for pk in ids],
                                        ["row_key"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0007_audit_number_sequences'),
        ('people', '0007_birth_year_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AssignmentNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='created at')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
            ],
            options={
                'verbose_name': 'assignment notice',
                'verbose_name_plural': 'assignment notices',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='caseassignment',
            name='ended_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='ended at'),
        ),
        migrations.AddField(
            model_name='caseassignment',
            name='ended_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ended by'),
        ),
        migrations.AddField(
            model_name='caseassignment',
            name='reason',
            field=atis.core.fields.EncryptedTextField(blank=True, max_length=1000, null=True, verbose_name='reason for the reassignment'),
        ),
        migrations.AddField(
            model_name='caseassignment',
            name='row_key',
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_row_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='caseassignment',
            name='row_key',
            field=atis.core.fields.RowKeyField(default=uuid.uuid4, editable=False, verbose_name='row key'),
        ),
        migrations.AddConstraint(
            model_name='caseassignment',
            constraint=models.CheckConstraint(condition=models.Q(('ended_at__isnull', True), ('active', False), _connector='OR'), name='ended_assignment_is_inactive'),
        ),
        migrations.AddField(
            model_name='assignmentnotice',
            name='assignment',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notices', to='people.caseassignment'),
        ),
        migrations.AddField(
            model_name='assignmentnotice',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignment_notices', to=settings.AUTH_USER_MODEL, verbose_name='recipient'),
        ),
        migrations.AddIndex(
            model_name='assignmentnotice',
            index=models.Index(fields=['user', 'read_at', '-created_at'], name='people_notice_inbox'),
        ),
        migrations.AddConstraint(
            model_name='assignmentnotice',
            constraint=models.UniqueConstraint(fields=('assignment', 'user'), name='one_notice_per_assignee'),
        ),
    ]
