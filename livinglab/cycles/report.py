"""A cycle's report and a practice's cycle history, as Markdown: to download, to paste into a funder's report,
and, rendered by the lab's one Markdown renderer, to print.

People's text is escaped (``markdown_escaped``), so what they typed reads as typed and never becomes markup.
"""

from __future__ import annotations

from functools import partial

from livinglab.core.i18n import translate
from livinglab.core.text import markdown_escaped
from livinglab.cycles.reading import CycleLink, CycleView, MeasureView


def cycle_report(view: CycleView, lang: str) -> str:
    say, colon = partial(translate, lang=lang), _colon(lang)

    lines = [
        f"# {say('cycle.heading', number=view.number, title=markdown_escaped(view.title))}",
        "",
        f"{say('cycle.report.practice')}{colon} {markdown_escaped(view.practice_title)}  ",
        f"{say('cycle.report.stage')}{colon} {say(f'cycle.stage.{view.stage}')}  ",
    ]
    if view.started_on:
        lines.append(f"{say('cycle.report.started_on')}{colon} {view.started_on}  ")
    plan = view.plan
    lines += [
        "",
        f"## {say('cycle.stage.plan')}",
        "",
        f"**{say('cycle.part.objective')}**{colon} {_text(plan.objective)}",
    ]
    for index, question in enumerate(plan.questions, start=1):
        lines += [
            "",
            f"{index}. **{markdown_escaped(question.question)}**  ",
            f"   {say('cycle.part.prediction')}{colon} {_text(question.prediction)}",
        ]
        if index <= len(view.study.results):
            lines.append(f"   {say('cycle.part.result')}{colon} {_text(view.study.results[index - 1])}")
    for key, value in (("who", plan.who), ("where", plan.where), ("when", plan.when)):
        if value:
            lines += ["", f"**{say(f'cycle.part.{key}')}**{colon} {markdown_escaped(value)}"]
    if plan.tasks:
        lines += ["", f"**{say('cycle.part.tasks')}**", ""]
        lines += [
            f"- {markdown_escaped(task.task)}"
            + (f" — {markdown_escaped(task.who)}" if task.who else "")
            + (f" ({task.due})" if task.due else "")
            for task in plan.tasks
        ]
    lines += ["", f"## {say('cycle.stage.do')}", "", _text(view.doing.what_happened)]
    if view.doing.problems:
        lines += ["", f"**{say('cycle.part.problems')}**", ""]
        lines += [f"- {markdown_escaped(problem)}" for problem in view.doing.problems]
    if view.feedback:
        lines += ["", f"**{say('cycle.part.feedback')}**", ""]
        lines += [
            f"- {markdown_escaped(item.text)}"
            + (
                f" ({say('cycle.report.from_board', board=markdown_escaped(item.source.board_title))})"
                if item.source.board_id
                else ""
            )
            for item in view.feedback
        ]
    lines += ["", f"## {say('cycle.stage.study')}", "", _text(view.study.learned)]
    lines += ["", f"## {say('cycle.stage.act')}", ""]
    if view.decision:
        lines += [f"**{say(f'cycle.decision.{view.decision}')}** — {markdown_escaped(view.rationale)}"]
    else:
        lines.append(say("cycle.report.no_decision"))
    for measure in view.measures:
        lines += ["", *_measure_section(measure, lang)]
    return "\n".join(lines) + "\n"


def history_report(
    practice_title: str, cycles: list[CycleLink], measures: list[MeasureView], lang: str
) -> str:
    say, colon = partial(translate, lang=lang), _colon(lang)

    lines = [f"# {say('cycle.history.title', title=markdown_escaped(practice_title))}", ""]
    if not cycles:
        lines.append(say("cycle.history.empty"))
    for cycle in cycles:
        lines += [
            f"## {say('cycle.heading', number=cycle.number, title=markdown_escaped(cycle.title))}",
            "",
            f"{say('cycle.report.stage')}{colon} {say(f'cycle.stage.{cycle.stage}')}"
            + (f" · {say('cycle.report.started_on')}{colon} {cycle.started_on}" if cycle.started_on else ""),
            "",
            f"**{say('cycle.part.objective')}**{colon} {_text(cycle.objective)}",
            "",
        ]
        if cycle.decision:
            lines += [
                f"**{say(f'cycle.decision.{cycle.decision}')}** — {markdown_escaped(cycle.rationale)}",
                "",
            ]
    for measure in measures:
        lines += [*_measure_section(measure, lang), ""]
    return "\n".join(lines).rstrip() + "\n"


def _measure_section(measure: MeasureView, lang: str) -> list[str]:
    say = partial(translate, lang=lang)

    lines = [
        f"### {markdown_escaped(measure.name)} ({markdown_escaped(measure.unit)})",
        "",
        f"{say(f'measure.kind.{measure.kind}')} · {say(f'measure.direction.{measure.direction}')}",
    ]
    if measure.has_median:
        lines.append(f"  \n{say('measure.median', median=_number(measure.median))}")
    lines.append("")
    if not measure.enough_points:
        lines += [say("measure.few_points", count=len(measure.points)), ""]
    lines += [
        f"- {say(signal_key(signal.kind, signal.upward), points=signal.points)}"
        f" ({signal.first_day} → {signal.last_day})"
        for signal in measure.signals
    ]
    if measure.signals:
        lines.append("")
    lines += [
        f"| {say('measure.date')} | {say('measure.value')} | {say('measure.annotation')} |",
        "|---|---:|---|",
    ]
    lines += [
        f"| {point.day} | {_number(point.value)} | {markdown_escaped(point.annotation)} |"
        for point in measure.points
    ]
    return lines


def signal_key(kind: str, upward: bool) -> str:
    """The message naming a signal: « 7 points au-dessus de la médiane », « 5 points en baisse »."""
    return f"signal.{kind}.{'up' if upward else 'down'}"


def _colon(lang: str) -> str:
    """French sets a space before a colon; English does not."""
    return " :" if lang == "fr" else ":"


def _text(value: str) -> str:
    """A paragraph of people's text, line breaks kept, every markup character escaped."""
    return "  \n".join(markdown_escaped(line) for line in value.splitlines()) or "—"


def _number(value: float) -> str:
    return f"{value:g}"
