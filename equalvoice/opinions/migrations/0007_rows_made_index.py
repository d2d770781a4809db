"""An index on (conversation, created_at, id) for participants and statements (issue 25):
each incremental results update counts and sums the ids of a conversation's rows made
before a time, to see that none was deleted; with this index that is read from the
index alone (a range of it), and the few rows made since are found without a scan of
the conversation's rows (docs/opinions.md, "The incremental path")."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('opinions', '0006_results_storage'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='participant',
            index=models.Index(fields=['conversation', 'created_at', 'id'], name='opinions_participant_made'),
        ),
        migrations.AddIndex(
            model_name='statement',
            index=models.Index(fields=['conversation', 'created_at', 'id'], name='opinions_statement_made'),
        ),
    ]
