"""Match, MatchFeedback and MatchAlert move here from the opportunities app.

Only Django's picture of the models moves (state_operations): the tables keep their
names and rows, so nothing is copied. The content types are relabelled too, so the
admin's history and any permission granted on them follow the models.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ["match", "matchfeedback", "matchalert"]


def relabel(old, new):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        taken = set(
            ContentType.objects.filter(app_label=new, model__in=MODELS).values_list(
                "model", flat=True
            )
        )
        ContentType.objects.filter(app_label=old, model__in=set(MODELS) - taken).update(
            app_label=new
        )

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0002_invitations_interests_contact"),
        ("assets", "0002_access_models"),
        ("opportunities", "0007_curators_moderate_opportunities"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Match',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('target_type', models.CharField(choices=[('organisation', 'Organisation'), ('asset', 'Asset'), ('opportunity', 'Opportunity')], max_length=12)),
                        ('target_key', models.CharField(editable=False, max_length=40)),
                        ('score', models.FloatField()),
                        ('reasons', models.JSONField(default=list)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('opportunity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='matches', to='opportunities.opportunity')),
                        ('target_asset', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='matches', to='assets.asset')),
                        ('target_opportunity', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='matched_by', to='opportunities.opportunity')),
                        ('target_organisation', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='matches', to='accounts.organisation')),
                    ],
                    options={
                        'verbose_name_plural': 'matches',
                        'ordering': ['-score', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MatchAlert',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('target_key', models.CharField(max_length=40)),
                        ('sent_at', models.DateTimeField(auto_now_add=True)),
                        ('opportunity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='opportunities.opportunity')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sent_match_alerts', to=settings.AUTH_USER_MODEL)),
                    ],
                ),
                migrations.CreateModel(
                    name='MatchFeedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('target_key', models.CharField(max_length=40)),
                        ('verdict', models.CharField(choices=[('useful', 'Useful'), ('not_relevant', 'Not relevant')], max_length=12)),
                        ('score', models.FloatField()),
                        ('reasons', models.JSONField(default=list)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('match', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='feedback', to='matching.match')),
                        ('opportunity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='match_feedback', to='opportunities.opportunity')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='match_feedback', to=settings.AUTH_USER_MODEL)),
                    ],
                ),
                migrations.AddIndex(
                    model_name='match',
                    index=models.Index(fields=['target_type', '-score'], name='opportuniti_target__b14f42_idx'),
                ),
                migrations.AddConstraint(
                    model_name='match',
                    constraint=models.UniqueConstraint(condition=models.Q(('target_organisation__isnull', False)), fields=('opportunity', 'target_organisation'), name='one_match_per_opportunity_organisation'),
                ),
                migrations.AddConstraint(
                    model_name='match',
                    constraint=models.UniqueConstraint(condition=models.Q(('target_asset__isnull', False)), fields=('opportunity', 'target_asset'), name='one_match_per_opportunity_asset'),
                ),
                migrations.AddConstraint(
                    model_name='match',
                    constraint=models.UniqueConstraint(condition=models.Q(('target_opportunity__isnull', False)), fields=('opportunity', 'target_opportunity'), name='one_match_per_opportunity_pair'),
                ),
                migrations.AddConstraint(
                    model_name='matchalert',
                    constraint=models.UniqueConstraint(fields=('user', 'opportunity', 'target_key'), name='one_alert_per_match'),
                ),
                migrations.AddConstraint(
                    model_name='matchfeedback',
                    constraint=models.UniqueConstraint(fields=('user', 'opportunity', 'target_key'), name='one_feedback_per_match'),
                ),
                migrations.AddField(
                    model_name='match',
                    name='target_reasons',
                    field=models.JSONField(default=list, help_text="Why, for the target's people."),
                ),
                migrations.AlterField(
                    model_name='match',
                    name='reasons',
                    field=models.JSONField(default=list, help_text="Why, for the opportunity's people."),
                ),
                migrations.AlterModelTable(name='match', table='opportunities_match'),
                migrations.AlterModelTable(name='matchfeedback', table='opportunities_matchfeedback'),
                migrations.AlterModelTable(name='matchalert', table='opportunities_matchalert'),
            ],
        ),
        migrations.RunPython(relabel("opportunities", "matching"), relabel("matching", "opportunities")),
    ]
