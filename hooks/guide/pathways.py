"""Pathways route, they do not talk: walking and checking the decision trees.

A step's URL is the list of node ids chosen after the start, so every step has
a stable URL and the page knows the answers so far without JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from .errors import Problem, dotted
from .model import OutcomeNode, Pathway, QuestionNode

if TYPE_CHECKING:  # pragma: no cover
    from .loader import Catalogue, YamlDoc

MAX_QUESTIONS = 5  # no path may ask more than this before its outcome


@dataclass(frozen=True)
class Step:
    """One page of a pathway: the node shown after the answers in ``trail``."""

    pathway: Pathway
    trail: tuple[str, ...]  # node ids after the start, in order

    @property
    def node_id(self) -> str:
        return self.trail[-1] if self.trail else self.pathway.start

    @property
    def node(self) -> QuestionNode | OutcomeNode:
        return nodes_by_id(self.pathway)[self.node_id]

    @property
    def is_start(self) -> bool:
        return not self.trail

    def answers(self) -> list[tuple["Step", Any]]:
        """(question step, chosen option) for every answer given so far."""
        out = []
        for i, chosen in enumerate(self.trail):
            asked = Step(self.pathway, self.trail[:i])
            option = next(o for o in asked.node.options if o.next == chosen)
            out.append((asked, option))
        return out

    def after(self, option) -> "Step":
        return Step(self.pathway, self.trail + (option.next,))


def nodes_by_id(pathway: Pathway) -> dict[str, QuestionNode | OutcomeNode]:
    return {n.id: n for n in pathway.nodes}


def steps(pathway: Pathway) -> Iterator[Step]:
    """Every reachable step (page) of a valid pathway, depth first."""
    stack = [Step(pathway, ())]
    while stack:
        step = stack.pop()
        yield step
        if isinstance(step.node, QuestionNode):
            stack.extend(step.after(o) for o in reversed(step.node.options))


# ----------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------


def check_pathways(cat: "Catalogue", docs: dict[str, "YamlDoc"], broken: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for pid, pathway in cat.pathways.items():
        problems += _check_one(cat, pathway, docs[pid], broken)
    return problems


def _check_one(cat: "Catalogue", pw: Pathway, doc: "YamlDoc", broken: set[str]) -> list[Problem]:
    problems: list[Problem] = []

    def need(ok: bool, loc: tuple, message: str) -> None:
        if not ok:
            problems.append(Problem(doc.rel, doc.line_of(loc), pw.id, dotted(loc), message))

    index: dict[str, int] = {}
    for i, node in enumerate(pw.nodes):
        need(node.id not in index, ("nodes", i, "id"), f"duplicate node id '{node.id}'")
        index.setdefault(node.id, i)
    need(pw.jurisdiction in cat.jurisdictions, ("jurisdiction",), f"unknown jurisdiction '{pw.jurisdiction}'")
    need(pw.start in index, ("start",), f"start node '{pw.start}' does not exist")

    for i, node in enumerate(pw.nodes):
        if isinstance(node, QuestionNode):
            seen: set[str] = set()
            for j, option in enumerate(node.options):
                need(option.next in index, ("nodes", i, "options", j, "next"), f"leads to node '{option.next}', which does not exist")
                need(option.next not in seen, ("nodes", i, "options", j, "next"), "two answers lead to the same node")
                seen.add(option.next)
        else:
            for j, sid in enumerate(node.services):
                need(sid in cat.services or sid in broken, ("nodes", i, "services", j), f"service '{sid}' does not exist")
            for j, link in enumerate(node.documents):
                d = cat.documents.get(link.document)
                need(d is not None or link.document in broken, ("nodes", i, "documents", j, "document"),
                     f"document '{link.document}' does not exist")
                if d is not None and link.role is not None:
                    need(link.role in {r.id for r in d.roles}, ("nodes", i, "documents", j, "role"),
                         f"role '{link.role}' does not exist in document '{d.id}'")
                if d is not None and link.section is not None:
                    need(link.section in {s.id for s in d.all_sections()}, ("nodes", i, "documents", j, "section"),
                         f"section '{link.section}' does not exist in document '{d.id}'")
    if problems:
        return problems  # the graph checks below need every edge to exist

    nodes = nodes_by_id(pw)
    cycle = _find_cycle(pw, nodes)
    if cycle:
        need(False, ("nodes", index[cycle[0]], "id"), "cycle: " + " -> ".join(cycle))
        return problems
    reachable = _reachable(pw, nodes)
    for node_id, i in index.items():
        need(node_id in reachable, ("nodes", i, "id"), f"node '{node_id}' cannot be reached from the start")
    depth = _max_questions(pw, nodes)
    need(depth <= MAX_QUESTIONS, ("start",), f"a path asks {depth} questions; at most {MAX_QUESTIONS} allowed")
    if pw.about_harm:
        first = nodes[pw.start]
        ok = isinstance(first, QuestionNode) and any(
            isinstance(nodes[o.next], OutcomeNode) and nodes[o.next].emergency for o in first.options
        )
        need(ok, ("start",), "a pathway about harm must start by asking about immediate danger, "
                             "with an answer leading to an emergency outcome")
    for i, node in enumerate(pw.nodes):
        if isinstance(node, OutcomeNode) and node.emergency:
            for sid in ("non-english-999", "999-bsl-sign-video"):
                need(sid in node.services, ("nodes", i, "services"), f"an emergency outcome must link '{sid}'")
    return problems


def _children(node) -> list[str]:
    return [o.next for o in node.options] if isinstance(node, QuestionNode) else []


def _find_cycle(pw: Pathway, nodes: dict) -> list[str] | None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node_id: str, path: list[str]) -> list[str] | None:
        state[node_id] = 1
        for child in _children(nodes[node_id]):
            if state.get(child) == 1:
                return path + [node_id, child]
            if child not in state:
                found = visit(child, path + [node_id])
                if found:
                    return found
        state[node_id] = 2
        return None

    for node_id in [pw.start, *nodes]:
        if node_id not in state:
            found = visit(node_id, [])
            if found:
                return found[found.index(found[-1]):]
    return None


def _reachable(pw: Pathway, nodes: dict) -> set[str]:
    seen, stack = set(), [pw.start]
    while stack:
        node_id = stack.pop()
        if node_id not in seen:
            seen.add(node_id)
            stack.extend(_children(nodes[node_id]))
    return seen


def _max_questions(pw: Pathway, nodes: dict) -> int:
    memo: dict[str, int] = {}

    def depth(node_id: str) -> int:
        if node_id not in memo:
            node = nodes[node_id]
            memo[node_id] = 0 if isinstance(node, OutcomeNode) else 1 + max(depth(c) for c in _children(node))
        return memo[node_id]

    return depth(pw.start)


