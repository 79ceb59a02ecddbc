"""The move of the match tables from the opportunities app keeps every row."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("opportunities", "0008_text_length_limits"), ("matching", None)]
AFTER = [("opportunities", "0009_matches_move_to_matching_app"), ("matching", "0001_initial")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.fixture
def back_to_the_latest_afterwards():
    yield
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migrating_a_database_with_matches_keeps_them_and_their_history(
    back_to_the_latest_afterwards,
):
    from accounts.tests.factories import OrganisationFactory, UserFactory
    from opportunities.tests.factories import OpportunityFactory

    opportunity = OpportunityFactory()
    organisation = OrganisationFactory()
    user = UserFactory()
    old = migrate(BEFORE)
    ContentType = old.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="matching").delete()
    old_type = ContentType.objects.get_or_create(app_label="opportunities", model="match")[0]
    OldMatch = old.get_model("opportunities", "Match")
    match = OldMatch.objects.create(
        opportunity_id=opportunity.pk,
        target_type="organisation",
        target_organisation_id=organisation.pk,
        target_key=f"organisation:{organisation.pk}",
        score=2.5,
        reasons=["they offer what you need: assays"],
    )
    old.get_model("opportunities", "MatchFeedback").objects.create(
        match=match,
        user_id=user.pk,
        opportunity_id=opportunity.pk,
        target_key=match.target_key,
        verdict="useful",
        score=2.5,
    )

    new = migrate(AFTER)

    Match = new.get_model("matching", "Match")
    moved = Match.objects.get(pk=match.pk)
    assert moved.score == 2.5 and moved.reasons == ["they offer what you need: assays"]
    assert moved.target_organisation_id == organisation.pk
    assert new.get_model("matching", "MatchFeedback").objects.get().match_id == match.pk
    # The admin's history and permissions follow the model: its content type is relabelled.
    relabelled = new.get_model("contenttypes", "ContentType").objects.get(pk=old_type.pk)
    assert (relabelled.app_label, relabelled.model) == ("matching", "match")

    from matching.models import Match as CurrentMatch

    assert CurrentMatch.objects.filter(pk=match.pk).exists()
    # Leave the database as the other tests expect it: every migration applied.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
