"""Spread: upload a social graph and a node table, plan the seeds that reach the target
market best for k seeds or a budget, and compare viral, targeted and direct outreach with
its chart, in reach and in money (cost, expected qualified leads and meetings, cost per
meeting), with the rates learned from the service's workspace where it has enough history.
The same application functions as `leadsift spread plan|compare`; nothing is written to the
workspace, so any signed-in user may use it (a POST still needs its CSRF token). The
uploaded files are removed when the answer is ready."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from leadsift.app.spread import (
    P_MODELS,
    GraphSource,
    compare_with_chart,
    outreach_for,
    plan_seeds,
)
from leadsift.app.users import WebSession
from leadsift.domain.errors import LeadsiftError
from leadsift.report.units import money
from leadsift.spread.rates import rate_text
from leadsift.web.auth import CurrentUser, SessionDep, Viewer
from leadsift.web.forms import FieldErrors
from leadsift.web.render import page, svg
from leadsift.web.uploads import chosen_files, save_uploads

router = APIRouter()

ACTIONS = ("plan", "compare")
OBJECTIVES = ("", "target", "reach")
# measurement on a page: enough for a 95% interval of about 1% on a typical plan, without
# keeping a person waiting as the CLI's 10,000 runs can
RUNS = 2_000
MAX_K = 1_000


def _show(
    request: Request,
    web_session: WebSession,
    status: int = 200,
    errors: FieldErrors | None = None,
    form: dict[str, Any] | None = None,
    **result: Any,
) -> Response:
    return page(
        request, "spread.html", web_session, status=status, errors=errors or FieldErrors(),
        form=form or {"action": "compare", "k": "10", "p_model": "wc", "eps": "0.2"},
        p_models=P_MODELS, objectives=OBJECTIVES, runs=RUNS, money=money, rate_text=rate_text,
        **result,
    )  # fmt: skip


@router.get("/spread", include_in_schema=False)
def spread(request: Request, web_session: CurrentUser) -> Response:
    return _show(request, web_session)


def _number(
    text: str, field: str, errors: FieldErrors, low: float, high: float, whole: bool = False
) -> float | None:
    if not text.strip():
        return None
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        errors[field] = f"{text!r} is not a {'whole ' if whole else ''}number"
        return None
    if not low <= value <= high:
        errors[field] = f"give a number from {low:g} to {high:g}"
        return None
    return value


def _check(form: dict[str, Any], has_nodes: bool, errors: FieldErrors) -> dict[str, Any]:
    """The form's values as the application functions take them; bad ones noted."""
    action = form["action"]
    if action not in ACTIONS:
        errors["action"] = "choose plan or compare"
    if form["p_model"] not in P_MODELS:
        errors["p_model"] = f"choose one of {', '.join(P_MODELS)}"
    if form["objective"] not in OBJECTIVES:
        errors["objective"] = "choose target or reach"
    k = _number(form["k"], "k", errors, 1, MAX_K, whole=True)
    budget = _number(form["budget"], "budget", errors, 1e-9, 1e12)
    eps = _number(form["eps"], "eps", errors, 0.05, 0.9)
    if action == "compare":
        if k is None and "k" not in errors:
            errors["k"] = "a comparison needs the number of seeds per plan"
        if not has_nodes:
            errors["nodes"] = "a comparison needs a node table with a target column"
    elif (k is None) == (budget is None) and "k" not in errors and "budget" not in errors:
        errors["k"] = "give either a number of seeds or a budget, not both"
    return {"k": None if k is None else int(k), "budget": budget, "eps": eps or 0.2}


@router.post("/spread", include_in_schema=False)
async def run_spread(
    request: Request,
    web_session: Viewer,
    session: SessionDep,
    action: Annotated[str, Form(max_length=20)] = "compare",
    k: Annotated[str, Form(max_length=20)] = "",
    budget: Annotated[str, Form(max_length=30)] = "",
    objective: Annotated[str, Form(max_length=20)] = "",
    p_model: Annotated[str, Form(max_length=20)] = "wc",
    eps: Annotated[str, Form(max_length=20)] = "",
    undirected: Annotated[bool, Form()] = False,
) -> Response:
    form = {
        "action": action, "k": k, "budget": budget, "objective": objective,
        "p_model": p_model, "eps": eps, "undirected": undirected,
    }  # fmt: skip
    errors = FieldErrors()
    parts = await request.form()
    graph, nodes = chosen_files(parts.getlist("graph")), chosen_files(parts.getlist("nodes"))
    if len(graph) != 1:
        errors["graph"] = "choose the graph's edge list (one file)"
    if len(nodes) > 1:
        errors["nodes"] = "choose at most one node table"
    values = _check(form, bool(nodes), errors)
    if errors:
        return _show(request, web_session, 422, errors, form)
    folder = Path(tempfile.mkdtemp(prefix="leadsift-spread-"))
    try:
        saved = await save_uploads(graph + nodes, folder, errors, "graph")
        if errors:
            return _show(request, web_session, 413, errors, form)
        notes: list[str] = []
        try:
            source = GraphSource(
                saved[0], saved[1] if nodes else None, undirected=undirected, p_model=p_model
            )
            if action == "compare":
                outreach = await run_in_threadpool(outreach_for, session)
                result = await run_in_threadpool(
                    compare_with_chart, source, k=values["k"], eps=values["eps"], runs=RUNS,
                    notes=notes.append, outreach=outreach,
                )  # fmt: skip
                return _show(
                    request, web_session, form=form, notes=notes, comparison=result,
                    chart=svg(result.chart),
                )  # fmt: skip
            plan = await run_in_threadpool(
                lambda: plan_seeds(
                    source, k=values["k"], budget=values["budget"], objective=objective or None,
                    eps=values["eps"], runs=RUNS, notes=notes.append,
                )
            )  # fmt: skip
            return _show(request, web_session, form=form, notes=notes, plan=plan)
        except LeadsiftError as refused:
            message = str(refused).replace(str(folder / "0") + "/", "")
            message = message.replace(str(folder / "1") + "/", "")
            return _show(request, web_session, 400, errors, form, message=message)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
