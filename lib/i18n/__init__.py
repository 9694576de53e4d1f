"""Every word a person reads, in French and English: t(key, lang) with plural forms, and Babel
formatting of numbers, money, percents and dates."""
from lib.i18n.formats import (
                              PERCENT_SUFFIX,
                              chart_locale,
                              fmt_date,
                              fmt_delta,
                              fmt_money,
                              fmt_number,
                              fmt_percent,
                              fmt_seconds,
                              fmt_stat,
                              fmt_stat_percent,
                              fmt_value,
)
from lib.i18n.translate import DEFAULT_LANG, LANGS, LOCALES, STRINGS, is_plural, plural_form, t

__all__ = ["DEFAULT_LANG", "LANGS", "LOCALES", "PERCENT_SUFFIX", "STRINGS", "chart_locale", "fmt_date",
           "fmt_delta", "fmt_money", "fmt_number", "fmt_percent", "fmt_seconds", "fmt_stat",
           "fmt_stat_percent", "fmt_value", "is_plural", "plural_form", "t"]
