"""Every string of the bokmål source has its nynorsk translation, and no text reaches a page
around gettext.

The catalogue check runs makemessages over the sources into a temporary folder, so it fails
the moment a new or changed string appears in code or templates without a translation in
locale/nn/LC_MESSAGES/django.po; its message lists the missing msgids, ready to translate.
"""

import ast
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType

BASE_DIR = Path(settings.BASE_DIR)
CATALOGUE = BASE_DIR / "locale" / "nn" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
APPS = ("samhandling", "contacts", "agreements", "deviations", "portal")
TEMPLATE_ROOTS = [BASE_DIR / "templates", *(BASE_DIR / app / "templates" for app in APPS)]

needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="gettext is missing (apt-get install gettext)"
)


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _translated(entry: polib.POEntry) -> bool:
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


@pytest.fixture(scope="module")
def source_strings(tmp_path_factory) -> list[polib.POEntry]:
    """The msgids makemessages finds in the sources today, in a catalogue of its own.

    makemessages writes into the catalogue whose folder contains the source file, so it
    runs over a copy of the sources: the project's own catalogue is never touched.
    """
    copy = tmp_path_factory.mktemp("sources")
    for path in [*BASE_DIR.glob("*.py"), *(p for root in (*APPS, "templates") for p in (BASE_DIR / root).rglob("*"))]:
        if path.suffix in (".py", ".html", ".txt") and "__pycache__" not in path.parts:
            target = copy / path.relative_to(BASE_DIR)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    (copy / "locale").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(copy)
        patch.setattr(settings, "LOCALE_PATHS", [copy / "locale"])
        call_command("makemessages", locale=["nn"], add_location="file", verbosity=0)
    return [entry for entry in polib.pofile(str(copy / "locale" / "nn" / "LC_MESSAGES" / "django.po")) if entry.msgid]


def _listing(entries: list[polib.POEntry]) -> str:
    return "\n".join(
        f"  {entry.msgid!r}{' / ' + repr(entry.msgid_plural) if entry.msgid_plural else ''}"
        f"  ({', '.join(sorted({path for path, _line in entry.occurrences}))})"
        for entry in entries
    )


@needs_gettext
def test_every_string_of_the_bokmal_source_has_a_nynorsk_translation(source_strings):
    catalogue = {_key(entry): entry for entry in polib.pofile(str(CATALOGUE))}
    missing = [entry for entry in source_strings if not _translated(catalogue.get(_key(entry), polib.POEntry()))]
    assert not missing, (
        f"{len(missing)} strings have no nynorsk translation (empty, fuzzy or absent). Run "
        "`manage.py makemessages -l nn --add-location=file`, translate them in "
        f"{CATALOGUE.relative_to(BASE_DIR)}, then `make setup`:\n" + _listing(missing)
    )


@needs_gettext
def test_the_catalogue_holds_no_string_the_source_no_longer_has(source_strings):
    wanted = {_key(entry) for entry in source_strings}
    stale = [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete and _key(entry) not in wanted]
    assert not stale, "Translations of strings no longer in the source (run makemessages):\n" + _listing(stale)


@needs_gettext
def test_the_translations_keep_every_placeholder():
    result = subprocess.run(
        ["msgfmt", "--check-format", "--check-header", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_the_compiled_catalogue_matches_the_translations():
    assert COMPILED.exists(), f"{COMPILED.relative_to(BASE_DIR)} is missing: run `make setup` (compilemessages)"
    compiled = {(entry.msgctxt, entry.msgid): entry for entry in polib.mofile(str(COMPILED))}
    stale = []
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        found = compiled.get(_key(entry))
        if found is None or (found.msgstr_plural or found.msgstr) != (
            {int(k): v for k, v in entry.msgstr_plural.items()} if entry.msgid_plural else entry.msgstr
        ):
            stale.append(entry)
    assert not stale, "The .mo is older than the .po: run `make setup` (compilemessages):\n" + _listing(stale[:20])


# --- Literal text outside gettext -------------------------------------------------------------

MARK = "\x00"
# Attributes a reader hears or sees; the rest (class, href, id, ...) are for machines.
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "aria-roledescription", "label"}
WORD = re.compile(r"[A-Za-zÆØÅæøåÉé]{2,}")
OPENING = {"blocktranslate", "blocktrans", "comment", "verbatim"}
CLOSING = {"end" + name for name in OPENING}


def _text_outside_gettext(source: str) -> str:
    """The template's own text, every tag, variable and translated block replaced by MARK."""
    parts, depth = [], 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = (token.contents.split() or [""])[0]
            depth += (name in OPENING) - (name in CLOSING)
            parts.append(MARK)
        elif token.token_type == TokenType.TEXT and depth == 0:
            parts.append(token.contents)
        else:
            parts.append(MARK)
    return "".join(parts)


def literal_text(path: Path) -> list[str]:
    """Words a reader would meet that are written straight into the template."""
    text = _text_outside_gettext(path.read_text())
    found = []
    if path.suffix == ".html":
        text = re.sub(r"<!--.*?-->", MARK, text, flags=re.S)
        for tag in re.finditer(r"<[^>]*>", text, flags=re.S):
            for attribute in re.finditer(r'([\w-]+)\s*=\s*"([^"]*)"', tag.group(0)):
                name, value = attribute.groups()
                is_button_text = name == "value" and re.search(r'type="(submit|button|reset)"', tag.group(0))
                if name in READ_ATTRIBUTES or is_button_text:
                    found += [f'{name}="{piece.strip()}"' for piece in value.split(MARK) if WORD.search(piece)]
        text = re.sub(r"<[^>]*>", MARK, text, flags=re.S)
        text = re.sub(r"&[#\w]+;", " ", text)
    return found + [" ".join(piece.split()) for piece in text.split(MARK) if WORD.search(piece)]


def _templates() -> list[Path]:
    return sorted(
        path for root in TEMPLATE_ROOTS if root.exists() for path in root.rglob("*") if path.suffix in (".html", ".txt")
    )


def test_the_literal_text_finder_finds_text_attributes_and_nothing_translated(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<p class="lead" title="Les mer">Hei {{ name }} og velkommen</p>\n'
        '<input type="submit" value="Send">{% translate "Lagre" %}<img alt="{% translate \'Logo\' %}" src="x.png">\n'
        "{% blocktranslate %}Hei {{ name }}{% endblocktranslate %}{# Kommentar #}<!-- merknad -->"
        "{% comment %}Forklaring{% endcomment %} · – 12"
    )
    assert literal_text(page) == ['title="Les mer"', 'value="Send"', "Hei", "og velkommen"]


def test_no_template_shows_text_outside_translate_or_blocktranslate():
    found = {str(path.relative_to(BASE_DIR)): text for path in _templates() if (text := literal_text(path))}
    assert not found, "Text outside {% translate %} / {% blocktranslate %}:\n" + "\n".join(
        f"  {path}: {texts}" for path, texts in found.items()
    )


# Keyword arguments and calls whose string a reader sees: form and model labels, help texts,
# messages and validation errors. Log lines and Http404's text never reach a page.
READ_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label", "message"}


def _is_prose(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(WORD.search(node.value))


def _python_sources() -> list[Path]:
    skipped = {"tests", "migrations", "bench"}
    return sorted(
        path
        for app in APPS
        for path in (BASE_DIR / app).rglob("*.py")
        if not skipped & set(path.relative_to(BASE_DIR).parts) and path.name != "demo.py"
    )


def test_no_python_label_message_or_error_reaches_a_page_outside_gettext():
    found = []
    for path in _python_sources():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            owner = getattr(node.func, "value", None)
            strings = [keyword.value for keyword in node.keywords if keyword.arg in READ_KEYWORDS]
            if function == "ValidationError":
                strings += node.args
            if function == "add_error":  # add_error(field, error)
                strings += node.args[1:]
            if isinstance(owner, ast.Name) and owner.id == "messages":
                strings += node.args[1:]
            found += [f"{path.relative_to(BASE_DIR)}:{node.lineno}: {s.value!r}" for s in strings if _is_prose(s)]
    assert not found, "Strings shown to readers without gettext:\n" + "\n".join(found)


def _eager_calls(nodes: list[ast.stmt], eager: set[str]) -> list[int]:
    """Lines where a module or class body (run once, at import) calls a non-lazy gettext."""
    lines = []
    for node in nodes:
        if isinstance(node, ast.ClassDef):
            lines += _eager_calls(node.body, eager)
        elif not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            lines += [
                call.lineno
                for call in ast.walk(node)
                if isinstance(call, ast.Call) and getattr(call.func, "id", None) in eager
            ]
    return lines


def test_nothing_is_translated_once_at_import_in_whatever_language_is_active_then():
    found = []
    for path in _python_sources():
        tree = ast.parse(path.read_text())
        eager = {
            alias.asname or alias.name
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
            for alias in node.names
            if alias.name in ("gettext", "ngettext", "pgettext", "npgettext")
        }
        found += [f"{path.relative_to(BASE_DIR)}:{line}" for line in _eager_calls(tree.body, eager)]
    assert not found, "gettext at import time (use gettext_lazy):\n" + "\n".join(found)


def test_every_string_translated_through_a_variable_is_marked_for_makemessages():
    """`_(name)` translates a string that makemessages cannot see; the module must mark its
    strings with gettext_noop, or they never reach the catalogue (and stay in bokmål)."""
    translating = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext"}
    found = []
    for path in _python_sources():
        source = path.read_text()
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) in translating
                and node.args
                and not isinstance(node.args[0], ast.Constant)
                and "gettext_noop(" not in source
            ):
                found.append(f"{path.relative_to(BASE_DIR)}:{node.lineno}: {ast.unparse(node)}")
    assert not found, "Translated through a variable, with no gettext_noop marks:\n" + "\n".join(found)
