"""Probabilistic contact matching: planted duplicates found, stored parameters reused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leadsift.config.identity import IdentitySettings
from leadsift.demo.scenario import names
from leadsift.identity.link import link_identities
from leadsift.identity.links import resolve_links, split_person
from leadsift.identity.probabilistic import contact_matcher, contact_pairs, prepare_contacts
from leadsift.identity.resolver import MatchModel, NotFittedError
from leadsift.ingest.importer import ImportOptions, import_file
from leadsift.workspace.workspace import Workspace
from tests.helpers import query


def _contacts(seed: int, people: int, copies: int) -> tuple[pd.DataFrame, set[tuple[int, int]]]:
    """`people` distinct contacts and `copies` second records of some of them (a personal
    address, a nickname, a changed title), with the true pairs."""
    rng = np.random.default_rng(seed)
    # distinct people get distinct names: two Jane Does with jane.doe mailboxes at two
    # companies are a job change as often as namesakes, and no matcher can tell them apart
    combos = rng.choice(len(names.FIRST) * len(names.LAST), people, replace=False)
    first = names.FIRST[combos // len(names.LAST)]
    last = names.LAST[combos % len(names.LAST)]
    place = rng.choice(names.PLACES, people)
    company = np.char.add(np.char.add(place, " "), rng.choice(names.CLINICS, people))
    domain = np.char.add(np.char.lower(np.char.replace(company, " ", "")), ".example")
    local = np.char.add(np.char.add(np.char.lower(first), "."), np.char.lower(last))
    frame = pd.DataFrame(
        {
            "id": np.arange(1, people + 1),
            "email": np.char.add(np.char.add(local, "@"), domain),
            "first_name": first,
            "last_name": last,
            "title": rng.choice(names.STAFF_TITLES, people),
            "phone": [f"(212) {rng.integers(200, 999)}-{rng.integers(1000, 9999)}" for _ in first],
            "company": company,
            "domain": domain,
            "city": place,
        }
    )
    frame = frame.drop_duplicates("email")
    twins = frame.sample(copies, random_state=seed).copy()
    twins["email"] = twins["email"].str.split("@").str[0] + "@gmail.com"
    nick = twins["first_name"].map(names.NICKNAMES)
    twins["first_name"] = nick.where(nick.notna(), twins["first_name"])
    twins["title"] = None
    twins["phone"] = twins["phone"].where(rng.random(copies) < 0.5)
    truth = set(zip(twins["id"], twins["id"] + 100_000, strict=True))
    twins["id"] = twins["id"] + 100_000
    return pd.concat([frame, twins], ignore_index=True), truth


def _found(pairs: pd.DataFrame) -> set[tuple[int, int]]:
    left, right = pairs["unique_id_l"].astype(int), pairs["unique_id_r"].astype(int)
    return {(min(a, b), max(a, b)) for a, b in zip(left, right, strict=True)}


def test_planted_duplicates_are_found_without_strangers() -> None:
    contacts, truth = _contacts(seed=3, people=1500, copies=60)
    pairs, model = contact_pairs(contacts, threshold=0.99)
    found = _found(pairs)
    assert model is not None
    assert len(found & truth) / len(truth) >= 0.9
    assert len(found & truth) / len(found) >= 0.95
    # every pair carries its evidence, one comparison level per compared field
    assert {f"gamma_{name}" for name in ("first_name", "last_name", "phone", "city")} <= set(
        pairs.columns
    )


def test_a_stored_model_scores_exactly_as_the_fitted_one() -> None:
    contacts, _ = _contacts(seed=5, people=600, copies=30)
    prepared = prepare_contacts(contacts)
    fitted = contact_matcher().fit([prepared])
    again = MatchModel.from_model(fitted.model_)
    first = fitted.predict([prepared], 0.5)
    second = again.predict([prepared], 0.5)
    pd.testing.assert_frame_equal(
        first[["unique_id_l", "unique_id_r", "match_probability"]].reset_index(drop=True),
        second[["unique_id_l", "unique_id_r", "match_probability"]].reset_index(drop=True),
    )
    with pytest.raises(NotFittedError):
        contact_matcher().predict([prepared])


def test_too_few_or_too_varied_contacts_give_no_pairs_and_no_model() -> None:
    contacts, _ = _contacts(seed=1, people=20, copies=2)
    pairs, model = contact_pairs(contacts)
    assert pairs.empty and model is None
    # nothing repeats: no name, phone or company is shared, so nothing can be learnt
    strangers, _ = _contacts(seed=2, people=200, copies=0)
    strangers["phone"] = None
    strangers["company"] = strangers["domain"] = strangers["city"] = None
    pairs, model = contact_pairs(strangers)
    assert pairs.empty and model is None


def _import_contacts(ws: Workspace, frame: pd.DataFrame, path: Path) -> None:
    frame.drop(columns=["id"]).to_csv(path, index=False)
    with ws.opened() as engine:
        import_file(engine, "contacts", path, ImportOptions())


def test_resolve_links_reuses_parameters_until_the_contacts_grow(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    contacts, _ = _contacts(seed=9, people=800, copies=40)
    early = contacts[(contacts["id"] % 100_000) <= 500]
    _import_contacts(sqlite_workspace, early, tmp_path / "a.csv")
    settings = IdentitySettings(retrain_growth=1.5)
    with sqlite_workspace.opened() as engine, engine.begin() as connection:
        first = resolve_links(connection, settings)
        second = resolve_links(connection, settings)
    assert first.trained and not second.trained
    assert first.new_links > 0 and second.new_links == 0  # re-running adds nothing
    assert query(sqlite_workspace, "SELECT count(*) FROM match_models") == [(1,)]
    _import_contacts(sqlite_workspace, contacts, tmp_path / "b.csv")  # about 1.6 times as many
    with sqlite_workspace.opened() as engine, engine.begin() as connection:
        third = resolve_links(connection, settings)
    assert third.trained
    assert query(sqlite_workspace, "SELECT count(*) FROM match_models") == [(2,)]


def test_a_split_is_never_proposed_again(sqlite_workspace: Workspace, tmp_path: Path) -> None:
    contacts, _ = _contacts(seed=11, people=600, copies=30)
    _import_contacts(sqlite_workspace, contacts, tmp_path / "c.csv")
    settings = IdentitySettings()
    with sqlite_workspace.opened() as engine, engine.begin() as connection:
        resolve_links(connection, settings)
        link_identities(connection)
    left, right = query(sqlite_workspace, "SELECT contact_id_l, contact_id_r FROM person_links")[0]
    (person,) = query(sqlite_workspace, f"SELECT person_id FROM contacts WHERE id = {left}")[0]
    with sqlite_workspace.opened() as engine, engine.begin() as connection:
        assert split_person(connection, person) >= 1
        again = resolve_links(connection, settings, retrain=True)
        link_identities(connection)
    assert again.trained and again.new_links == 0
    status = query(
        sqlite_workspace,
        f"SELECT status FROM person_links WHERE contact_id_l = {left} AND contact_id_r = {right}",
    )
    assert status == [("rejected",)]
    people = query(
        sqlite_workspace, f"SELECT person_id FROM contacts WHERE id IN ({left}, {right})"
    )
    assert len({p for (p,) in people}) == 2


def test_score_resolves_probabilistically_only_when_configured(
    sqlite_workspace: Workspace, tmp_path: Path
) -> None:
    from leadsift.pipeline.score import run_scoring

    contacts, truth = _contacts(seed=13, people=600, copies=30)
    _import_contacts(sqlite_workspace, contacts, tmp_path / "d.csv")
    off = sqlite_workspace.settings.model_copy(
        update={"identity": IdentitySettings(probabilistic=False)}
    )
    with sqlite_workspace.opened() as engine:
        run_scoring(engine, off, full=True)
        separate = query(sqlite_workspace, "SELECT count(DISTINCT person_id) FROM contacts")[0][0]
        assert query(sqlite_workspace, "SELECT count(*) FROM match_models") == [(0,)]
        summary = run_scoring(engine, sqlite_workspace.settings, full=True)
    joined = query(sqlite_workspace, "SELECT count(DISTINCT person_id) FROM contacts")[0][0]
    # deterministic rules alone join only the copies that kept their phone
    assert separate > joined == len(contacts) - len(truth)
    assert summary.new_links >= 0.9 * len(truth)
