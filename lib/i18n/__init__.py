"""Every word a person reads, in French and English: t(key, lang) and Babel formatting."""
from lib.i18n.translate import (
                                DEFAULT_LANG,
                                LANGS,
                                LOCALES,
                                PERCENT_SUFFIX,
                                STRINGS,
                                chart_locale,
                                fmt_date,
                                fmt_delta,
                                fmt_money,
                                fmt_number,
                                fmt_percent,
                                fmt_seconds,
                                fmt_value,
                                t,
)

__all__ = ["DEFAULT_LANG", "LANGS", "LOCALES", "PERCENT_SUFFIX", "STRINGS", "chart_locale", "fmt_date",
           "fmt_delta", "fmt_money", "fmt_number", "fmt_percent", "fmt_seconds", "fmt_value", "t"]
