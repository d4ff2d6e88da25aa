"""Macros for qualitative claims about the data, so prose cannot drift from it: the period of a peak
or trough, the first period a measure turned positive or negative, how long it has been rising or
falling, and "every year on record". Each phrase is computed from the data, or the build stops
naming the claim when the data no longer support it."""

from __future__ import annotations

import itertools

from macros.core import chinese
from macros.core.errors import MacroCallError
from macros.core.language import Phrases, is_chinese
from macros.core.model import Observation
from macros.core.numbers import change_kind, format_value
from macros.core.periods import FREQUENCIES, Frequency, parse_period, periods_between
from macros.pages.render import Renderer

UNITS_OF_TIME = {
    Frequency.ANNUAL: ("year", "years"),
    Frequency.QUARTERLY: ("quarter", "quarters"),
    Frequency.HALF_YEARLY: ("half year", "half years"),
}
# Chinese: the unit of time as a count takes it (两年, 三个季度).
CHINESE_UNITS_OF_TIME = {Frequency.ANNUAL: "年", Frequency.HALF_YEARLY: "个半年", Frequency.QUARTERLY: "个季度"}
# Chinese: the periods as a set spoken of (有数据的年份、季度).
CHINESE_SPANS = {Frequency.ANNUAL: "年份", Frequency.HALF_YEARLY: "半年度", Frequency.QUARTERLY: "季度"}
say = Phrases(
    rose=("rose", "增长"),
    fell=("fell", "下降"),
    # A loss widens or narrows, a price rises or falls (numbers.change_kind).
    rose_loss=("rose", "扩大"),
    fell_loss=("fell", "收窄"),
    rose_price=("rose", "上涨"),
    fell_price=("fell", "下跌"),
    run_one=("{verb} for one {unit}", "{verb}了一{unit}"),
    run_many=("{verb} for {count} {unit}", "连续{count}{unit}{verb}"),
    every=("every {unit} from {first} to {last}", "{first}至{last}间每{unit}"),
    stops=(" (the figures here stop at {period}; later ones: {why})", "（本站数据截至{period}；此后的数字：{why}）"),
    starts=(" (of the {units} from {period}; earlier ones: {why})", "（就{period}起的数据而言；更早的数字：{why}）"),
    holes=(
        " (of the {units} with figures here; {count} between {first} and {last}: {why})",
        "（就本站有数据的{units}而言；{first}至{last}间缺{count}：{why}）",
    ),
    rise_and_fall=(
        "rose from {first} in {first_period} to {peak} in {peak_period}, then fell to {trough} in {trough_period}",
        "由{first_period}的{first}升至{peak_period}的{peak}，随后降至{trough_period}的{trough}",
    ),
    and_was=(", and was {value} in {period}", "，{period}为{value}"),
)
COUNTS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


class ClaimMacros:
    NAMES = ("words", "latest_words", "peak", "trough", "first", "since", "run", "every", "rise_and_fall")

    def __init__(self, render: Renderer):
        self.render = render
        self.catalog = render.catalog

    def _series(
        self, metric: str, frequency: str, start: str | None = None, end: str | None = None
    ) -> list[Observation]:
        if frequency not in FREQUENCIES:
            raise MacroCallError(f"unknown frequency '{frequency}'.", f"use one of {', '.join(FREQUENCIES)}.")
        found = self.catalog.series(metric, frequency)
        first = parse_period(start) if start else None
        last = parse_period(end) if end else None
        found = [o for o in found if (first is None or o.period >= first) and (last is None or o.period <= last)]
        if not found:
            raise MacroCallError(
                f"'{metric}' has no {frequency} values in that span.",
                "choose a metric, frequency and span with values.",
            )
        return found

    def _phrase(self, text: str, observations: list[Observation], kind: str, claim: str) -> str:
        return self.render.figure(text, observations, kind, data_claim=claim)

    def _where_it_stops(self, metric: str, frequency: str, series: list[Observation]) -> str:
        """For a claim over a whole series: nothing when the series reaches the newest period of its
        kind; otherwise the words that say where its figures stop and why. A series that stops early
        for no declared reason stops the build: the claim would speak as if it were complete."""
        newest = self.catalog.newest_of_kind(metric, frequency)
        # The period the series reaches (a balance's year or quarter, not its date).
        last = max(self.catalog.by_period(metric, frequency), default=series[-1].period)
        if newest is None or last >= newest:
            return ""
        later = [p for p in periods_between(last, newest)[1:]] if frequency != Frequency.DATED else [newest]
        kinds = {self.catalog.missing_kind(metric, p) for p in later}
        if None in kinds or len(kinds) != 1:
            where = self.catalog.datasets[self.catalog.metric(metric).dataset].path
            raise MacroCallError(
                f"the claim over '{metric}' stops at {last.label}, but the data reach {newest.label}, and "
                f"nothing says why the later {frequency} figures are missing.",
                f"add them to {where}, register them in data/gaps.yml with their kind, declare last_reported "
                "in the metric's metadata, or end the claim at a period you name (end=...).",
            )
        why = self.catalog.metric(metric).gap_kind(kinds.pop()).shown
        return say("stops", period=last.words, why=why)

    def _where_it_has_holes(self, metric: str, frequency: str, series: list[Observation], whole: bool) -> str:
        """For a peak, trough or turn: nothing when every period of the span has a figure; otherwise the
        words that say which periods are missing and why, since the highest (or the turn) may lie in one
        of them. `whole` means the claim speaks of the whole history, so periods registered as missing
        before the series begins count too."""
        if frequency == Frequency.DATED:
            return ""
        present = set(self.catalog.by_period(metric, frequency))
        first, last = series[0].period, series[-1].period
        inside = [p for p in periods_between(first, last) if p not in present]
        before = (
            sorted(
                g.period
                for g in self.catalog.gaps
                if g.metric == metric and g.period.frequency == frequency and g.period < first
            )
            if whole
            else []
        )
        if not inside and not before:
            return ""
        missing = inside or before
        kinds = {self.catalog.missing_kind(metric, p) for p in missing}
        if None in kinds:
            where = self.catalog.datasets[self.catalog.metric(metric).dataset].path
            raise MacroCallError(
                f"the claim over '{metric}' spans {missing[0].label}, which has no {frequency} figure and no reason.",
                f"add it to {where} or register it in data/gaps.yml with its kind.",
            )
        spec = self.catalog.metric(metric)
        why = "; ".join(sorted({spec.gap_kind(k).shown for k in kinds}))
        one, many = UNITS_OF_TIME.get(frequency, ("period", "periods"))
        units = CHINESE_SPANS.get(frequency, "期间") if is_chinese() else many
        if inside:
            if is_chinese():
                count = chinese.count_word(len(inside)) + CHINESE_UNITS_OF_TIME.get(frequency, "期")
            else:
                count = f"{COUNTS.get(len(inside), str(len(inside)))} {one if len(inside) == 1 else many} missing"
            return say("holes", units=units, count=count, first=first.words, last=last.words, why=why)
        return say("starts", units=units, period=first.words, why=why)

    def words(self, period: str) -> str:
        """A period as prose says it: "2024", "the second quarter of 2019", "the first half of 2025".
        Tables and charts use the codes (FY2024, Q2 2019); sentences use words.

        Args:
            period: a period label, often from `latest(...)`.

        Example: `{{ words("Q2 2019") }}`
        """
        try:
            return parse_period(period).words
        except ValueError as error:
            raise MacroCallError(str(error), "write the period as FY2024, H1 2024, Q1 2025 or 2020-05-08.") from None

    def latest_words(self, metric: str, frequency: str = "annual") -> str:
        """The latest period of a metric in words, as a sentence that speaks of "the latest" says it;
        when its figures stop before the newest period of their kind, it says where and why: "2024
        (the figures here stop at 2024; later ones: published by the company, not yet available here)".

        Args:
            metric: a metric name.
            frequency: `"annual"`, `"half-yearly"`, `"quarterly"` or `"dated"`.

        Example: `In {{ latest_words("revenue_from_xiaomi_public_cloud") }} Xiaomi bought ...`
        """
        series = self._series(metric, frequency)
        last = max(self.catalog.by_period(metric, frequency))
        return last.words + self._where_it_stops(metric, frequency, series)

    def peak(self, metric: str, frequency: str = "annual", start: str | None = None, end: str | None = None) -> str:
        """The period in which a metric was highest, in words, linked to that value.

        Args:
            metric: a metric name.
            frequency: `"annual"`, `"half-yearly"` or `"quarterly"`.
            start: the first period considered (default: the earliest with a value).
            end: the last period considered (default: the latest with a value).

        Example: `{{ peak("net_loss") }}`
        """
        series = self._series(metric, frequency, start, end)
        o = max(series, key=lambda o: o.value)
        stops = "" if end else self._where_it_stops(metric, frequency, series)
        holes = self._where_it_has_holes(metric, frequency, series, whole=start is None)
        return self._phrase(o.period.words, [o], "peak", f"highest {metric}") + holes + stops

    def trough(self, metric: str, frequency: str = "annual", start: str | None = None, end: str | None = None) -> str:
        """The period in which a metric was lowest, in words, linked to that value; its arguments are
        those of `peak`.

        Example: `{{ trough("gross_margin") }}`
        """
        series = self._series(metric, frequency, start, end)
        o = min(series, key=lambda o: o.value)
        stops = "" if end else self._where_it_stops(metric, frequency, series)
        holes = self._where_it_has_holes(metric, frequency, series, whole=start is None)
        return self._phrase(o.period.words, [o], "trough", f"lowest {metric}") + holes + stops

    def first(self, metric: str, sign: str = "positive", frequency: str = "annual") -> str:
        """The first period in which a metric turned positive (or negative) after being the other, in
        words; the build stops if it never did.

        Args:
            metric: a metric name, e.g. `"gross_profit"`.
            sign: `"positive"` (turned above zero) or `"negative"` (turned below zero).
            frequency: `"annual"`, `"half-yearly"` or `"quarterly"`.

        Example: `{{ first("adjusted_ebitda", "positive", "quarterly") }}`
        """
        if sign not in ("positive", "negative"):
            raise MacroCallError(f"sign '{sign}' is unknown.", 'write "positive" or "negative".')
        series = self._series(metric, frequency)
        above = sign == "positive"
        for before, o in itertools.pairwise(series):
            if (o.value > 0) == above and (before.value > 0) != above and o.value != 0:
                if not _consecutive(before.period, o.period):
                    # The turn lies somewhere in the periods without figures: no period can be named.
                    raise MacroCallError(
                        f"'{metric}' turned {sign} between {before.period.label} and {o.period.label}, and the "
                        f"{frequency} figures between them are missing, so the period of the turn is unknown.",
                        "add the missing figures, or say 'by' the later period in words.",
                    )
                return self._phrase(o.period.words, [before, o], "first", f"{metric} first {sign}")
        raise MacroCallError(
            f"the claim that '{metric}' turned {sign} no longer holds: no {frequency} value does so after one of the other sign.",
            "rewrite the sentence, or correct the data.",
        )

    def since(self, metric: str, sign: str = "positive", frequency: str = "quarterly") -> str:
        """The period since which a metric has kept a sign without a break, up to its latest value, in
        words: "positive since the third quarter of 2025" is `since(...)` after "positive". The build
        stops if the latest value has the other sign; a missing period ends the run, since nothing can
        be said of it.

        Args:
            metric: a metric name, e.g. `"adjusted_operating_result"`.
            sign: `"positive"` (above zero) or `"negative"` (below zero).
            frequency: `"annual"`, `"half-yearly"` or `"quarterly"`.

        Example: `{{ since("adjusted_ebitda", "positive", "quarterly") }}`
        """
        if sign not in ("positive", "negative"):
            raise MacroCallError(f"sign '{sign}' is unknown.", 'write "positive" or "negative".')
        series = self._series(metric, frequency)
        holds = (lambda o: o.value > 0) if sign == "positive" else (lambda o: o.value < 0)
        if not holds(series[-1]):
            raise MacroCallError(
                f"the claim that '{metric}' has been {sign} since some period no longer holds: its latest value "
                f"({series[-1].period.label}, {series[-1].where}) is not {sign}.",
                "rewrite the sentence, or correct the data.",
            )
        start = len(series) - 1
        while start > 0 and holds(series[start - 1]) and _consecutive(series[start - 1].period, series[start].period):
            start -= 1
        if start == 0:
            raise MacroCallError(
                f"'{metric}' has been {sign} in every {frequency} period with a value, so 'since' would claim "
                "more than the data know about the time before.",
                f'write every("{metric}", "{frequency}", ...) instead.',
            )
        used = [series[start], series[-1]]
        stops = self._where_it_stops(metric, frequency, series)
        return self._phrase(series[start].period.words, used, "since", f"{metric} {sign} since") + stops

    def run(self, metric: str, frequency: str = "annual", end: str | None = None) -> str:
        """How the metric moved in the run of consecutive periods ending at `end`: "rose for three
        years", "fell for two quarters". Consecutive means no period missing.

        Args:
            metric: a metric name.
            frequency: `"annual"`, `"half-yearly"` or `"quarterly"`.
            end: the last period of the run (default: the latest with a value).

        Example: `{{ run("revenue", "annual", "FY2023") }}`
        """
        series = self._series(metric, frequency, end=end)
        if len(series) < 2:
            raise MacroCallError(
                f"'{metric}' needs two {frequency} values to have risen or fallen.", "choose a longer span."
            )
        steps = []
        for before, after in zip(reversed(series[:-1]), reversed(series[1:]), strict=True):
            if not _consecutive(before.period, after.period):
                break
            steps.append((before, after))
        if not steps:
            raise MacroCallError(
                f"'{metric}' has a gap before {series[-1].period.label}.", "choose a period after a complete run."
            )
        rising = steps[0][1].value > steps[0][0].value
        count = 0
        for before, after in steps:
            if (after.value > before.value) != rising or after.value == before.value:
                break
            count += 1
        one, many = UNITS_OF_TIME.get(frequency, ("period", "periods"))
        verb = "rose" if rising else "fell"
        if is_chinese():
            unit = CHINESE_UNITS_OF_TIME.get(frequency, "期")
            count_text = chinese.count_word(count)
        else:
            unit, count_text = (one if count == 1 else many), COUNTS.get(count, str(count))
        kind = change_kind(self.catalog.metric(metric))
        verb = verb if kind == "amount" else f"{verb}_{kind}"
        text = say("run_one" if count == 1 else "run_many", verb=say(verb), count=count_text, unit=unit)
        used = [steps[count - 1][0]] + [after for _, after in reversed(steps[:count])]
        stops = "" if end else self._where_it_stops(metric, frequency, series)
        return self._phrase(text, used, "run", f"{metric} {verb} {count}") + stops

    def every(
        self, metric: str, frequency: str = "annual", above: float | None = None, below: float | None = None
    ) -> str:
        """The phrase "every year from 2017 to 2025" (or quarter), when the metric is above (or below) the
        bound in every period with a value; otherwise the build stops naming the period that breaks it.

        Args:
            metric: a metric name, e.g. `"net_loss"`.
            frequency: `"annual"` or `"quarterly"`.
            above: the bound every value exceeds.
            below: the bound every value stays under.

        Example: `{{ every("net_loss", "annual", above=0) }}`
        """
        if (above is None) == (below is None):
            raise MacroCallError(
                "give exactly one of above= or below=.", 'write e.g. every("net_loss", "annual", above=0).'
            )
        series = self._series(metric, frequency)
        m = self.catalog.metric(metric)
        for o in series:
            if (above is not None and not o.value > above) or (below is not None and not o.value < below):
                bound = f"above {above:g}" if above is not None else f"below {below:g}"
                raise MacroCallError(
                    f"the claim that '{metric}' is {bound} in every {frequency} period no longer holds: "
                    f"{o.period.label} is {format_value(o.value, m.unit, m.decimals_for(o))} ({o.where}).",
                    "rewrite the sentence, or correct the data.",
                )
        one, _ = UNITS_OF_TIME.get(frequency, ("period", "periods"))
        unit = CHINESE_UNITS_OF_TIME.get(frequency, "期").lstrip("个") if is_chinese() else one
        text = say("every", unit=unit, first=series[0].period.words, last=series[-1].period.words)
        stops = self._where_it_stops(metric, frequency, series)
        return self._phrase(text, [series[0], series[-1]], "every", f"{metric} every {one}") + stops

    def rise_and_fall(self, metric: str, frequency: str = "quarterly", start: str | None = None) -> str:
        """The course of a metric from `start` as its own data run: "rose from 10.4% in the first
        quarter of 2023 to 19.2% in the fourth quarter of 2024, then fell to 14.9% in the second
        quarter of 2025, and was 17.1% in the fourth quarter of 2025". The peak and the low after it
        come from the data, never from chosen periods; the build stops if the series did not rise and
        then fall, and says where the figures stop if they stop early.

        Args:
            metric: a metric name, e.g. `"adjusted_gross_margin"`.
            frequency: `"annual"`, `"half-yearly"` or `"quarterly"`.
            start: the period the story starts from.

        Example: `{{ rise_and_fall("adjusted_gross_margin", "quarterly", "Q1 2023") }}`
        """
        series = self._series(metric, frequency, start)
        top = max(range(len(series)), key=lambda i: series[i].value)
        if top == 0 or top == len(series) - 1:
            raise MacroCallError(
                f"'{metric}' did not rise and then fall from {series[0].period.label}: its highest value is "
                f"{'the first' if top == 0 else 'the latest'} ({series[top].period.label}).",
                "rewrite the sentence (peak, trough and run describe other courses), or start elsewhere.",
            )
        low = min(range(top + 1, len(series)), key=lambda i: series[i].value)
        m = self.catalog.metric(metric)

        def figure(o: Observation) -> str:
            return self.render.figure(format_value(o.value, m.unit, m.decimals_for(o)), [o], "value")

        first, peak, trough, latest = series[0], series[top], series[low], series[-1]
        text = say(
            "rise_and_fall",
            first=figure(first),
            first_period=first.period.words,
            peak=figure(peak),
            peak_period=peak.period.words,
            trough=figure(trough),
            trough_period=trough.period.words,
        )
        if latest is not trough:
            text += say("and_was", value=figure(latest), period=latest.period.words)
        return text + self._where_it_stops(metric, frequency, series)


def _consecutive(before, after) -> bool:
    try:
        return len(periods_between(before, after)) == 2
    except ValueError:
        return False
