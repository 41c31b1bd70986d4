"""What a person who reads only German sees: the English texts that would
show a missing translation, and screenshots of each screen for CI's
artefacts.

A visible text is a leak when it is exactly the English source (msgid) of a
string whose German translation differs, in our catalogues or in those of
Django, Wagtail and wagtail-localize: the screen shows the English original
although a German one exists or should.
"""

import functools
import os
import re
from pathlib import Path

import django
import polib
import wagtail
import wagtail_localize
from django.apps import apps

#: Screenshots of every browser test land here (``.ci/run`` keeps them).
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", "var/screenshots"))

VISIBLE_TEXTS = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    const element = node.parentElement;
    if (!text || !element || element.closest("script, style, template, noscript")) {
      continue;
    }
    const style = getComputedStyle(element);
    if (style.visibility === "hidden" || style.display === "none") continue;
    if (!element.getClientRects().length) continue;
    texts.push(text);
  }
  for (const element of document.querySelectorAll(
      "input[placeholder], textarea[placeholder], [aria-label], [title]")) {
    if (!element.getClientRects().length) continue;
    for (const name of ["placeholder", "aria-label", "title"]) {
      const value = (element.getAttribute(name) || "").trim();
      if (value) texts.push(value);
    }
  }
  return texts;
}"""


def catalogue_files():
    roots = [
        Path(config.path)
        for config in apps.get_app_configs()
        if config.name.startswith("rathaus.")
    ]
    for package in (django, wagtail, wagtail_localize):
        roots.append(Path(package.__file__).parent)
    for root in roots:
        yield from root.glob("**/locale/de/LC_MESSAGES/*.po")


#: English texts that Wagtail and wagtail-localize do not mark for translation
#: (screen-reader texts; the fix belongs upstream, not in a copied template).
UPSTREAM_UNTRANSLATED = {
    "Actions",  # aria-label of wagtailadmin/shared/headers/_actions.html
    "More actions",  # wagtail-localize's editor, common/components/ActionMenu
}


@functools.cache
def english_sources():
    """English msgids whose German translation differs from them, less the
    texts that are German too (the German of "Modules" is "Module")."""
    sources, german = set(), set()
    for path in catalogue_files():
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgstr:
                continue
            german.add(entry.msgstr.strip())
            if entry.msgstr.strip() != entry.msgid.strip() and re.search(
                "[a-z]{3}", entry.msgid
            ):
                sources.add(entry.msgid.strip())
    return frozenset(sources - german - UPSTREAM_UNTRANSLATED)


def english_leaks(page, allowed=()):
    """The English texts on the screen that have (or need) a German version."""
    sources = english_sources()
    return sorted(
        {
            text
            for text in page.evaluate(VISIBLE_TEXTS)
            if text in sources and text not in allowed
        }
    )


def screenshot(page, name):
    """Save the screen as ``<SCREENSHOT_DIR>/<name>.png``."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"), full_page=True)


def visit_in_german(page, url, name, allowed=()):
    """Open ``url``, keep a screenshot and return the English leaks."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    return english_leaks(page, allowed)
