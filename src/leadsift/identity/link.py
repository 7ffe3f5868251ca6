"""Deterministic identity linking: records that share an identifier are one person.

Every email, phone, social handle and anonymous id seen in contacts, touches and outcomes is
an identity, and so is a contact record that carries none (a name and a company from a
merged list: only probabilistic matching can join it to anyone); identifiers that appear on
the same record are linked, and so are the ids of one visitor link (an identify or alias
call's anonymousId or previousId, `user:<userId>` and email: store/schema.py
`visitor_links`), and each connected component (scipy's connected_components over the sparse
link graph) is one person. Person ids are stable: a component keeps the smallest id any of
its identities already had, so re-running changes nothing and new data only adds or merges.
Work is done per distinct identifier, and person ids reach the touches through set-based
UPDATEs in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import sqlalchemy as sa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from leadsift.identity import normalise
from leadsift.store import schema
from leadsift.store.rows import frame_records

_KINDS = {"e": "email", "p": "phone", "h": "handle", "a": "anonymous", "c": "contact"}
_RAW_TABLE = "tmp_raw_identity"


@dataclass(frozen=True)
class LinkStats:
    identities: int
    persons: int
    new_persons: int
    merged_persons: int
    malformed_emails: int = 0  # kept on their records, not used for matching
    malformed_phones: int = 0


_USER = "user:"  # a tracking call's userId as a visitor id (ingest/segment.py)


def _segment_user(contacts: sa.Table) -> sa.ColumnElement[str]:
    """An identify call's contact: its userId as the visitor id its track calls carry."""
    segment = sa.and_(contacts.c.source == "segment", contacts.c.source_type == "api")
    return sa.case((segment, sa.literal(_USER) + contacts.c.source_id), else_=sa.null())


def _visitor_ids(
    links: sa.FromClause,
) -> list[tuple[sa.ColumnElement[bool], sa.ColumnElement[str]]]:
    """The visitor ids a visitor link ties together, each with when the row has it: its
    anonymous id, its userId as `user:<userId>`, and for an alias the previousId as a userId
    too (Segment's previousId is an earlier anonymousId or userId)."""
    user = sa.literal(_USER)
    return [
        (links.c.anonymous_id.is_not(None), links.c.anonymous_id),
        (links.c.user_id.is_not(None), user + links.c.user_id),
        (sa.and_(links.c.kind == "alias", links.c.anonymous_id.is_not(None)),
         user + links.c.anonymous_id),
    ]  # fmt: skip


def _records(connection: sa.Connection) -> pd.DataFrame:
    """One row per distinct combination of raw identifiers, with where it came from."""
    t = schema.touches
    c = schema.contacts
    v = schema.visitor_links
    named = sa.or_(t.c.email.is_not(None), t.c.phone.is_not(None), t.c.handle.is_not(None))
    # A visitor known only by an anonymous id matters only if that id also appears beside a
    # name somewhere, or is tied to other ids by an identify or alias call (components without
    # a name are dropped below); the others (most web traffic) would be dropped as
    # unreachable anyway.
    seen_named = sa.union(
        sa.select(sa.func.trim(t.c.anonymous_id)).where(named, t.c.anonymous_id.is_not(None)),
        sa.select(sa.func.trim(_segment_user(c))).where(c.c.source_id.is_not(None)),
        *(sa.select(sa.func.trim(value)).where(present) for present, value in _visitor_ids(v)),
    )
    identified_later = sa.and_(~named, sa.func.trim(t.c.anonymous_id).in_(seen_named))
    columns = (t.c.email, t.c.phone, t.c.platform, t.c.handle, t.c.anonymous_id)
    touch_rows = pd.DataFrame(
        connection.execute(
            sa.union(sa.select(*columns).where(named), sa.select(*columns).where(identified_later))
        ).all(),
        columns=["email", "phone", "platform", "handle", "anonymous_id"],
    )
    contact_rows = pd.DataFrame(
        connection.execute(
            sa.select(c.c.id, c.c.email, c.c.phone, c.c.handles, _segment_user(c))
        ).all(),
        columns=["contact_id", "email", "phone", "handles", "anonymous_id"],
    )
    o = schema.outcomes
    outcome_rows = pd.DataFrame(
        connection.execute(sa.select(o.c.email).where(o.c.email.is_not(None)).distinct()).all(),
        columns=["email"],
    )
    contact_handles = _contact_handles(contact_rows)
    records = pd.concat(
        [
            touch_rows, contact_rows.drop(columns=["handles"]), contact_handles, outcome_rows,
            _visitor_link_records(connection),
        ],
        ignore_index=True,
    )  # fmt: skip
    for column in (
        "email", "phone", "platform", "handle", "anonymous_id", "contact_id", "contact_ref",
        "visitor_link",
    ):  # fmt: skip
        if column not in records.columns:
            records[column] = None
    return records


def _visitor_link_records(connection: sa.Connection) -> pd.DataFrame:
    """One record per visitor id of each distinct visitor link (with the link's email), the
    records of one link numbered alike in `visitor_link` (`_visitor_pairs` joins them)."""
    v = schema.visitor_links
    # a link sent again (the same identify under a new messageId) is one link
    same = (v.c.kind, v.c.anonymous_id, v.c.user_id, v.c.email)
    distinct = sa.select(sa.func.min(v.c.id).label("id"), *same).group_by(*same).subquery()
    ids = [
        sa.select(distinct.c.id, value.label("anonymous_id"), distinct.c.email).where(present)
        for present, value in _visitor_ids(distinct)
    ]
    return pd.DataFrame(
        connection.execute(sa.union_all(*ids)).all(),
        columns=["visitor_link", "anonymous_id", "email"],
    )


def _visitor_pairs(records: pd.DataFrame) -> list[tuple[int, int]]:
    """The records of each visitor link, as pairs of positions in `records` (each record
    with the link's first)."""
    link = records["visitor_link"].dropna()
    if link.empty:
        return []
    position = pd.Series(link.index, index=link.index)
    first = position.groupby(link.to_numpy()).transform("first")
    pairs = first[first != position]
    return list(zip(pairs.to_numpy().tolist(), pairs.index.tolist(), strict=True))


def _contact_handles(contacts: pd.DataFrame) -> pd.DataFrame:
    """A contact's social handles, as extra records tied to the contact's email or phone (or,
    without either, to the contact record itself)."""
    rows = []
    columns = contacts[["contact_id", "email", "phone", "handles"]]
    for cid, email, phone, handles in columns.itertuples(index=False):
        if isinstance(handles, dict):
            for platform, handle in handles.items():
                rows.append((cid, email, phone, platform, handle))
    return pd.DataFrame(rows, columns=["contact_ref", "email", "phone", "platform", "handle"])


def _identity_keys(records: pd.DataFrame, phone_region: str) -> pd.DataFrame:
    keys = pd.DataFrame(index=records.index)
    keys["e"] = normalise.emails(records["email"])
    keys["p"] = normalise.phones(records["phone"], phone_region)
    keys["h"] = normalise.handles(records["platform"], records["handle"])
    anonymous = records["anonymous_id"].astype("string").str.strip()
    keys["a"] = anonymous.where(anonymous.ne("")).astype(object)
    # a contact record with no email or phone is an identity of its own
    contact = records["contact_id"].where(records["contact_id"].notna(), records["contact_ref"])
    bare = keys["e"].isna() & keys["p"].isna() & contact.notna()
    keys["c"] = None
    if bare.any():
        keys.loc[bare, "c"] = contact[bare].astype("int64").astype(str)
    return keys


def _components(
    keys: pd.DataFrame, linked_records: list[tuple[int, int]] | None = None
) -> tuple[pd.Series, np.ndarray]:
    """Node labels ('e:ann@x.com', ...) and the component of each node. Identifiers on one
    record are joined, and so are the records of each pair in `linked_records` (accepted
    probabilistic matches)."""
    stacked = keys.stack().dropna()
    node_text = stacked.index.get_level_values(1) + ":" + stacked.astype(str)
    codes, labels = pd.factorize(pd.Series(node_text.to_numpy(), index=stacked.index))
    record = stacked.index.get_level_values(0).to_numpy()
    frame = pd.DataFrame({"record": record, "node": codes})
    anchors = frame.groupby("record")["node"].transform("first").to_numpy()
    rows, cols = [frame["node"].to_numpy()], [anchors]
    if linked_records:
        anchor_of = frame.groupby("record")["node"].first()
        pairs = pd.DataFrame(linked_records, columns=["l", "r"])
        pairs["a"], pairs["b"] = pairs["l"].map(anchor_of), pairs["r"].map(anchor_of)
        pairs = pairs.dropna(subset=["a", "b"])
        rows.append(pairs["a"].to_numpy(dtype=np.int64))
        cols.append(pairs["b"].to_numpy(dtype=np.int64))
    size = len(labels)
    source, target = np.concatenate(rows), np.concatenate(cols)
    graph = coo_matrix((np.ones(len(source), dtype=np.int8), (source, target)), shape=(size, size))
    _, component = connected_components(graph, directed=False)
    return pd.Series(labels), component


def _linked_records(connection: sa.Connection, records: pd.DataFrame) -> list[tuple[int, int]]:
    """Active probabilistic links, as pairs of positions in `records`."""
    links = schema.person_links
    pairs = connection.execute(
        sa.select(links.c.contact_id_l, links.c.contact_id_r).where(links.c.status == "active")
    ).all()
    if not pairs:
        return []
    contacts = records["contact_id"].dropna()
    position: dict[int, int] = dict(
        zip(contacts.astype(int).tolist(), contacts.index.tolist(), strict=True)
    )
    return [
        (position[left], position[right])
        for left, right in pairs
        if left in position and right in position
    ]


def link_identities(
    connection: sa.Connection,
    now: datetime | None = None,
    *,
    incremental: bool = False,
    phone_region: str = "US",
) -> LinkStats:
    """Rebuild identities and assign person_id to contacts, touches and outcomes.

    With `incremental`, only touches without a person or whose person was merged away or lost
    identities are updated; the others keep the (stable) id they have."""
    now = now or datetime.now(UTC)
    records = _records(connection)
    keys = _identity_keys(records, phone_region)
    linked = _linked_records(connection, records) + _visitor_pairs(records)
    labels, component = _components(keys, linked)
    nodes = pd.DataFrame({"label": labels, "component": component})
    nodes["kind"] = nodes["label"].str[0].map(_KINDS)
    nodes["value"] = nodes["label"].str[2:]
    i = schema.identities
    known = pd.DataFrame(
        connection.execute(sa.select(i.c.kind, i.c.value, i.c.person_id)).all(),
        columns=["kind", "value", "person_id"],
    )
    # numeric even when empty, so the groupby below stays vectorised
    known["person_id"] = pd.to_numeric(known["person_id"]).astype("float64")
    nodes = nodes.merge(known, on=["kind", "value"], how="left")
    # a visitor known only by an anonymous id is not a person we could ever reach: they get
    # one only once they identify themselves (an email, a phone, a handle)
    named = nodes.loc[nodes["kind"] != "anonymous", "component"].unique()
    nodes = nodes[nodes["component"].isin(named)].copy()
    chosen = nodes.groupby("component")["person_id"].min()
    # After a split one person's identities fall into several components: the largest keeps
    # the id, the others become new people.
    size = nodes.groupby("component").size()
    owners = (
        pd.DataFrame({"person_id": chosen, "size": size})
        .dropna(subset=["person_id"])
        .sort_values(["size"], ascending=False, kind="stable")
    )
    losers = owners.index[owners["person_id"].duplicated(keep="first")]
    chosen.loc[losers] = np.nan
    merged = int(
        nodes.dropna(subset=["person_id"]).groupby("component")["person_id"].nunique().sub(1).sum()
    )
    missing = chosen[chosen.isna()].index.to_numpy()
    next_id = (
        int(
            connection.execute(
                sa.select(sa.func.coalesce(sa.func.max(schema.persons.c.id), 0))
            ).scalar_one()
        )
        + 1
    )
    new_ids = np.arange(next_id, next_id + len(missing))
    chosen.loc[missing] = new_ids
    previous_ids = nodes["person_id"].copy()
    nodes["person_id"] = nodes["component"].map(chosen).astype(np.int64)
    # a person merged into another: their history moves to the one that stays
    successors = (
        pd.DataFrame({"old": previous_ids, "new": nodes["person_id"]})
        .dropna()
        .astype(int)
        .query("old != new")
        .drop_duplicates("old")
    )
    if len(new_ids):
        connection.execute(
            schema.persons.insert(),
            [{"id": int(pid), "created_at": now} for pid in new_ids],
        )
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('persons', 'id'), "
                "(SELECT max(id) FROM persons))"
            )
    connection.execute(i.delete())
    if len(nodes):
        connection.execute(
            i.insert(),
            frame_records(nodes[["kind", "value", "person_id"]].astype({"person_id": int})),
        )
    retired = set(known["person_id"].dropna().astype(int)) - set(nodes["person_id"])
    # after a split the person that stays has lost identities: their touches must move too
    moved_from = set(successors["old"].astype(int))
    _assign(connection, records, keys, nodes, retired | moved_from if incremental else None)
    # only a person merged away hands on its history; one that was split keeps its own
    _retire(connection, successors[successors["old"].isin(retired)])
    return LinkStats(
        malformed_emails=normalise.malformed(records["email"], keys["e"]),
        malformed_phones=normalise.malformed(records["phone"], keys["p"]),
        identities=len(nodes),
        persons=int(chosen.nunique()),
        new_persons=len(new_ids),
        merged_persons=merged,
    )


def _retire(connection: sa.Connection, successors: pd.DataFrame) -> None:
    """Persons left without identities: move their stage history to the person they merged
    into, drop what is recomputed anyway (scores, intent aggregates), and delete them unless
    history still names them (an identifier that is no longer valid keeps its past)."""
    persons = schema.persons
    has_identity = sa.exists().where(schema.identities.c.person_id == persons.c.id)
    # an erased person has no identifiers on purpose: kept, so that their anonymous touches
    # and outcomes still count (leadsift.privacy.erasure)
    erased = sa.and_(persons.c.noise.is_not(None), persons.c.noise == "erased")
    orphans = sa.select(persons.c.id).where(~has_identity, ~erased)
    history = schema.stage_history
    for old, new in zip(successors["old"], successors["new"], strict=True):
        connection.execute(
            history.update().where(history.c.person_id == int(old)).values(person_id=int(new))
        )
    for table in (schema.person_scores, schema.intent_components):
        connection.execute(table.delete().where(table.c.person_id.in_(orphans)))
    referenced = sa.exists().where(history.c.person_id == persons.c.id)
    connection.execute(persons.delete().where(persons.c.id.in_(orphans), ~referenced))


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)  # type: ignore[call-overload]


def _assign(
    connection: sa.Connection,
    records: pd.DataFrame,
    keys: pd.DataFrame,
    nodes: pd.DataFrame,
    retired: set[int] | None,
) -> None:
    """Give every raw identifier value its person, then set person_id with UPDATE ... joins."""
    person_of = pd.Series(nodes["person_id"].to_numpy(), index=nodes["label"].to_numpy())
    handle_raw = (
        records["platform"].fillna("").astype(str)
        + "\x1f"
        + records["handle"].fillna("").astype(str)
    ).where(records["handle"].notna())
    raws = {
        "e": records["email"],
        "p": records["phone"],
        "a": records["anonymous_id"],
        "h": handle_raw,
    }
    pieces = []
    for prefix, raw in raws.items():
        piece = pd.DataFrame({"kind": prefix, "raw": raw, "label": prefix + ":" + keys[prefix]})
        piece["person_id"] = piece["label"].map(person_of)
        pieces.append(piece.dropna(subset=["raw", "person_id"]))
    mapping = pd.concat(pieces, ignore_index=True).drop_duplicates(["kind", "raw"])
    mapping["raw"] = mapping["raw"].astype(str)
    mapping["person_id"] = mapping["person_id"].astype(int)
    raw_rows = {
        (k, r): int(pid)
        for k, r, pid in zip(mapping["kind"], mapping["raw"], mapping["person_id"], strict=True)
        if k in ("e", "p")
    }
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {_RAW_TABLE}")
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {_RAW_TABLE} (kind VARCHAR(1), raw TEXT, person_id INTEGER, "
        "PRIMARY KEY (kind, raw))"
    )
    lookup_table = sa.table(_RAW_TABLE, sa.column("kind"), sa.column("raw"), sa.column("person_id"))
    if len(mapping):
        rows = frame_records(mapping[["kind", "raw", "person_id"]])
        connection.execute(lookup_table.insert(), rows)

    def lookup(prefix: str, value: sa.ColumnElement[str]) -> sa.ScalarSelect[int]:
        return (
            sa.select(lookup_table.c.person_id)
            .where(lookup_table.c.kind == prefix, lookup_table.c.raw == value)
            .scalar_subquery()
        )

    t = schema.touches
    handle_key = sa.func.coalesce(t.c.platform, "") + "\x1f" + sa.func.coalesce(t.c.handle, "")
    person = sa.func.coalesce(
        lookup("e", t.c.email),
        lookup("p", t.c.phone),
        lookup("h", handle_key),
        lookup("a", t.c.anonymous_id),
    )
    # Person ids are stable, so most touches already hold theirs: rewriting only the rows
    # that change spares the table and its person_id index a million writes.
    update = t.update().values(person_id=person).where(t.c.person_id.is_distinct_from(person))
    if retired is not None:
        stale: sa.ColumnElement[bool] = t.c.person_id.is_(None)
        if retired:
            stale = sa.or_(stale, t.c.person_id.in_(sorted(retired)))
        update = update.where(stale)
    connection.execute(update)
    c = schema.contacts
    contact_ids = records.dropna(subset=["contact_id"])
    # a contact's person is the person of its email, else of its phone, else of the record
    updates = [
        {
            "cid": int(cid),
            "pid": raw_rows.get(("e", str(email)))
            or raw_rows.get(("p", str(phone)))
            or _int_or_none(person_of.get(f"c:{int(cid)}")),
        }
        for cid, email, phone in contact_ids[["contact_id", "email", "phone"]].itertuples(
            index=False
        )
    ]
    if updates:
        connection.execute(
            c.update().where(c.c.id == sa.bindparam("cid")).values(person_id=sa.bindparam("pid")),
            updates,
        )
    o = schema.outcomes
    connection.execute(o.update().values(person_id=lookup("e", o.c.email)))
    connection.exec_driver_sql(f"DROP TABLE {_RAW_TABLE}")
