# Types for the part of Flask-Babel 4 that awareness uses (mypy reads this instead of the
# package, which annotates its code but ships no py.typed marker). Extend it when a new name
# is imported; a name missing here is an error, not a silent Any.
from collections.abc import Callable
from typing import Any

from babel import Locale
from babel.support import NullTranslations, Translations
from flask import Flask

class Babel:
    def __init__(self, app: Flask | None = None, **kwargs: Any) -> None: ...
    def init_app(
        self,
        app: Flask,
        default_locale: str = "en",
        default_domain: str = "messages",
        default_translation_directories: str = "translations",
        default_timezone: str = "UTC",
        locale_selector: Callable[[], str | None] | None = None,
        timezone_selector: Callable[[], str | None] | None = None,
    ) -> None: ...

def gettext(string: str, **variables: Any) -> str: ...
def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str: ...

# Returns a LazyString, translated each time it is used, so a form label or message defined at
# import follows the language of each request. It stands in for the str it becomes (str
# methods, %, +, __html__), which is how WTForms and Jinja take it: declared as that str.
def lazy_gettext(string: str, **variables: Any) -> str: ...
def get_locale() -> Locale | None: ...
def get_translations() -> Translations | NullTranslations: ...
def refresh() -> None: ...
