"""Match, MatchFeedback and MatchAlert now belong to the matching app (its 0001).

State only: the tables (opportunities_match, ...) and their rows stay where they are.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0007_curators_moderate_opportunities"),
        ("matching", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="MatchFeedback"),
                migrations.DeleteModel(name="MatchAlert"),
                migrations.DeleteModel(name="Match"),
            ],
        ),
    ]
