"""Two checks the browser journeys run on every page beside axe (Tests/Browser/journeys.py,
Console.checked):

- **a phone's width**: at 390 CSS pixels the page must not scroll sideways (an unbreakable
  reference number, a wide table outside its scroller, a chart with a fixed width); the widest
  element that sticks out is named;
- **the reader's language**: on a page in another language than English, no visible text may be
  an English catalogue text whose key reads differently in the page's language (a text the page
  forgot to translate, or one it took from the wrong language), no text may be a raw enum value
  or message key (`in_yard`, `web.dashboard.title`), and no text may be an English sentence
  (a reason written in code, a catalogue entry that falls back to English). Names, codes and
  numbers are not judged; neither is what the page marks as another language (`lang`), code
  (`code`, `pre`, `kbd`, `samp`) or what a person typed into a field.

Each check returns the problems it found as sentences (empty when the page passes), so the
journeys decide how to fail and a script can list them all.
"""

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PHONE_WIDTH = 390
DESKTOP = (1280, 1000)

# Every rendered element's right edge against the viewport; elements inside a box that scrolls
# or clips sideways (a `.scroll` table) are that box's business, not the page's.
_OVERFLOW_SCRIPT = """
const root = document.documentElement;
const width = root.clientWidth;
if (root.scrollWidth <= width) { return null; }
const clips = (element) => {
  for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
    const overflow = getComputedStyle(box).overflowX;
    if (overflow !== 'visible') { return true; }
  }
  return false;
};
let worst = null;
for (const element of document.body.querySelectorAll('*')) {
  const rect = element.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0 || rect.right <= width + 1 || clips(element)) { continue; }
  if (!worst || rect.width > worst.width) {
    worst = {width: Math.round(rect.width), right: Math.round(rect.right), tag: element.tagName.toLowerCase(),
             id: element.id || '', classes: (element.getAttribute('class') || '').trim(),
             text: (element.innerText || element.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 80)};
  }
}
return {scrollWidth: root.scrollWidth, clientWidth: width, worst: worst};
"""

# The page's text as a person meets it: text nodes of rendered elements (closed <details>
# opened for the reading, the charts' titles included), the texts of buttons, placeholders,
# labels for assistive technology and options, and the document's title. Each text comes with
# the language its nearest `lang` says and whether it is code or a person's input.
_TEXT_SCRIPT = """
const closed = [...document.querySelectorAll('details:not([open])')];
closed.forEach((details) => details.setAttribute('open', ''));
const texts = [];
const skip = 'script, style, noscript, template, code, pre, kbd, samp, textarea';
const languageOf = (element) => { const marked = element.closest('[lang]'); return marked ? marked.getAttribute('lang') : ''; };
const shown = (element) => {
  if (element.closest('svg')) { const svg = element.closest('svg'); return svg.checkVisibility ? svg.checkVisibility() : true; }
  return element.checkVisibility ? element.checkVisibility({checkOpacity: false, checkVisibilityCSS: true}) : true;
};
const add = (text, element) => {
  const clean = (text || '').replace(/\\s+/g, ' ').trim();
  if (clean) { texts.push([clean, languageOf(element)]); }
};
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const element = walker.currentNode.parentElement;
  if (!element || element.closest(skip) || !shown(element)) { continue; }
  add(walker.currentNode.nodeValue, element);
}
for (const element of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt], input[type=submit], input[type=button], option')) {
  if (element.closest(skip) || !shown(element.tagName === 'OPTION' ? (element.closest('select') || element) : element)) { continue; }
  for (const name of ['aria-label', 'title', 'placeholder', 'alt']) { add(element.getAttribute(name), element); }
  if (element.tagName === 'INPUT') { add(element.value, element); }
  if (element.tagName === 'OPTION') { add(element.textContent, element); }
}
add(document.title, document.documentElement);
closed.forEach((details) => details.removeAttribute('open'));
return texts;
"""

_SNAKE = re.compile(r"(?<![\w.@/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-]|\.\w)")
_KEY = re.compile(r"(?<![\w@/-])[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+(?![\w@/-])")
_PIECES = re.compile(r"\s+[·•|–—]\s+|\s*[;；:：]\s+|[()（）]")
# English words that are not Vietnamese words too: two of them among three or more plain
# lower-case Latin words make an English phrase ("no dossier has been decided yet").
_ENGLISH = {"the", "of", "and", "for", "is", "are", "has", "have", "been", "was", "were", "with", "this", "that", "yet",
            "not", "from", "your", "you", "will", "which", "their", "its", "by", "no", "or", "per", "into"}


def overflow_at_phone_width(driver):
    """Problems of the page at a phone's width (the window is put back to the desktop size)."""
    try:
        # A phone's scroll bar overlays the page: the layout gets the full 390 pixels.
        driver.execute_script("document.documentElement.style.scrollbarWidth = 'none'")
        driver.set_window_size(PHONE_WIDTH, DESKTOP[1])
        inner = driver.execute_script("return window.innerWidth")
        if inner != PHONE_WIDTH:  # the window's frame takes a few pixels on some platforms
            driver.set_window_size(2 * PHONE_WIDTH - inner, DESKTOP[1])
        found = driver.execute_script(_OVERFLOW_SCRIPT)
    finally:
        driver.set_window_size(*DESKTOP)
        driver.execute_script("document.documentElement.style.removeProperty('scrollbar-width')")
    if not found:
        return []
    worst = found.get("worst")
    if not worst:
        return [f"at {PHONE_WIDTH} px the page is {found['scrollWidth']} px wide (no single element found)"]
    name = worst["tag"] + (f"#{worst['id']}" if worst["id"] else "") + "".join(f".{c}" for c in worst["classes"].split())
    return [f"at {PHONE_WIDTH} px the page is {found['scrollWidth']} px wide: <{name}> is {worst['width']} px wide, "
            f"reaching {worst['right']} px ({worst['text']!r})"]


class TranslationAudit:
    """The catalogues' English texts, to recognise one on a page in another language."""

    def __init__(self, messages):
        self.messages = messages
        self.keys = {key for catalogue in messages.values() for key in catalogue}
        self._english = {}

    @staticmethod
    def _forms(value):
        return list(value.values()) if isinstance(value, dict) else [value]

    @staticmethod
    def _normal(text):
        return re.sub(r"\s+", " ", text).strip()

    def english_texts(self, language):
        """Exact English texts, and English templates as patterns, whose key reads differently in `language`."""
        if language in self._english:
            return self._english[language]
        english, own = self.messages["en"], self.messages.get(language, {})
        exact, patterns = {}, []
        for key, value in english.items():
            theirs = own.get(key)
            if theirs is not None and self._forms(theirs) == self._forms(value):
                continue  # the same text in both languages (a code, an acronym)
            for form in self._forms(value):
                form = self._normal(form)
                literal = re.sub(r"\{[A-Za-z]+\}", "", form)
                if sum(c.isalpha() for c in literal) < 2:
                    continue
                if "{" not in form:
                    exact.setdefault(form, key)
                elif sum(c.isalpha() for c in literal) >= 4:
                    parts = re.split(r"(\{[A-Za-z]+\})", form)
                    regex = "".join((r"[\d.,\s]+" if part in ("{count}", "{number}") else r".+?") if part.startswith("{")
                                    else re.escape(part) for part in parts if part)
                    patterns.append((re.compile(f"^{regex}$"), key))
        self._english[language] = (exact, patterns)
        return exact, patterns

    def problems(self, texts, language):
        """Problems of the texts [(text, lang attribute)] of a page in `language`."""
        if language == "en":
            return []
        exact, patterns = self.english_texts(language)
        found = []

        def flag(message):
            if message not in found:
                found.append(message)

        for text, marked in texts:
            if marked and marked.split("-")[0] != language.split("-")[0]:
                continue  # the page says this text is in another language
            pieces = [text] + [piece.strip() for piece in _PIECES.split(text) if piece and piece.strip()]
            for piece in pieces:
                key = exact.get(piece)
                if key is None:
                    key = next((key for pattern, key in patterns if pattern.match(piece)), None)
                if key is not None:
                    flag(f"English text of {key}: {piece!r}")
            for token in _SNAKE.findall(text):
                flag(f"raw value {token!r} in {text[:80]!r}")
            for token in _KEY.findall(text):
                if token in self.keys:
                    flag(f"message key {token!r} shown as text")
            for run in re.findall(r"(?:\b[a-z]+\b[ ,]+){2,}\b[a-z]+\b", text):
                words = re.findall(r"[a-z]+", run)
                if len(words) >= 3 and sum(word in _ENGLISH for word in words) >= 2:
                    flag(f"English phrase {run!r} in {text[:100]!r}")
        return found

    def page_problems(self, driver, language):
        """Reads the page's texts (one script call) and judges them."""
        if language == "en":
            return []
        return self.problems(driver.execute_script(_TEXT_SCRIPT), language)


def load_messages():
    return {path.stem: json.loads(path.read_text(encoding="utf-8"))
            for path in (ROOT / "Sources/Localization/Resources/messages").glob("*.json")}
