"""The LLM engine: one conversation per target, repaired with the validator's verdicts.

Round 1 asks the model about every target (concurrently).  Each answer is
parsed into candidates; unless it is the last round, they are validated here
with ``validate_module`` — the same judge the pipeline applies afterwards — and
each target whose tests were rejected, or that still misses lines, gets its
conversation continued with the reasons, the errors and the lines still
missing, up to ``max_attempts`` rounds.  The engine returns the kept
candidates plus the last round's; it never writes into the project (only into
its own cache under ``.covlift/llm-cache/``) and never decides acceptance.

``context.budget_s`` bounds the repair rounds: the first question about every
target is always asked; no later round starts after the budget.
"""

from __future__ import annotations

import ast
import hashlib
import textwrap
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from covlift.errors import UsageError
from covlift.generation.engines.base import EngineContext
from covlift.generation.engines.llm.cache import LLMCache, target_key
from covlift.generation.engines.llm.caller import Caller, CostCapReached, RequestFailed
from covlift.generation.engines.llm.ledger import LedgerSummary
from covlift.generation.engines.llm.lookup import DefinitionIndex
from covlift.generation.engines.llm.parse import parse_answer
from covlift.generation.engines.llm.prompt import (
    SYSTEM,
    ModuleContext,
    module_context,
    repair_prompt,
    target_prompt,
)
from covlift.generation.engines.llm.providers import ChatRequest, Message, Provider, Reply
from covlift.generation.engines.llm.session import Session
from covlift.generation.engines.llm.settings import LLMSettings
from covlift.generation.model import Candidate, Target
from covlift.generation.targets import still_missing

if TYPE_CHECKING:
    from covlift.generation.judge.model import Verdict


@dataclass
class Conversation:
    """The state of one target's conversation (mutated by one thread at a time)."""

    target: Target
    remaining: Target | None
    messages: list[Message]
    tools: bool
    kept: list[Candidate] = field(default_factory=list)
    latest: list[Candidate] = field(default_factory=list)
    outcomes: list[tuple[str, str]] = field(default_factory=list)
    reply: Reply | None = None
    truncated: bool = False
    #: why the conversation stopped early (cost cap, failed request, budget)
    stopped: str = ""
    done: bool = False

    @property
    def label(self) -> str:
        return self.target.label


class LLMEngine:
    """Model-written tests behind the engine contract; see the module docstring."""

    name = "llm"

    def __init__(
        self,
        settings: LLMSettings | None = None,
        *,
        provider: Provider | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        #: this run's shared state (ledger, client, cache): one engine instance is one run
        self.session = Session.start(settings, provider) if settings is not None else None
        self.sleep = sleep
        self.clock = clock

    def summary(self) -> LedgerSummary | None:
        """What this run spent, for the command's report."""
        return self.session.ledger.summary() if self.session is not None else None

    def generate(self, targets: Sequence[Target], context: EngineContext) -> list[Candidate]:
        if not targets:
            return []
        session = self.session
        if session is None:
            raise UsageError("the llm engine has no settings; set [tool.covlift.llm] model or pass --model.")
        if session.settings.dry_run:
            return []
        return _ModuleRun(self, session, targets, context).run()


class _ModuleRun:
    """All conversations about the targets of one source module."""

    def __init__(
        self, engine: LLMEngine, session: Session, targets: Sequence[Target], context: EngineContext
    ) -> None:
        self.session = session
        self.settings = s = session.settings
        self.context = context
        self.judge = context.judge
        self.clock = engine.clock
        self.deadline = engine.clock() + context.budget_s
        root = context.root
        self.cache = LLMCache.for_project(root, enabled=s.cache)
        self.caller = Caller(
            session.get_provider(), s, self.cache, session.ledger, sleep=engine.sleep, seed=context.seed
        )
        self.ctx: ModuleContext = module_context(root, targets[0].path, targets[0].module)
        self.index = DefinitionIndex(root, targets[0].path)
        self.source_hash = hashlib.sha256(self.ctx.source.encode()).hexdigest()
        self.targets = list(targets)
        self.used: set[str] = set()

    # -- checkpoint ---------------------------------------------------------------------------

    def _key(self, target: Target) -> str:
        return target_key(self.settings, self.source_hash, target, self.context.seed)

    def _restore(self, target: Target) -> list[Candidate] | None:
        record = self.cache.finished(self._key(target))
        if record is None:
            return None
        out = []
        for c in record.get("candidates", []):
            if c["name"] in self.used:
                continue
            self.used.add(c["name"])
            out.append(Candidate(c["name"], target, c["body"], tuple(c["imports"]), "llm"))
        self.session.ledger.note(target.label, "resumed from the checkpoint: nothing asked")
        return out

    def _save(self, conv: Conversation) -> None:
        final = [*conv.kept, *conv.latest]
        self.cache.save_finished(
            self._key(conv.target),
            {
                "target": conv.label,
                "candidates": [{"name": c.name, "body": c.body, "imports": list(c.imports)} for c in final],
            },
        )

    # -- the rounds ---------------------------------------------------------------------------

    def run(self) -> list[Candidate]:
        s = self.settings
        tools = s.tools and self.session.tools_ok
        conversations: list[Conversation] = []
        restored: list[Candidate] = []
        for target in self.targets:
            previous = self._restore(target)
            if previous is not None:
                restored += previous
                continue
            first = {"role": "user", "content": target_prompt(self.ctx, target, tools=tools)}
            conversations.append(Conversation(target, target, [first], tools))
        pool = ThreadPoolExecutor(max_workers=s.concurrency, thread_name_prefix="covlift-llm")
        try:
            self._rounds(pool, conversations)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C: start nothing new
            raise
        pool.shutdown()
        final: list[Candidate] = list(restored)
        for c in conversations:
            final += [*c.kept, *c.latest]
            if not c.stopped:
                self._save(c)
        summary = self.session.ledger.summary()
        cost = "unknown cost" if summary.cost is None else f"${summary.cost:.4f}"
        s.say(
            f"llm: {summary.requests} request(s), {summary.cached} cached, {summary.retries} retried, "
            f"{summary.input_tokens} in / {summary.output_tokens} out tokens, {cost} so far"
            + (f"; stopped: {summary.stopped}" if summary.stopped else "")
        )
        return final

    def _rounds(self, pool: ThreadPoolExecutor, conversations: list[Conversation]) -> None:
        s = self.settings
        for attempt in range(1, s.max_attempts + 1):
            active = [c for c in conversations if not c.done]
            if not active:
                break
            if attempt > 1 and self.clock() > self.deadline:
                why = f"budget of {self.context.budget_s:g}s reached before attempt {attempt}"
                for c in active:
                    self._stop(c, why)
                break
            list(pool.map(self._ask, active))  # exceptions (a refused key) stop the run
            for c in active:
                self._read_answer(c, attempt)
            last = attempt == s.max_attempts or self.clock() > self.deadline or self.judge is None
            if not last:
                self._judge([c for c in active if not c.done], attempt)

    def _stop(self, conv: Conversation, why: str) -> None:
        conv.stopped, conv.done = why, True
        self.session.ledger.note(conv.label, why)
        self.settings.say(f"{conv.label}: {why}")

    def _ask(self, conv: Conversation) -> None:
        """One model turn (with its tool calls), in a worker thread."""
        s = self.settings
        ledger = self.session.ledger
        ledger.attempt(conv.label)
        conv.reply = None
        rounds = 0
        while True:
            tools = conv.tools
            request = ChatRequest(
                system=SYSTEM,
                messages=tuple(conv.messages),
                max_tokens=s.max_tokens,
                tools=tools,
                no_tool_calls=tools and rounds >= s.max_tool_rounds,
                temperature=s.temperature,
                seed=self.context.seed if s.provider == "openai" else None,
            )
            try:
                reply = self.caller.call(conv.label, request)
            except CostCapReached as exc:
                self._stop(conv, f"not asked: {exc}")
                return
            except RequestFailed as exc:
                if tools and exc.status in (400, 404, 422) and rounds == 0 and len(conv.messages) == 1:
                    conv.tools = False  # the server does not take tools: ask again without them
                    self.session.tools_ok = False
                    ledger.note(conv.label, f"the server refused tools ({exc}); asked without them")
                    continue
                self._stop(conv, f"request failed: {exc}")
                return
            if reply.tool_calls and not request.no_tool_calls:
                rounds += 1
                conv.messages.append(
                    {
                        "role": "assistant",
                        "content": reply.text,
                        "tool_calls": [
                            {"id": c.id, "name": c.name, "arguments": dict(c.arguments)}
                            for c in reply.tool_calls
                        ],
                    }
                )
                for call in reply.tool_calls:
                    result = (
                        self.index.lookup(str(call.arguments.get("name", "")))
                        if call.name == "lookup_definition"
                        else f"unknown tool {call.name}; the only tool is lookup_definition."
                    )
                    conv.messages.append(
                        {"role": "tool", "tool_call_id": call.id, "name": call.name, "content": result}
                    )
                continue
            conv.messages.append({"role": "assistant", "content": reply.text})
            conv.reply = reply
            return

    def _read_answer(self, conv: Conversation, attempt: int) -> None:
        if conv.done or conv.reply is None:
            return
        parsed = parse_answer(conv.reply.text, conv.target, self.used, available=self.ctx.public)
        conv.outcomes = [(r.name, f"rejected: {r.reason}") for r in parsed.rejected]
        seen = {_shape(c): c.name for c in conv.kept}
        conv.latest = []
        for c in parsed.candidates:
            twin = seen.get(_shape(c))
            if twin is not None:  # the same test again under another name: not worth a run
                self.used.discard(c.name)
                conv.outcomes.append((c.name, f"rejected: repeats {twin}"))
                continue
            seen[_shape(c)] = c.name
            conv.latest.append(c)
        conv.truncated = parsed.truncated or conv.reply.stop == "length"
        if conv.truncated:
            self.session.ledger.note(conv.label, f"attempt {attempt}: the answer was cut off at max-tokens")
        self.settings.say(
            f"{conv.label}: attempt {attempt}: {len(conv.latest)} candidate(s)"
            + (f", {len(parsed.rejected)} piece(s) rejected" if parsed.rejected else "")
        )

    def _judge(self, active: Sequence[Conversation], attempt: int) -> None:
        """Validate this round's candidates; continue the conversations that need it."""
        candidates = [c for conv in active for c in conv.latest]
        gaps = [conv.remaining for conv in active if conv.remaining is not None]
        verdicts: dict[str, Verdict] = {}
        details: dict[str, str] = {}
        if candidates:
            assert self.judge is not None  # the last round is reached first without a judge
            validation = self.judge.check(
                gaps, candidates, runs=self.settings.validate_runs, mutate=self.settings.validate_mutation
            )
            verdicts = {v.candidate.name: v for v in validation.verdicts}
            failing = [
                v.candidate for v in validation.verdicts if any(r.startswith("passed ") for r in v.reasons)
            ]
            details = self.judge.failures(failing) if failing else {}
        for conv in active:
            lines: set[int] = set()
            arcs: set[Any] = set()
            for c in conv.latest:
                v = verdicts[c.name]
                if v.accepted:
                    conv.kept.append(c)
                    lines |= set(v.new_lines)
                    arcs |= set(v.new_arcs)
                    conv.outcomes.append(
                        (c.name, f"kept (+{len(v.new_lines)} lines, +{len(v.new_arcs)} branches)")
                    )
                else:
                    self.used.discard(c.name)
                    text = "rejected: " + "; ".join(v.reasons)
                    if c.name in details:
                        text += "\n  error:\n" + textwrap.indent(details[c.name], "    ")
                    conv.outcomes.append((c.name, text))
            conv.latest = []
            if conv.remaining is not None:
                conv.remaining = still_missing(conv.remaining, lines, arcs)
            if conv.remaining is None:
                conv.done = True
                continue
            conv.messages.append(
                {
                    "role": "user",
                    "content": repair_prompt(
                        attempt + 1,
                        self.settings.max_attempts,
                        conv.outcomes,
                        conv.remaining,
                        truncated=conv.truncated,
                    ),
                }
            )


def _shape(candidate: Candidate) -> str:
    """The test's code without its name, to spot a repeated test."""
    tree = ast.parse(candidate.body)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            node.name = "_"
    return ast.dump(tree)
