"""How a KPI result was computed (grain used, rows left out, currencies split), as codes with values.

A query returns notes, not sentences: each place that shows them words them in its reader's
language with `text(lang)` (strings in lib/i18n/strings/channels.toml). The command line prints
`str(note)`, the English sentence it has always printed (scripts read it), kept here verbatim.
"""
from __future__ import annotations

from dataclasses import dataclass

from lib.i18n import t

# The command line's sentences, word for word as before notes became codes (a stable contract).
PLAIN = {
    "note_cut": "{table}/{source}: answered from the {grain} cut; {others} other cut(s) of the same data left out",
    "note_no_export": "{table}/{source}: no export carries {dims} for this window",
    "note_no_daily_export": "{table}/{source}: no export carries daily rows for this window",
    "note_straddling": "{table}: {rows} row(s) cover a period that straddles the window and are left out; "
                       "choose a window that contains their whole period",
    "note_currencies": "{table}: several currencies ({currencies}); figures are split by currency, never added",
    "note_rates": "{table}: converted at your monthly rates ({rates})",
    "note_no_rate": "{table}: no {reporting} rate for some {currencies} months; those rows keep their currency, never added",
}
COMPARISON_PLAIN = "comparison: {note}"


@dataclass(frozen=True)
class Note:
    """One fact about a result: a code (its i18n key) and the values it names."""

    code: str
    values: tuple[tuple[str, object], ...] = ()   # (name, value) pairs: hashable, order kept
    comparison: bool = False                      # about the comparison window, not the current one

    @classmethod
    def of(cls, code: str, **values) -> Note:
        """A note with named values, e.g. Note.of("note_straddling", table="site_traffic", rows=2)."""
        return cls(code, tuple(values.items()))

    def compared(self) -> Note:
        """The same note, said of the comparison window."""
        return Note(self.code, self.values, comparison=True)

    def text(self, lang: str) -> str:
        """The note in `lang`, for a person reading a page or a report: tables, systems and
        columns by their names ("Search Console : aucun export ne porte Page"), never their ids."""
        said = t(self.code, lang, **_worded(dict(self.values), lang))
        return t("note_comparison", lang, note=said) if self.comparison else said

    def __str__(self) -> str:
        """The command line's English sentence, unchanged since notes were plain strings."""
        said = PLAIN[self.code].format(**dict(self.values))
        return COMPARISON_PLAIN.format(note=said) if self.comparison else said


def _worded(values: dict, lang: str) -> dict:
    """The values a note names, as a person calls them."""
    from lib.i18n import names

    table = values.get("table")
    out = dict(values)
    if table:
        out["table"] = names.name("table", table, lang)
    if "source" in values:   # "search_console (https://blog...)": the system, then whose rows
        system, _, account = str(values["source"]).partition(" (")
        system = names.name("source", system, lang) + (f" ({account}" if account else "")
        # "Search Console · Search Console" would say the same thing twice
        out["where"] = system if not table or system.startswith(out["table"]) else f"{out['table']} · {system}"
    if "dims" in values:
        out["dims"] = ", ".join(names.column_label(d, lang, table) for d in str(values["dims"]).split(", "))
    if "grain" in values:
        out["grain"] = " × ".join(t("dim_day", lang) if d == "date" else names.column_label(d, lang, table)
                                  for d in str(values["grain"]).split("+"))
    return out


def texts(notes: list, lang: str) -> list[str]:
    """The notes in `lang`, each sentence once, in order (what a page's notes expander lists);
    a note that is already a sentence is kept as it is."""
    return list(dict.fromkeys(n.text(lang) if isinstance(n, Note) else str(n) for n in notes))
