"""The incremental results path (docs/opinions.md, "The incremental path"): an update
reads only the votes cast or changed since the last one and applies them to the matrix
the process kept. After any sequence of updates, the matrix and every count equal a
rebuild's from every vote; a vote whose transaction committed late is still counted;
each change a new-votes read cannot see asks for a rebuild; `equalvoice opinions
rebuild` forces one; on real conversations the groups agree with a rebuild's."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from equalvoice.core import actions as core_actions
from equalvoice.core.models import Perspective, User
from equalvoice.opinions import actions, results
from equalvoice.opinions.engine import (
    State,
    Votes,
    adjusted_rand_index,
    analyse,
    pca,
    read_polis_export,
)
from equalvoice.opinions.engine import matrix as matrix_module
from equalvoice.opinions.engine.matrix import KeptVotes
from equalvoice.opinions.models import Conversation, Participant, ResultsPeople, Statement, Vote
from equalvoice.opinions.people import pack, unpack

from .. import factories
from ..conftest import World
from .conftest import voters as _voters

FIXTURES = Path(__file__).parent / "fixtures" / "conversations"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "polis" / "conversations"
# `starts`: the row starts, kept up to date by `with_votes`, worked out afresh by `from_votes`.
ARRAYS = ("participant_ids", "statement_ids", "rows", "cols", "values", "starts")
PAIR_SUMS = ("products", "values", "both")


def _same_arrays(a: KeptVotes, b: KeptVotes) -> bool:
    return all(np.array_equal(getattr(a, name), getattr(b, name)) for name in ARRAYS)


def _same_pairs(a: KeptVotes, b: KeptVotes) -> bool:
    assert a.pairs is not None and b.pairs is not None
    return all(np.array_equal(getattr(a.pairs, n), getattr(b.pairs, n)) for n in PAIR_SUMS)


def _pairs_by_hand(kept: KeptVotes) -> tuple[Any, Any, Any]:
    """The pair sums from the dense value and voted-or-not matrices: VᵀV, MᵀV, MᵀM."""
    shape = (len(kept.participant_ids), len(kept.statement_ids))
    v, m = np.zeros(shape, dtype=np.int64), np.zeros(shape, dtype=np.int64)
    v[kept.rows, kept.cols] = kept.values
    m[kept.rows, kept.cols] = 1
    return v.T @ v, m.T @ v, m.T @ m


def _without_timings(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "timings"}


# The engine: kept votes ------------------------------------------------------------------

triples = st.lists(
    st.tuples(st.integers(1, 9), st.integers(1, 7), st.sampled_from([-1, 0, 1])),
    max_size=40,
)


@given(st.lists(triples, min_size=1, max_size=6))
@settings(max_examples=150)
def test_kept_votes_after_any_batches_equal_the_votes_laid_out_afresh(
    batches: list[list[tuple[int, int, int]]],
) -> None:
    kept = KeptVotes.from_votes(Votes.from_triples(batches[0]))
    for batch in batches[1:]:
        kept = kept.with_votes(Votes.from_triples(batch))
    every = Votes.from_triples([t for batch in batches for t in batch])
    assert _same_arrays(kept, KeptVotes.from_votes(every))
    # The pair sums, kept up to date from the rows that changed, equal them worked out
    # afresh and by hand, exactly.
    assert _same_pairs(kept, KeptVotes.from_votes(every))
    assert kept.pairs is not None
    for mine, theirs in zip(
        (kept.pairs.products, kept.pairs.values, kept.pairs.both),
        _pairs_by_hand(kept),
        strict=True,
    ):
        assert np.array_equal(mine, theirs)
    # Applying a batch again (an overlap read) changes nothing.
    again = kept.with_votes(Votes.from_triples(batches[-1]))
    assert _same_arrays(again, kept) and _same_pairs(again, kept)
    if len(every):
        statements = list(range(1, 8))
        assert _without_timings(analyse(kept, statements=statements).to_dict()) == (
            _without_timings(analyse(every, statements=statements).to_dict())
        )


@given(
    st.lists(
        st.tuples(st.integers(1, 12), st.integers(1, 9), st.sampled_from([-1, 0, 1])),
        max_size=90,
    ),
    st.integers(0, 4),
)
@settings(max_examples=100)
def test_pair_sums_of_busy_voters_summed_densely_equal_them_by_hand(
    triples_: list[tuple[int, int, int]], dense_after: int
) -> None:
    # People with more than `dense_after` votes are summed as dense blocks (BLAS), the
    # others as sparse products; blocks of 3 people, so several blocks are summed.
    saved = matrix_module._DENSE_ROW, matrix_module._BLOCK
    matrix_module._DENSE_ROW, matrix_module._BLOCK = dense_after, 3
    try:
        kept = KeptVotes.from_votes(Votes.from_triples(triples_))
    finally:
        matrix_module._DENSE_ROW, matrix_module._BLOCK = saved
    assert kept.pairs is not None
    for mine, theirs in zip(
        (kept.pairs.products, kept.pairs.values, kept.pairs.both),
        _pairs_by_hand(kept),
        strict=True,
    ):
        assert np.array_equal(mine, theirs)


def test_the_gram_matrix_from_pair_sums_is_that_of_the_centred_matrix() -> None:
    # 300 people with two planted opinions on 140 statements (so the components are
    # well apart), 4,000 votes.
    rng = np.random.default_rng(3)
    n = 4_000
    who, what = rng.integers(0, 300, n), rng.integers(0, 140, n)
    people, statements = rng.normal(size=(300, 2)), rng.normal(size=(140, 2)) * [2, 1]
    leaning = (people[who] * statements[what]).sum(axis=1) + rng.normal(0, 0.5, n)
    votes = Votes(who, what, np.where(np.abs(leaning) < 0.3, 0, np.sign(leaning)))
    kept = KeptVotes.from_votes(votes)
    moderated = [int(s) for s in kept.statement_ids[::7]]
    matrix, _ = kept.matrix(allowed=None, moderated=moderated)
    centred = matrix.centred()
    gram = matrix.gram()
    assert gram is not None and np.array_equal(gram, gram.T)
    dense = centred.toarray()
    assert np.allclose(gram, dense.T @ dense, rtol=0, atol=1e-9)
    # Only some statements allowed: the pair sums of the columns left.
    allowed = kept.statement_ids[kept.statement_ids % 3 != 0]
    part, ignored = kept.matrix(allowed=allowed, moderated=moderated)
    part_gram = part.gram()
    assert ignored > 0 and part_gram is not None
    dense = part.centred().toarray()
    assert np.allclose(part_gram, dense.T @ dense, atol=1e-9)
    # A large matrix's components from it are those of the sparse eigensolver.
    comps, values = pca.components(centred)
    from_gram, gram_values = pca.components(centred, gram=gram)
    assert np.allclose(values, gram_values, rtol=1e-9)
    assert np.allclose(comps, from_gram, atol=1e-7)
    warm, warm_values = pca.components(centred, warm=comps + 0.01, gram=gram)
    assert np.allclose(values, warm_values, rtol=1e-8)
    assert np.allclose(np.abs(comps @ warm.T).diagonal(), 1, atol=1e-8)


# The platform: incremental updates against rebuilds --------------------------------------


def _small_conversation(people: int, statements: int) -> tuple[Conversation, list[int], list[int]]:
    n = Conversation.objects.count()
    org = factories.organisation(name=f"Council {n}", slug=f"inc-{n}")
    group = factories.group(org)
    conversation = Conversation.objects.create(
        organisation=org, group=group, title="Small", question="Anything?"
    )
    made = Statement.objects.bulk_create(
        Statement(conversation=conversation, text=f"Statement {i}") for i in range(statements)
    )
    voters = Participant.objects.bulk_create(
        Participant(conversation=conversation, external_id=i) for i in range(people)
    )
    return conversation, [p.pk for p in voters], [s.pk for s in made]


def _check_against_rebuild(conversation_id: int) -> None:
    """One update, then the kept matrix and the saved results against a rebuild from
    every vote with the state the update started from."""
    before = Conversation.objects.get(pk=conversation_id)
    prior = before.engine_state
    done = results.refresh(conversation_id)
    assert done is not None
    kept = results._recall(conversation_id)
    assert kept is not None
    every = results.read_votes(conversation_id)
    assert _same_arrays(kept.votes, KeptVotes.from_votes(every))
    rebuilt = analyse(
        every,
        state=State.from_dict(prior) if prior else None,
        **results.analysis_inputs(done),
    )
    assert _without_timings(done.results) == _without_timings(rebuilt.to_dict(people=False))
    # Each person's place and group, kept packed beside the summary, as the rebuild's.
    stored = ResultsPeople.objects.get(conversation_id=conversation_id).packed
    maps = rebuilt.maps
    assert bytes(stored) == pack(maps.participant_ids, maps.positions, maps.group_of)
    assert unpack(stored).assignments() == rebuilt.assignments
    assert done.results_votes == len(every) == rebuilt.votes


steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("vote"), st.integers(0, 7), st.integers(0, 5), st.sampled_from([-1, 0, 1])
        ),
        st.tuples(
            st.just("late"), st.integers(0, 7), st.integers(0, 5), st.sampled_from([-1, 0, 1])
        ),
        st.tuples(st.just("withdraw person"), st.integers(0, 7)),
        st.tuples(st.just("withdraw statement"), st.integers(0, 5)),
        st.tuples(st.just("take out"), st.integers(0, 5)),
        st.just(("update",)),
    ),
    min_size=1,
    max_size=30,
)


@given(steps)
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_incremental_updates_equal_a_rebuild_after_any_votes_changes_and_withdrawals(
    db: None, plan: list[tuple[Any, ...]]
) -> None:
    conversation, people, statements = _small_conversation(8, 6)
    gone_people: set[int] = set()
    gone_statements: set[int] = set()
    for step in plan:
        kind = step[0]
        if kind in ("vote", "late"):
            _, who, what, value = step
            if people[who] in gone_people or statements[what] in gone_statements:
                continue
            # A late vote took its time before the last update read the votes, but its
            # transaction committed after: the overlap window re-reads it.
            when = timezone.now() - (timedelta(seconds=30) if kind == "late" else timedelta())
            Vote.objects.update_or_create(
                participant_id=people[who],
                statement_id=statements[what],
                defaults={"value": value, "voted_at": when},
            )
        elif kind == "withdraw person" and people[step[1]] not in gone_people:
            Participant.objects.filter(pk=people[step[1]]).delete()
            gone_people.add(people[step[1]])
        elif kind == "withdraw statement" and statements[step[1]] not in gone_statements:
            Statement.objects.filter(pk=statements[step[1]]).delete()
            gone_statements.add(statements[step[1]])
        elif kind == "take out" and statements[step[1]] not in gone_statements:
            statement = Statement.objects.get(pk=statements[step[1]])
            statement.status = Statement.Status.HIDDEN
            statement.save(update_fields=["status"])
            actions.rebuild_needed(conversation.pk)  # as statement_check does
        elif kind == "update":
            _check_against_rebuild(conversation.pk)
    _check_against_rebuild(conversation.pk)


# Which updates read what -----------------------------------------------------------------


def _shown(world: World) -> list[Statement]:
    return list(world.conversation.statements.filter(status=Statement.Status.SHOWN))


def test_an_update_after_new_votes_reads_only_them_and_counts_everything(
    world: World, reads: list[Any]
) -> None:
    pk = world.conversation.pk
    results.refresh(pk)
    assert reads == [None]
    last_read = results._recall(pk).read_at  # type: ignore[union-attr]
    first, second = _shown(world)[:2]
    for person in _voters(world, 3):
        actions.vote_cast(actor=person, statement=first, value=1)
        actions.vote_cast(actor=person, statement=second, value=-1)
    actions.vote_change(actor=world.member, statement=first, value=-1)  # was agree
    done = results.refresh(pk)
    assert done is not None
    assert reads[1] == last_read - timedelta(seconds=120)
    counts = done.results["statement_counts"][str(first.pk)]
    # The world's member first agreed; now three new agrees and the member's disagree.
    assert (counts["agree"], counts["disagree"]) == (3, 1)
    assert done.results_votes == Vote.objects.filter(participant__conversation_id=pk).count()


def test_a_vote_committed_late_is_counted_by_the_overlap_and_missed_without_it(
    world: World, settings: Any
) -> None:
    pk = world.conversation.pk
    results.refresh(pk)
    person = _voters(world, 1)[0]
    statement = _shown(world)[1]
    # The vote's transaction took its time 10 seconds before the update read the
    # votes, and committed after it (PostgreSQL, two writers at once).
    Vote.objects.create(
        participant=actions.participant_for(person, world.conversation),
        statement=statement,
        value=1,
        voted_at=results._recall(pk).read_at - timedelta(seconds=10),  # type: ignore[union-attr]
    )
    settings.EQUALVOICE_RESULTS_OVERLAP_SECONDS = 0
    missed = results.refresh(pk)
    assert missed is not None
    assert missed.results["statement_counts"][str(statement.pk)]["agree"] == 0
    # With the overlap, the next update reads it again and counts it: idempotently, so
    # reading it twice changes nothing.
    settings.EQUALVOICE_RESULTS_OVERLAP_SECONDS = 120
    for _ in range(2):
        counted = results.refresh(pk)
        assert counted is not None
        assert counted.results["statement_counts"][str(statement.pk)]["agree"] == 1
    assert counted is not None
    assert counted.results_votes == Vote.objects.filter(participant__conversation_id=pk).count()


def _epoch(world: World) -> int:
    return Conversation.objects.get(pk=world.conversation.pk).results_epoch


def test_each_change_a_new_votes_read_cannot_see_asks_for_a_full_read(
    world: World, reads: list[Any]
) -> None:
    pk = world.conversation.pk
    people = _voters(world, 2)
    first, second = _shown(world)[:2]
    for person in people:
        actions.vote_cast(actor=person, statement=first, value=1)
    results.refresh(pk)
    epoch = _epoch(world)

    def full_read_after(change: Any, *, raises_epoch: bool = True) -> None:
        nonlocal epoch
        change()
        if raises_epoch:
            assert _epoch(world) > epoch
        epoch = _epoch(world)
        del reads[:]
        done = results.refresh(pk)
        assert reads == [None]
        assert done is not None
        assert done.results_votes == Vote.objects.filter(participant__conversation_id=pk).count()

    # A statement taken out, and shown again.
    full_read_after(
        lambda: actions.statement_check(actor=world.facilitator, statement=first, show=False)
    )
    full_read_after(
        lambda: actions.statement_check(actor=world.facilitator, statement=first, show=True)
    )
    # A perspective changed.
    carers = Perspective.objects.get(organisation=world.org, name="Family carer")
    core_actions.perspectives_set(
        actor=people[0], person=people[0], organisation=world.org, perspectives=[carers]
    )
    full_read_after(
        lambda: actions.perspective_set(
            actor=people[0], conversation=world.conversation, perspective="Family carer"
        )
    )
    # Deletions, however they happen, raise no epoch (no signal): the update sees that
    # rows it read beside are gone. A person's account deleted outright takes their
    # participant and votes with it.
    full_read_after(lambda: User.objects.filter(pk=people[1].pk).delete(), raises_epoch=False)
    # A statement deleted, with its votes.
    full_read_after(lambda: Statement.objects.filter(pk=second.pk).delete(), raises_epoch=False)
    # A participant deleted.
    full_read_after(
        lambda: Participant.objects.filter(conversation_id=pk, person=people[0]).delete(),
        raises_epoch=False,
    )
    # And a new vote alone does not.
    actions.vote_cast(actor=world.member, statement=first, value=0)
    assert _epoch(world) == epoch
    del reads[:]
    results.refresh(pk)
    assert reads and reads[0] is not None


def test_a_participant_deleted_and_another_joining_between_updates_means_a_full_read(
    world: World, reads: list[Any]
) -> None:
    """As many participants as before, but not the same ones: the kept matrix must not
    be used, or the deleted participant's votes would still count."""
    pk = world.conversation.pk
    people = _voters(world, 3)
    first = _shown(world)[0]
    for person in people[:2]:
        actions.vote_cast(actor=person, statement=first, value=1)
    results.refresh(pk)
    Participant.objects.filter(conversation_id=pk, person=people[0]).delete()
    actions.vote_cast(actor=people[2], statement=first, value=-1)
    del reads[:]
    done = results.refresh(pk)
    assert reads == [None]
    assert done is not None
    on_first = Vote.objects.filter(statement=first)
    assert done.results_votes == Vote.objects.filter(participant__conversation_id=pk).count()
    counts = done.results["statement_counts"][str(first.pk)]
    assert counts["agree"] == on_first.filter(value=1).count()
    assert counts["disagree"] == on_first.filter(value=-1).count() == 1
    assert not on_first.filter(participant__person=people[0]).exists()


def test_a_participant_committed_late_below_the_highest_id_needs_no_full_read(
    world: World, reads: list[Any]
) -> None:
    """Many people joining at once commit out of the order of their ids: a participant
    whose row arrives after an update read, with an id below the highest that update
    saw, only adds. The update stays incremental and counts their votes."""
    pk = world.conversation.pk
    people = _voters(world, 4)
    first = _shown(world)[0]
    for person in people[:2]:
        actions.vote_cast(actor=person, statement=first, value=1)
    # people[2]'s participant takes an id now, but commits only after the next read:
    # made here, set aside, and put back with the same id after that read.
    actions.vote_cast(actor=people[2], statement=first, value=-1)
    late = Participant.objects.get(conversation_id=pk, person=people[2])
    late_votes = list(Vote.objects.filter(participant=late).values("statement_id", "value"))
    late_id = late.pk
    late.delete()
    actions.vote_cast(actor=people[3], statement=first, value=1)  # a higher id
    assert Participant.objects.get(person=people[3], conversation_id=pk).pk > late_id
    results.refresh(pk)
    late.pk = late_id
    late.save(force_insert=True)
    for vote in late_votes:
        Vote.objects.create(participant=late, voted_at=timezone.now(), **vote)
    del reads[:]
    done = results.refresh(pk)
    assert reads and reads[0] is not None
    assert done is not None
    assert done.results_votes == Vote.objects.filter(participant__conversation_id=pk).count()
    assert done.results["statement_counts"][str(first.pk)]["disagree"] == 1


def test_an_old_participant_deleted_while_another_commits_late_means_a_full_read(
    world: World, reads: list[Any]
) -> None:
    """As many rows as before, but not the same: a participant who joined long ago
    deleted, and one committed late below the highest id. The kept matrix must not be
    used, or the deleted participant's votes would still count."""
    pk = world.conversation.pk
    people = _voters(world, 4)
    first = _shown(world)[0]
    for person in people[:3]:
        actions.vote_cast(actor=person, statement=first, value=1)
    late = Participant.objects.get(conversation_id=pk, person=people[2])
    late_id = late.pk
    late.delete()
    actions.vote_cast(actor=people[3], statement=first, value=-1)  # a higher id
    assert Participant.objects.get(person=people[3], conversation_id=pk).pk > late_id
    long_ago = timezone.now() - timedelta(days=1)
    Participant.objects.filter(conversation_id=pk).update(created_at=long_ago)
    results.refresh(pk)
    Participant.objects.filter(conversation_id=pk, person=people[0]).delete()
    late.pk = late_id
    late.save(force_insert=True)
    del reads[:]
    done = results.refresh(pk)
    assert reads == [None]
    assert done is not None
    assert done.results_votes == Vote.objects.filter(participant__conversation_id=pk).count()
    counts = done.results["statement_counts"][str(first.pk)]
    assert counts["agree"] == Vote.objects.filter(statement=first, value=1).count()
    assert not Vote.objects.filter(participant__person=people[0]).exists()


def test_results_kept_by_another_process_or_restored_mean_a_full_read(
    world: World, reads: list[Any]
) -> None:
    pk = world.conversation.pk
    results.refresh(pk)
    # Another process saved newer results (or a backup was restored): this process's
    # kept matrix is not theirs.
    Conversation.objects.filter(pk=pk).update(results_at=timezone.now())
    del reads[:]
    results.refresh(pk)
    assert reads == [None]


def test_erasing_an_account_keeps_the_votes_and_the_counts(world: World) -> None:
    pk = world.conversation.pk
    person = _voters(world, 1)[0]
    statement = _shown(world)[0]
    actions.vote_cast(actor=person, statement=statement, value=-1)
    results.refresh(pk)
    core_actions.account_erase(actor=person, person=person)
    # Votes stay (shown as "Former member"'s), so nothing asks for a rebuild, and an
    # incremental update still equals a rebuild.
    _check_against_rebuild(pk)
    done = Conversation.objects.get(pk=pk)
    assert done.results["statement_counts"][str(statement.pk)]["disagree"] == 1


# The rebuild command ---------------------------------------------------------------------


def test_the_rebuild_command_reads_every_vote_again(world: World, reads: list[Any]) -> None:
    pk = world.conversation.pk
    results.refresh(pk)
    epoch = _epoch(world)
    del reads[:]
    out = StringIO()
    call_command("opinions_rebuild", str(pk), stdout=out)
    assert reads == [None]
    assert _epoch(world) == epoch + 1
    votes = Vote.objects.filter(participant__conversation_id=pk).count()
    assert out.getvalue() == (
        f"Conversation {pk} “{world.conversation.title}”: results from {votes} votes.\n"
    )
    del reads[:]
    call_command("opinions_rebuild", "--all", stdout=StringIO())
    assert reads.count(None) == Conversation.objects.count()
    with pytest.raises(CommandError, match="No conversation with id 999999"):
        call_command("opinions_rebuild", "999999")
    with pytest.raises(CommandError, match="Give conversation ids, or --all"):
        call_command("opinions_rebuild")


# Real conversations: replayed in steps, against a rebuild ---------------------------------


def _real_folders() -> list[Path]:
    """The conversations the tests hold, and the fuller exports beside the project (with
    every vote in the order cast, changes included) when they are there."""
    folders = [p for p in sorted(FIXTURES.iterdir()) if (p / "comments.csv").exists()]
    if SHARED.exists():
        folders += [p for p in sorted(SHARED.iterdir()) if (p / "votes.csv").exists()]
    return folders


@pytest.mark.parametrize(
    "folder", _real_folders(), ids=lambda p: f"{p.parent.parent.name}/{p.name}"
)
def test_real_conversations_replayed_in_steps_group_like_a_rebuild(folder: Path) -> None:
    export = read_polis_export(folder)
    votes = export.votes
    inputs: dict[str, Any] = {
        "statements": sorted(c.id for c in export.comments),
        "moderated_out": export.moderated_out,
        "meta": export.meta,
    }
    cuts = np.linspace(0, len(votes), 7).astype(int)[1:]
    first = cuts[0]

    def part(a: int, b: int) -> Votes:
        return Votes(votes.participants[a:b], votes.statements[a:b], votes.values[a:b])

    kept = KeptVotes.from_votes(part(0, first))
    result = analyse(kept, **inputs)
    state = result.state
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        state = result.state
        kept = kept.with_votes(part(a, b))
        result = analyse(kept, state=state, warm=result.maps, **inputs)
    rebuilt = analyse(votes, state=state, **inputs)
    assert _same_arrays(kept, KeptVotes.from_votes(votes))
    assert _same_pairs(kept, KeptVotes.from_votes(votes))
    # The components, from the kept pair sums (or, when small, the matrix) as from a
    # rebuild's sparse eigensolver, up to the warm start's tolerance; the same signs.
    assert np.allclose(result.maps.components, rebuilt.maps.components, atol=1e-4)
    assert result.statement_counts.keys() == rebuilt.statement_counts.keys()
    assert all(
        result.statement_counts[s][key] == rebuilt.statement_counts[s][key]
        for s in rebuilt.statement_counts
        for key in ("agree", "disagree", "pass")
    )
    both = sorted(set(result.assignments) & set(rebuilt.assignments))
    assert len(both) == len(rebuilt.assignments) == len(result.assignments)
    ari = adjusted_rand_index(
        [result.assignments[p] for p in both], [rebuilt.assignments[p] for p in both]
    )
    print(f"{folder.name}: ARI {ari:.3f} against a rebuild, k {result.k} / {rebuilt.k}")
    assert ari >= 0.95
