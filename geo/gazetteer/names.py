"""Place-name normalisation: case, diacritics, articles, hyphens, transliteration variants, Arabic."""

from __future__ import annotations

import functools
import re
import unicodedata

ARTICLES = "al|el|ad|ar|as|at|az|ash|an|adh|ath|ed|er|es|et|ez"
ARTICLE = re.compile(rf"^({ARTICLES})\s+")
ARTICLE_WORD = re.compile(rf"^({ARTICLES})$")
INNER_ARTICLE = re.compile(r"\s(al|el|ad|ar|as|at|az|ash|an|ed|er|es|et|ez)\s")
APOSTROPHES = "'’‘`ʿʾʼ´"
ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u0621]")  # and lone hamza
ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و",
                                "ئ": "ي"})
ARABIC_RANGE = re.compile("[\u0600-\u06ff]")
VOWELS = re.compile(r"[aeiouy]")
DOUBLED = re.compile(r"(.)\1+")
NO_APOSTROPHES = str.maketrans("", "", APOSTROPHES)
SEPARATORS = re.compile(r"[-_.,/()]+")
NAME_CACHE_SIZE = 65_536
FRENCH_SOUNDS = {"ch": "sh", "dj": "j"}
FRENCH = re.compile("ch|dj")


def is_arabic(text: str) -> bool:
    """True when the text contains Arabic script."""
    return bool(ARABIC_RANGE.search(text))


def is_article(word: str) -> bool:
    """True for a bare article ('al', 'el', 'ash'...), which a place name may begin with."""
    return bool(ARTICLE_WORD.match(word))


def normalise_arabic(text: str) -> str:
    """Fold Arabic spelling variants: diacritics, tatweel, alef/ta marbuta/ya forms, the article."""
    folded = ARABIC_DIACRITICS.sub("", text).translate(ARABIC_LETTERS)
    words = [word[2:] if word.startswith("ال") and len(word) > 3 else word for word in folded.split()]
    return " ".join(words)


def fold_latin(text: str) -> str:
    """Lower-case, strip diacritics and apostrophes, turn hyphens and dots into spaces."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    spaced = SEPARATORS.sub(" ", text.translate(NO_APOSTROPHES).lower())
    return " ".join(spaced.split())


def slugify(text: str, limit: int = 80) -> str:
    """Lower-case ASCII slug for ids and file names ('Deir ez-Zor' -> 'deir-ez-zor')."""
    return re.sub(r"[^a-z0-9]+", "-", fold_latin(text)).strip("-")[:limit].strip("-")


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def normalise_name(text: str) -> str:
    """Return the lookup key of a place name: folded, without a leading or inner article."""
    if is_arabic(text):
        return normalise_arabic(text)
    folded = fold_latin(text)
    without_article = ARTICLE.sub("", folded)
    return INNER_ARTICLE.sub(" ", f" {without_article} ").strip()


@functools.lru_cache(maxsize=NAME_CACHE_SIZE)
def name_skeleton(text: str) -> str:
    """Return a transliteration-tolerant key: consonants only, doubled letters collapsed.

    Qusayr/Qusair, Saraqeb/Saraqib, Sheikhun/Shaykhun/Sheikhoun and Tartous/Tartus share one: vowels (ou/u/oo,
    ee/i) and doubled letters fall away, q is k and kh is h (Khreitan/Hreitan), and French spellings read as
    English ones (Cheikh/Sheikh, Djebel/Jebel).
    """
    key = normalise_name(text)
    if is_arabic(key):
        return key
    words = []
    for word in key.split():
        word = re.sub(r"(?<=[aeiou])w", "", word)
        word = FRENCH.sub(lambda found: FRENCH_SOUNDS[found.group(0)], word).replace("kh", "h").replace("q", "k")
        word = DOUBLED.sub(r"\1", VOWELS.sub("", word))
        if word:
            words.append(word)
    return " ".join(words)
