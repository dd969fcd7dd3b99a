"""Opening hours stated on a page, in text (many languages, tables, lunch breaks, exceptions) and in
structured data (OpeningHoursSpecification, ContactPoint.hoursAvailable, openingHours).

A helper module, not a check: the contact check (are hours stated), the consistency check (do pages
agree) and the audit's facts read the same :func:`opening_hours`. Every function is pure over the page model.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, TypeVar

from auditor.page import Page
from checks.extract import CONTEXT_CHARS, label_before, node_types, visible_text
from checks.scan import SparseFinder, compile_with_starts
from checks.text import lang_root

T = TypeVar("T")


@dataclass
class HoursFact:
    text: str
    days: list[str]
    opens: str | None
    closes: str | None
    timezone: str | None
    url: str
    source: str  # text | structured_data
    context: str = ""
    closed: bool = False



#: How far before its time range, "closed" or "except" word an hours statement may start (its days).
HOURS_REACH = 400


# ---------------------------------------------------------------------------------------------------
# Opening hours
# ---------------------------------------------------------------------------------------------------

DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
HOLIDAY_CODE = "PH"
#: Day names per language; full names are read on every page (a German line on an English page still
#: reads), abbreviations only in their page language ("Do", "So", "mar" are ordinary words elsewhere).
DAY_NAMES: dict[str, dict[str, str]] = {
    "en": {"monday": "Mo", "tuesday": "Tu", "wednesday": "We", "thursday": "Th", "friday": "Fr", "saturday": "Sa",
           "sunday": "Su"},
    "de": {"montag": "Mo", "dienstag": "Tu", "mittwoch": "We", "donnerstag": "Th", "freitag": "Fr", "samstag": "Sa",
           "sonnabend": "Sa", "sonntag": "Su"},
    "fr": {"lundi": "Mo", "mardi": "Tu", "mercredi": "We", "jeudi": "Th", "vendredi": "Fr", "samedi": "Sa",
           "dimanche": "Su"},
    "es": {"lunes": "Mo", "martes": "Tu", "miércoles": "We", "miercoles": "We", "jueves": "Th", "viernes": "Fr",
           "sábado": "Sa", "sabado": "Sa", "domingo": "Su"},
    "nl": {"maandag": "Mo", "dinsdag": "Tu", "woensdag": "We", "donderdag": "Th", "vrijdag": "Fr", "zaterdag": "Sa",
           "zondag": "Su", "zon-": "Su"},
    "it": {"lunedì": "Mo", "lunedi": "Mo", "martedì": "Tu", "martedi": "Tu", "mercoledì": "We", "mercoledi": "We",
           "giovedì": "Th", "giovedi": "Th", "venerdì": "Fr", "venerdi": "Fr", "sabato": "Sa", "domenica": "Su"},
    "pt": {"segunda-feira": "Mo", "terça-feira": "Tu", "terca-feira": "Tu", "quarta-feira": "We", "quinta-feira": "Th",
           "sexta-feira": "Fr", "sábado": "Sa", "domingo": "Su"},
}
_NORWEGIAN_DAYS = {"mandag": "Mo", "tirsdag": "Tu", "onsdag": "We", "torsdag": "Th", "fredag": "Fr", "lørdag": "Sa",
                   "søndag": "Su"}
DAY_NAMES.update({
    "sv": {"måndag": "Mo", "tisdag": "Tu", "onsdag": "We", "torsdag": "Th", "fredag": "Fr", "lördag": "Sa",
           "söndag": "Su"},
    "da": _NORWEGIAN_DAYS,  # Danish and Norwegian Bokmål write the weekdays alike: one table serves both
    "nb": _NORWEGIAN_DAYS,
    "fi": {"maanantai": "Mo", "tiistai": "Tu", "keskiviikko": "We", "torstai": "Th", "perjantai": "Fr",
           "lauantai": "Sa", "sunnuntai": "Su"},
    # Polish declines its weekdays: the names, their plurals ("w soboty"), the accusative ("w środę") and the
    # genitive of "od poniedziałku do piątku"
    "pl": {"poniedziałek": "Mo", "poniedziałki": "Mo", "poniedziałku": "Mo", "wtorek": "Tu", "wtorki": "Tu",
           "wtorku": "Tu", "środa": "We", "środę": "We", "środy": "We", "czwartek": "Th", "czwartki": "Th",
           "czwartku": "Th", "piątek": "Fr", "piątki": "Fr", "piątku": "Fr", "sobota": "Sa", "sobotę": "Sa",
           "soboty": "Sa", "niedziela": "Su", "niedzielę": "Su", "niedziele": "Su", "niedzieli": "Su"},
})
# "Sonn- und Feiertage", "zon- en feestdagen", "Søn- og helligdage", "sön- och helgdagar": a Sunday written as
# the first half of a compound.
DAY_NAMES["de"]["sonn-"] = "Su"
_NORWEGIAN_DAYS["søn-"] = DAY_NAMES["sv"]["sön-"] = "Su"
#: Danish and Norwegian abbreviate alike too.
_NORWEGIAN_ABBREVIATIONS = {"man": "Mo", "tir": "Tu", "ons": "We", "tor": "Th", "tors": "Th", "fre": "Fr", "lør": "Sa",
                            "søn": "Su"}
DAY_ABBREVIATIONS: dict[str, dict[str, str]] = {
    "en": {"mon": "Mo", "tues": "Tu", "tue": "Tu", "wed": "We", "thurs": "Th", "thur": "Th", "thu": "Th",
           "fri": "Fr", "sat": "Sa", "sun": "Su"},
    "de": {"mo": "Mo", "di": "Tu", "mi": "We", "do": "Th", "fr": "Fr", "sa": "Sa", "so": "Su"},
    "fr": {"lun": "Mo", "mar": "Tu", "mer": "We", "jeu": "Th", "ven": "Fr", "sam": "Sa", "dim": "Su"},
    "es": {"lun": "Mo", "mar": "Tu", "mié": "We", "mie": "We", "jue": "Th", "vie": "Fr", "sáb": "Sa", "sab": "Sa",
           "dom": "Su"},
    "nl": {"ma": "Mo", "di": "Tu", "wo": "We", "do": "Th", "vr": "Fr", "za": "Sa", "zo": "Su"},
    # two-letter forms as Swiss Italian writes them ("Lu–Ve"), except "ma" (Tuesday), which is "but"
    "it": {"lun": "Mo", "mar": "Tu", "mer": "We", "gio": "Th", "ven": "Fr", "sab": "Sa", "dom": "Su", "lu": "Mo",
           "me": "We", "gi": "Th", "ve": "Fr", "sa": "Sa", "do": "Su"},
    # Portuguese weekdays are ordinals ("segunda" is also "second"): bare, they are read on Portuguese pages only
    "pt": {"segunda": "Mo", "terça": "Tu", "terca": "Tu", "quarta": "We", "quinta": "Th", "sexta": "Fr", "seg": "Mo",
           "ter": "Tu", "qua": "We", "qui": "Th", "sex": "Fr", "sáb": "Sa", "sab": "Sa", "dom": "Su",
           # and written as ordinal numbers: "2ª a 6ª", "2.ª-feira" (Monday is the second day)
           **{f"{n}{dot}ª{feira}": DAY_CODES[n - 2] for n in range(2, 7) for dot in ("", ".")
              for feira in ("", "-feira", " feira")}},
    "sv": {"mån": "Mo", "tis": "Tu", "ons": "We", "tors": "Th", "tor": "Th", "fre": "Fr", "lör": "Sa", "sön": "Su"},
    "da": _NORWEGIAN_ABBREVIATIONS,
    "nb": _NORWEGIAN_ABBREVIATIONS,
    "fi": {"ma": "Mo", "ti": "Tu", "ke": "We", "to": "Th", "pe": "Fr", "la": "Sa", "su": "Su"},
    "pl": {"pon": "Mo", "pn": "Mo", "wt": "Tu", "śr": "We", "sr": "We", "czw": "Th", "pt": "Fr", "sob": "Sa",
           "niedz": "Su", "ndz": "Su", "nd": "Su"},
}
# Norwegian tagged as the macrolanguage or as Nynorsk reads the Bokmål words (Nynorsk differs only in "laurdag").
DAY_ABBREVIATIONS["no"] = DAY_ABBREVIATIONS["nn"] = _NORWEGIAN_ABBREVIATIONS
#: Languages whose day words, range words and "closed" words the hours reader knows. On a page in any other
#: language, finding no hours says nothing: callers report such a page as not assessed (see
#: :func:`hours_language_supported`) instead of "no opening hours".
HOURS_LANGUAGES = frozenset(DAY_ABBREVIATIONS)


def hours_language_supported(lang: str) -> bool:
    """Whether the hours reader has the vocabulary of a page in ``lang`` (an untagged page reads as English)."""
    return (lang_root(lang) or "en") in HOURS_LANGUAGES
_DAY_GROUPS = {
    "weekdays": list(DAY_CODES[:5]), "weekends": ["Sa", "Su"], "weekend": ["Sa", "Su"],
    "every day": list(DAY_CODES), "daily": list(DAY_CODES), "7 days a week": list(DAY_CODES),
    "seven days a week": list(DAY_CODES), "all days": list(DAY_CODES), "werktags": list(DAY_CODES[:5]),
    "täglich": list(DAY_CODES),
    "7 days": list(DAY_CODES), "seven days": list(DAY_CODES),
    "tous les jours": list(DAY_CODES), "todos los días": list(DAY_CODES),
    "dagelijks": list(DAY_CODES), "elke dag": list(DAY_CODES), "werkdagen": list(DAY_CODES[:5]),
    "bank holidays": [HOLIDAY_CODE], "public holidays": [HOLIDAY_CODE], "bank holiday": [HOLIDAY_CODE],
    "public holiday": [HOLIDAY_CODE], "holidays": [HOLIDAY_CODE], "statutory holidays": [HOLIDAY_CODE],
    "stat holidays": [HOLIDAY_CODE], "federal holidays": [HOLIDAY_CODE], "national holidays": [HOLIDAY_CODE],
    "holiday hours": [HOLIDAY_CODE], "bank holiday hours": [HOLIDAY_CODE], "public holiday hours": [HOLIDAY_CODE],
    "federal reserve holidays": [HOLIDAY_CODE],
    "us federal holidays": [HOLIDAY_CODE], "u.s. federal holidays": [HOLIDAY_CODE], "county holidays": [HOLIDAY_CODE],
    "state holidays": [HOLIDAY_CODE], "major holidays": [HOLIDAY_CODE], "legal holidays": [HOLIDAY_CODE],
    "feiertags": [HOLIDAY_CODE],
    "feiertagen": [HOLIDAY_CODE], "feiertage": [HOLIDAY_CODE], "feiertag": [HOLIDAY_CODE],
    "jours fériés": [HOLIDAY_CODE], "jour férié": [HOLIDAY_CODE], "festivo": [HOLIDAY_CODE], "feriado": [HOLIDAY_CODE],
    "feestdag": [HOLIDAY_CODE], "helligdag": [HOLIDAY_CODE], "helgdag": [HOLIDAY_CODE],
    "festivos": [HOLIDAY_CODE], "feestdagen": [HOLIDAY_CODE], "officiële feestdagen": [HOLIDAY_CODE],
    "tutti i giorni": list(DAY_CODES), "ogni giorno": list(DAY_CODES), "festivi": [HOLIDAY_CODE],
    "giorni festivi": [HOLIDAY_CODE], "todos os dias": list(DAY_CODES), "dias úteis": list(DAY_CODES[:5]),
    "dias uteis": list(DAY_CODES[:5]), "feriados": [HOLIDAY_CODE],
    "vardagar": list(DAY_CODES[:5]), "alla dagar": list(DAY_CODES), "dagligen": list(DAY_CODES),
    "helgdagar": [HOLIDAY_CODE], "röda dagar": [HOLIDAY_CODE], "hverdage": list(DAY_CODES[:5]),
    "hverdager": list(DAY_CODES[:5]), "alle dage": list(DAY_CODES), "alle dager": list(DAY_CODES),
    "daglig": list(DAY_CODES), "helligdage": [HOLIDAY_CODE], "helligdager": [HOLIDAY_CODE],
    "arkisin": list(DAY_CODES[:5]), "joka päivä": list(DAY_CODES), "päivittäin": list(DAY_CODES),
    "arkipyhät": [HOLIDAY_CODE], "pyhäpäivät": [HOLIDAY_CODE], "pyhäpäivisin": [HOLIDAY_CODE],
    "codziennie": list(DAY_CODES), "dni robocze": list(DAY_CODES[:5]), "dni powszednie": list(DAY_CODES[:5]),
    "święta": [HOLIDAY_CODE], "dni świąteczne": [HOLIDAY_CODE], "święta państwowe": [HOLIDAY_CODE],
    # weekends, weekdays and every day in the other languages
    "wochenende": ["Sa", "Su"], "wochenenden": ["Sa", "Su"], "week-end": ["Sa", "Su"], "week-ends": ["Sa", "Su"],
    "fin de semana": ["Sa", "Su"], "fines de semana": ["Sa", "Su"], "fine settimana": ["Sa", "Su"],
    "fim de semana": ["Sa", "Su"], "fins de semana": ["Sa", "Su"], "weekenden": ["Sa", "Su"], "helger": ["Sa", "Su"],
    "helgen": ["Sa", "Su"], "weekender": ["Sa", "Su"], "viikonloppuisin": ["Sa", "Su"], "weekendy": ["Sa", "Su"],
    "wochentags": list(DAY_CODES[:5]), "en semaine": list(DAY_CODES[:5]), "entre semana": list(DAY_CODES[:5]),
    "días laborables": list(DAY_CODES[:5]), "dias laborables": list(DAY_CODES[:5]),
    "días hábiles": list(DAY_CODES[:5]), "dias hábiles": list(DAY_CODES[:5]),
    "giorni lavorativi": list(DAY_CODES[:5]), "doordeweeks": list(DAY_CODES[:5]), "weekdagen": list(DAY_CODES[:5]),
    "arkipäivisin": list(DAY_CODES[:5]), "everyday": list(DAY_CODES), "jeden tag": list(DAY_CODES),
    "7 tage die woche": list(DAY_CODES), "7 jours sur 7": list(DAY_CODES), "sept jours sur sept": list(DAY_CODES),
    "diariamente": list(DAY_CODES), "7 giorni su 7": list(DAY_CODES), "alle dagen": list(DAY_CODES),
    "7 dagen per week": list(DAY_CODES), "hver dag": list(DAY_CODES), "7 días a la semana": list(DAY_CODES),
    "7 dias por semana": list(DAY_CODES),
    **{f"{first}{space}{dash}{space}{last}": list(DAY_CODES[:5]) for first, last in (("m", "f"), ("l", "v"))
       for dash in "-–—" for space in ("", " ")},
}
#: Dated exceptions: named holidays with a fixed date, and written dates, as MM-DD codes.
NAMED_DATES = {"christmas eve": "12-24", "christmas day": "12-25", "boxing day": "12-26", "new year's eve": "12-31",
               "new year’s eve": "12-31", "new year's day": "01-01", "new year’s day": "01-01",
               "heiligabend": "12-24", "silvester": "12-31", "neujahr": "01-01", "eerste kerstdag": "12-25",
               "tweede kerstdag": "12-26", "oudejaarsdag": "12-31", "nieuwjaarsdag": "01-01",
               "vigilia di natale": "12-24", "natale": "12-25", "santo stefano": "12-26", "capodanno": "01-01",
               "véspera de natal": "12-24", "dia de natal": "12-25", "véspera de ano novo": "12-31",
               "dia de ano novo": "01-01",
               # holidays on a fixed date, per language; movable feasts are read from the date written by them
               "st stephen's day": "12-26", "st. stephen's day": "12-26", "st stephen’s day": "12-26",
               "st. stephen’s day": "12-26", "hogmanay": "12-31", "canada day": "07-01", "australia day": "01-26",
               "anzac day": "04-25", "waitangi day": "02-06", "veterans day": "11-11", "remembrance day": "11-11",
               "1. weihnachtstag": "12-25", "2. weihnachtstag": "12-26", "erster weihnachtstag": "12-25",
               "zweiter weihnachtstag": "12-26", "1. weihnachtsfeiertag": "12-25", "2. weihnachtsfeiertag": "12-26",
               "heiliger abend": "12-24", "christtag": "12-25", "stefanitag": "12-26", "stephanstag": "12-26",
               "neujahrstag": "01-01", "tag der deutschen einheit": "10-03",
               "noël": "12-25", "jour de noël": "12-25", "veille de noël": "12-24", "réveillon de noël": "12-24",
               "saint-sylvestre": "12-31", "jour de l'an": "01-01", "jour de l’an": "01-01", "nouvel an": "01-01",
               "toussaint": "11-01", "fête du travail": "05-01", "nochebuena": "12-24", "navidad": "12-25",
               "día de navidad": "12-25", "nochevieja": "12-31", "año nuevo": "01-01", "día de año nuevo": "01-01",
               "día de reyes": "01-06", "ferragosto": "08-15", "epifania": "01-06", "san silvestro": "12-31",
               "ognissanti": "11-01", "passagem de ano": "12-31", "kerstavond": "12-24", "1e kerstdag": "12-25",
               "2e kerstdag": "12-26", "koningsdag": "04-27", "oudjaar": "12-31", "nieuwjaar": "01-01",
               "julafton": "12-24", "juldagen": "12-25", "annandag jul": "12-26", "nyårsafton": "12-31",
               "nyårsdagen": "01-01", "trettondedag jul": "01-06", "juleaften": "12-24", "julaften": "12-24",
               "juledag": "12-25", "1. juledag": "12-25", "2. juledag": "12-26", "første juledag": "12-25",
               "anden juledag": "12-26", "andre juledag": "12-26", "nytårsaften": "12-31", "nytårsdag": "01-01",
               "nyttårsaften": "12-31", "nyttårsdag": "01-01", "grundlovsdag": "06-05", "jouluaatto": "12-24",
               "joulupäivä": "12-25", "tapaninpäivä": "12-26", "uudenvuodenaatto": "12-31",
               "uudenvuodenpäivä": "01-01", "loppiainen": "01-06", "itsenäisyyspäivä": "12-06",
               "wigilia": "12-24", "boże narodzenie": "12-25", "pierwszy dzień świąt": "12-25",
               "drugi dzień świąt": "12-26", "sylwester": "12-31", "nowy rok": "01-01", "trzech króli": "01-06",
               "święto pracy": "05-01", "wszystkich świętych": "11-01", "święto niepodległości": "11-11"}
#: Holidays without a fixed date, per language: read only as the name of the date written with them ("Good
#: Friday (18 April)", "Lunedì dell'Angelo, 21 aprile", "Thanksgiving Day (11/27)"), which is the day read.
MOVABLE_HOLIDAYS = (
    "maundy thursday", "holy thursday", "good friday", "holy saturday", "easter saturday", "easter sunday",
    "easter monday", "ascension day", "whit sunday", "whit monday", "pentecost", "thanksgiving", "thanksgiving day",
    "memorial day", "labor day", "labour day", "presidents' day", "presidents day", "martin luther king jr. day",
    "victoria day", "family day", "civic holiday", "early may bank holiday", "spring bank holiday",
    "summer bank holiday", "august bank holiday", "king's birthday", "queen's birthday",
    "gründonnerstag", "karfreitag", "karsamstag", "ostersonntag", "ostermontag", "christi himmelfahrt",
    "pfingstsonntag", "pfingstmontag", "fronleichnam", "jeudi saint", "vendredi saint", "lundi de pâques",
    "ascension", "jeudi de l'ascension", "lundi de pentecôte", "jueves santo", "viernes santo", "lunes de pascua",
    "domingo de resurrección", "corpus christi", "venerdì santo", "pasqua", "lunedì dell'angelo",
    "lunedì dell’angelo", "pasquetta", "sexta-feira santa", "páscoa", "domingo de páscoa", "corpo de deus",
    "carnaval", "witte donderdag", "goede vrijdag", "eerste paasdag", "tweede paasdag", "paasmaandag",
    "hemelvaartsdag", "hemelvaart", "eerste pinksterdag", "tweede pinksterdag", "pinkstermaandag", "skärtorsdag",
    "långfredag", "påskafton", "påskdagen", "annandag påsk", "kristi himmelsfärdsdag", "pingstafton",
    "pingstdagen", "midsommarafton", "midsommardagen", "alla helgons dag", "skærtorsdag", "skjærtorsdag",
    "langfredag", "påskedag", "2. påskedag", "anden påskedag", "andre påskedag", "store bededag",
    "kristi himmelfartsdag", "pinsedag", "2. pinsedag", "anden pinsedag", "andre pinsedag", "kiirastorstai",
    "pitkäperjantai", "pääsiäispäivä", "2. pääsiäispäivä", "toinen pääsiäispäivä", "helatorstai", "juhannusaatto",
    "juhannuspäivä", "wielki piątek", "wielka sobota", "wielkanoc", "niedziela wielkanocna",
    "poniedziałek wielkanocny", "boże ciało", "zielone świątki")
MONTHS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
          "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
          "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
          "januar": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
          "janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7, "août": 8, "septembre": 9,
          "octobre": 10, "novembre": 11, "décembre": 12, "enero": 1, "febrero": 2, "marzo": 3, "abril": 4,
          "mayo": 5, "junio": 6, "julio": 7, "agosto": 8, "septiembre": 9, "octubre": 10, "noviembre": 11,
          "diciembre": 12, "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8, "gennaio": 1,
          "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9, "ottobre": 10,
          "dicembre": 12, "janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9,
          "outubro": 10, "novembro": 11, "dezembro": 12, "maj": 5, "augusti": 8, "marts": 3, "desember": 12,
          "tammikuu": 1, "helmikuu": 2, "maaliskuu": 3, "huhtikuu": 4, "toukokuu": 5, "kesäkuu": 6, "heinäkuu": 7,
          "elokuu": 8, "syyskuu": 9, "lokakuu": 10, "marraskuu": 11, "joulukuu": 12,
          # Polish: the name and the genitive a date uses ("24 grudnia")
          "styczeń": 1, "stycznia": 1, "luty": 2, "lutego": 2, "marzec": 3, "marca": 3, "kwiecień": 4, "kwietnia": 4,
          "maja": 5, "czerwiec": 6, "czerwca": 6, "lipiec": 7, "lipca": 7, "sierpień": 8, "sierpnia": 8,
          "wrzesień": 9, "września": 9, "październik": 10, "października": 10, "listopad": 11, "listopada": 11,
          "grudzień": 12, "grudnia": 12,
          # Austrian German, and abbreviations other than English ones ("6. Jän.", "24 déc.", "24 dic.")
          "jänner": 1, "jän": 1, "feber": 2, "mär": 3, "okt": 10, "dez": 12, "janv": 1, "févr": 2, "fevr": 2,
          "avr": 4, "juil": 7, "déc": 12, "dic": 12}
# Finnish writes a date's month in the partitive: "24. joulukuuta".
MONTHS.update({f"{name}ta": number for name, number in list(MONTHS.items()) if name.endswith("kuu")})
#: A letter of the languages read here: day and month words end where no such letter follows.
_LETTER = r"[a-zà-öø-ÿā-ž]"


def _word_trie(words: Iterable[str]) -> str:
    """An alternation of ``words`` (lower case) as a prefix tree: it matches what the alternation of the
    words longest first matches, preferring longer words alike, but the regex engine tries one branch
    per first letter instead of every word (hundreds of day, month and holiday words are tried at every
    possible start of an hours statement)."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{pattern(tree)})"


_MONTH = f"{_word_trie(MONTHS)}(?!{_LETTER})\\.?"
#: A day of the month: "24", "24th", "24." (German, Nordic), "1er" (French), "1º" (Spanish, Portuguese), "1e" (Dutch),
#: "1°" (Italian, typed with the degree sign).
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th|er|e|º|ª|°|\.)?"
_ORDINAL = rf"\d{{1,2}}{_ORDINAL_SUFFIX}"
_NAMED_DATE = f"(?<!{_LETTER}){_word_trie(NAMED_DATES)}(?!{_LETTER})"
_MOVABLE = f"(?<!{_LETTER}){_word_trie(MOVABLE_HOLIDAYS)}(?!{_LETTER})"
_DAY_OF_MONTH = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"
#: A date in figures: "20/6", "11/28", "24.12." or "24.12:" (a bare "24.12" is also a time, and "24/7" is
#: round the clock). Which number is the month is read per page language (:func:`_date_code`).
_NUMERIC_DATE = (rf"(?<![\d./:])(?!24/7\b|7/7\b)(?:(?:{_DAY_OF_MONTH}/{_MONTH_NUMBER}|{_MONTH_NUMBER}/{_DAY_OF_MONTH})"
                 rf"(?:/(?:\d{{4}}|\d{{2}}))?(?![\d/])|{_DAY_OF_MONTH}\.{_MONTH_NUMBER}(?:\.(?:\d{{4}}|\d{{2}})?(?!\d)"
                 rf"|(?=\s*:|\s*$)))\)?")
_GROUP = f"(?<!{_LETTER}){_word_trie(_DAY_GROUPS)}(?!{_LETTER})"
_RANGE_WORDS = "tot en met|to|through|thru|till|until|bis|au|à|a|al|hasta|tot|til"


def _separator(words: str, extra: str | None = None, marks: str = "") -> str:
    """A dash or one of ``words`` (plus a language's ``extra`` words, and other ``marks``) between the two
    ends of a range, with the spaces around it: the one shape of day-range words and time separators."""
    words = f"{words}|{extra}" if extra else words
    return rf"\s*(?:-|–|—|{marks}(?<!{_LETTER})(?:{words})(?!{_LETTER}))\s*"


#: Range words read on pages in one language only: Polish "do" ("wtorek do piątku", "8 do 16") is the German
#: abbreviation of Thursday.
LANGUAGE_RANGE_WORDS = {"pl": "do"}
_JOIN = (r"\s*(?:,|&|\+|(?<!\bt)(?<!\d)/(?!m\b)(?!\d)|\band\b|\bund\b|\bsowie\b|\bet\b|\by\b|\be\b|"
         r"(?<!tot )\ben\b(?! met\b)|\boch\b|\bog\b|\bsamt\b|\bja\b|\bi\b)\s*")
#: One date: "25 December", "December 25th", "24., 25. og 26. december" or "Monday 25 and Tuesday 26
#: December" (days sharing a month), a named holiday, a numeric date.
_DATE = (rf"(?:{_ORDINAL}(?:{_JOIN}(?:[^\W\d_]+\.?,?\s+)?{_ORDINAL})*\s+(?:of\s+|de\s+)?{_MONTH}|"
         rf"{_MONTH}\s+{_ORDINAL}(?!\d)|{_NAMED_DATE}|{_NUMERIC_DATE})")
#: A date written out, not a holiday's name: what a weekday or holiday name just before it names.
_WRITTEN_DATE = (rf"(?:{_ORDINAL}(?:{_JOIN}(?:[^\W\d_]+\.?,?\s+)?{_ORDINAL})*\s+(?:of\s+|de\s+)?{_MONTH}|"
                 rf"{_MONTH}\s+{_ORDINAL}(?!\d)|{_NUMERIC_DATE})")
_ARTICLE = r"(?:(?:du|de|le|les|el|los|the|am|on|dal|da|il|la|ao|aos|às|od|w)\s+)?"
_CLOSED = (r"(?:closed|geschlossen|ruhetage?|fermée?s?|cerrados?|cerradas?|gesloten|chius[oaie]|fechad[oa]s?|"
           r"encerrad[oa]s?|encerra(?:mos|m)?|stängt|stängd|lukket|stengt|suljettu|kiinni|nieczynn[eya]|"
           r"zamknięt[eya]|ar gau|dùinte)")
#: Nouns that head a list of closing days: "Holiday closures", "Schließtage", "Jours de fermeture".
_CLOSURES = (r"(?:closures|closing days|schließtage|schließzeiten|fermetures|jours de fermeture|cierres|"
             r"días de cierre|sluitingsdagen|chiusure|giorni di chiusura|encerramentos|stängningsdagar|lukkedage|"
             r"lukkedager|sulkupäivät)")
#: A closure named by its noun, with up to four words saying what or why, before its dates: "Fermeture
#: exceptionnelle de la mairie le vendredi 15 août", "Chiusura per ferie da lunedì 11 a sabato 16 agosto",
#: "Fermeture pour congé : du lundi 21 au samedi 26 juillet". An early or late closing is a time, not a closure.
_CLOSURE_NOUN = (r"(?:closure|fermeture|chiusura|cierre|schließung|sluiting|encerramento|stängning|lukning|"
                 r"stenging|zamknięcie)")
_CLOSURE = (rf"(?<!{_LETTER}){_CLOSURE_NOUN}(?!{_LETTER})(?![ \t]+(?:early|late|tardive|anticipée|anticipata|"
            r"anticipado|anticipada|antecipado|vorzeitig\w*|früh\w*|verlengd\w*|vervroegd\w*)\b)"
            r"(?:[ \t]+[^\W\d_]+){0,4}?[ \t]*:?[ \t]+")
#: A clause between days and "closed" naming what is closed: "Sonntags ist die Praxis geschlossen", "Op
#: feestdagen is de praktijk gesloten", "On Sundays the office is closed".
_CLOSED_CLAUSE = (r"(?:[^\W\d_]+(?:['’][^\W\d_]+)?[ \t]+){0,3}?(?:is|are|holder|holdes|håller|hält|houdt|remains?|ist|"
                  r"sind|bleibt|bleiben|est|sont|reste|restent|"
                  r"está|están|permanece|permanecen|è|sono|rimane|rimangono|é|são|fica|ficam|zijn|blijft|blijven|"
                  r"är|er|on|ovat|jest|są)[ \t]+(?:[^\W\d_]+[ \t]+){0,2}?")
#: Days that label what follows them ("Sábados, domingos y festivos: cerrado"): a colon after them on their line.
_LABELLED = r"[^\n\d:.;|]{0,40}:"
#: Parts of a day written between its days and times: "Jueves por la tarde, de 16:00 a 18:30".
_DAYPART = (r"(?:(?:in the |on )?(?:mornings?|afternoons?|evenings?)|por la (?:mañana|tarde|noche)|mañanas|tardes|"
            r"(?:le |l['’])?(?:matin|après-midi|soir)|vormittags?|nachmittags?|abends?|morgens|"
            r"(?:di |la |il )?(?:mattin[ao]|pomeriggio|sera)|(?:de|à|pela) (?:manhã|tarde|noite)|"
            r"['’]s (?:ochtends|middags|avonds|morgens)|(?:för|efter|for|etter)middag(?:en)?|kvällen?|kvelden?|"
            r"aftenen?|aamupäivisin|iltapäivisin|iltaisin)(?!\w)")
#: A restaurant's services between its days and times: "Tuesday to Sunday / Lunch: 12–3:30 PM / Dinner: 7–11 PM"
#: (breakfast is left out: a hotel's or café's breakfast is a serving time, not its opening).
_MEAL = (r"(?:lunch|dinner|supper|mittags?|abendessen|d[ée]jeuner|d[îi]ner|almuerzo|comida|cena|pranzo|almo[çc]o|"
         r"jantar|lounas|päivällinen|illallinen|middag|frokost|lunsj|obiad|kolacja)(?!\w)")
#: A time: "9", "9am", "9:30", "9h30", "18 h", "noon", "12:00 noon", and four-digit 24-hour times ("0800", "1730").
#: Noon and midnight written as words, per language ("de 9 h à midi", "11 a.m. – midnight", "hasta medianoche").
NOON_WORDS = ("noon", "midday", "midi", "mediodía", "mediodia", "mezzogiorno", "meio-dia", "meio dia", "mittag")
MIDNIGHT_WORDS = ("midnight", "minuit", "medianoche", "mezzanotte", "meia-noite", "meia noite", "mitternacht",
                  "middernacht", "midnatt", "midnat")
_NAMED_TIMES = rf"(?<!{_LETTER}){_word_trie(NOON_WORDS + MIDNIGHT_WORDS)}(?!{_LETTER})"
#: "am", "a.m.", and "a. m." as Spanish style guides write it; "0800hrs", "17:00 hrs" (a 24-hour clock).
_MERIDIEM = rf"(?:am|pm|[ap]\.\s?m\.?(?!{_LETTER}))"
_HRS = r"(?:\s*hrs?\.?(?![a-z]))?"
_TIME = (rf"(?:(?:(?:[01]\d|2[0-4])[0-5]\d(?!\d)|\d{{1,2}}(?:\s*[hu]\s*\d{{2}}|[:.]\d{{2}})?(?:\s*[hu](?![a-z]))?\s*"
         rf"{_MERIDIEM}?){_HRS}|(?:12(?:[:.]00)?\s*)?{_NAMED_TIMES})")
_NAMED_TIME = re.compile(rf"(?:12(?:[:.]00)?\s*)?({_NAMED_TIMES})")
_TIME_SEP_WORDS = "to|until|till|and|bis|à|a|au|hasta|y|et|tot|alle|às|até|ao|til"
_TIME_SEP = _separator(_TIME_SEP_WORDS)
#: A table's Open and Close columns read as flat text: "| Monday – Friday | 06:30 | 22:00 |" — two bare times
#: in the last two cells of a row are the opening and closing time.
_CELL_SEP = r"[ \t]*\|[ \t]*(?=\d{1,2}[:.]\d{2}[ \t]*\|[ \t]*(?:\n|$))"
#: Words that hold a second time range for the same days (a split shift: "9:00–12:30 and 14:00–18:00").
_SHIFT_JOIN = (r"\s*(?:,|;|&|/|\+|\||\band\b|\bund\b|\bet\b|\by\b|\ben\b|\be\b|\boch\b|\bog\b|\bja\b)\s*"
               r"(?:(?:again\s+)?from\s+|von\s+|de\s+|van\s+|dalle\s+|das\s+)?")
#: One word between days and the colon before their times: "Dienstag zusätzlich: 13 bis 18 Uhr", "Saturday
#: only: 9–12" (its purpose is read like a label's: "Saturday deliveries: 8–12" is not opening).
_QUALIFIER = r"(?P<aq>[ \t]+[^\W\d_]{3,20}(?=(?:\s*\([^()\n]{1,40}\))?:))?"
#: "Open" between days and times: "Lunedì dell'Angelo, 21 aprile: aperto 9.00 – 19.00".
_OPEN_ADJECTIVE = (r"(?:open|geöffnet|ouverte?s?|abiert[oa]s?|apert[oaie]|abert[oa]s?|geopend|öppet|åbent?|åpent?|"
                   r"avoinna|czynn[eya])")
#: A list bullet starting the line of a definition list's value, which the main text writes as list lines
#: ("- Monday – Friday\n- 08:00 – 18:00").
_BULLET = r"(?:(?<=\n)[ \t]*[-•*·][ \t]+)?"
#: A short aside between days and their times: "Christmas Eve (24 Dec) | 9am–1pm", "Samstag (nur Kasse): 9–12",
#: "Op 11 juli (Feest van de Vlaamse Gemeenschap) is het gemeentehuis gesloten".
_ASIDE = r"(?:\s*\([^()\n]{1,40}\))?"
#: Words that mark a day as closed by exception: "excluding bank holidays", "except Sundays".
_EXCEPT = (r"(?:excluding|excl\.|except(?:\s+on)?|apart from|other than|not on|außer(?:\s+an)?|ausgenommen|"
           r"sauf(?:\s+les?)?|excepto|salvo|behalve(?:\s+op)?|uitgezonderd|tranne|eccetto|exceto|z wyjątkiem|"
           r"oprócz)")
_ALWAYS = (r"\b24\s*/\s*7\b|\b24x7\b|24 hours a day|open 24 hours|round the clock|around the clock|"
           r"\b24\s?h\s?/\s?24\b|\b7\s?j\s?/\s?7\b|rund um die uhr|\b24 stunden\b|\b24 horas\b|\b24 uur\b|"
           r"\b24 ore su 24\b|\bh24\b|dygnet runt|døgnet rundt|hele døgnet|ympäri vuorokauden|całodobow\w*|"
           r"\bcałą dobę\b")
#: Round-the-clock counts as opening hours only when it is about reaching someone: phone lines, chat, a
#: service or support team, "we're here/open" ("report a claim online 24/7" is a web form, not hours).
_ALWAYS_SERVICE = re.compile(
    r"\b(?:phones?|tele(?:phone|fon|foon)\w*|téléphon\w*|teléfon\w*|puhelin\w*|lines?|call\w*|ring|chat\w*|"
    r"helpline|hotline|customer (?:service|care|support)|support|"
    r"service team|team|advisers?|advisors?|agents?|experts?|staff|people|someone|here|open|speak|talk|reach\w*|"
    r"contact\w*|answer\w*|emergenc\w*|kundenservice|kundendienst|hotline|erreichbar|service client|conseillers?|"
    r"joignables?|atención|disponibles?|klantenservice|bereikbaar|klantendienst|assistenza|servizio clienti|"
    r"numero verde|linea|atendimento|apoio|linha|öppet|åben|åpen|avoinna|kundservice|kundeservice|"
    r"geöffnet|ouverte?s?|abiert[oa]s?|apert[oa]|abert[oa]s?|geopend|asiakaspalvelu|erreichen|"
    r"bereitschaftsdienst|notdienst|infolinia|obsługa klienta|czynn\w*)\b", re.I)
#: Things that are "open" round the clock without anyone there: a cash machine, a pick-up locker, a returns
#: chute or key drop box, a vending or self-service machine. Read in the words just before a round-the-clock
#: phrase (:data:`UNATTENDED_CHARS`): "Book returns chutes are open 24/7", "Hämtskåpet är öppet dygnet runt".
_UNATTENDED = re.compile(
    r"\batms?\b|\bcash ?(?:machines?|points?|dispensers?)\b|\w*automa(?:t|te|ten|ter|ts|ti|ta|aten|atti)\b|"
    r"\bautomático\b|\bdistributeurs?\b|\bdab\b|\bcajeros?\b|\bbancomat\w*|"
    r"\bmultibanco\b|\bbankomat\w*|\bminibank\w*|\w*lockers?\b|\bpackstation\w*|\bschließf[aä]ch\w*|"
    r"\bcasiers?\b|\bconsignes?\b|\bkluis\w*|\w*skåp\w*|\b(?:hente|pakke|post)skap\w*|\bpakkeboks\w*|\bchutes?\b|"
    r"\bbook ?drops?\b|\b(?:key |night )?drop ?box\w*|\bkey ?(?:box|safe)\w*|\bnight ?safes?\b|"
    r"\breturns? (?:hatch|slot)\w*|\binnlevering\w*|\baflevering\w*|\båterlämning\w*|"
    # key drop boxes, per language ("Boîte à clés disponible 24 h/24")
    r"\bbo[iî]tes? (?:à|a|aux) (?:cl[ée]s|clefs)\b|\bschlüssel(?:box|kasten|briefkasten|einwurf|tresor|safe)\w*|"
    r"\bsleutel(?:kluis|box|brievenbus)\w*|\bbuz[oó]n(?:es)? de llaves\b|\bcaja de llaves\b|"
    r"\bcassett[ae] (?:per le |delle )?chiavi\b|\bcaixa de chaves\b|\bn[øo]kkelboks\w*|\bnyckel(?:box|skåp)\w*|"
    r"\bn[øo]gleboks\w*|"
    r"\bself[- ]?service\b|\bselbstbedienung\b|\blibre-service\b|\bautoservicio\b|\bvending\b", re.I)
#: How far before a round-the-clock phrase its subject is looked for (within its sentence).
UNATTENDED_CHARS = 80
#: Hours that are not for reaching anyone: delivery slots, dispatch cut-offs, collection times, dated
#: events (a webinar, a workshop, a tasting, a sale) and a bar's happy hour.
_NOT_OPENING = re.compile(r"\bdeliver\w*|\bdispatch\w*|\bdespatch\w*|\bship\w*|\bcollect\w*|\bcourier|\w*liefer\w*|"
                          r"\blivr\w*|\bentreg\w*|\benv[ií]\w*|\bbezorg\w*|\bwebinars?\b|\bevents?\b|\bworkshops?\b|"
                          r"\bseminars?\b|\bmasterclass\w*|\bclass(?:es)?\b|\bsessions?\b|\btalks?\b|\bmeetups?\b|"
                          r"\blive ?streams?\b|\blaunch\w*|\bconference\w*|\bconcerts?\b|\btickets?\b|"
                          r"\bjoin (?:us|our)\b|\bveranstaltung\w*|\bévénements?\b|\bevento\w*|\bmaintenance\b|"
                          # booking and delivery slots
                          r"\bdowntime\b|\bslots?\b|\btijdvak\w*|\bzeitfenster\w*|\bcréneaux\b|\bfasce orarie\b|"
                          r"\bfranjas? horarias?\b|\btidsluck\w*|"
                          # (German compounds a course: "Intensivkurs", "Abendkurse")
                          r"\bhappy[ -]hours?\b|\btastings?\b|\bscreenings?\b|\b\w*kurs\w*|\bcursos?\b|"
                          # activities and entertainment: a class, a lesson, a show is not the place's opening
                          r"\bclases?\b|\bcorsi\b|\blezion[ei]\b|\baulas?\b|\blessons?\b|\bcourses?\b|"
                          r"\bactivit(?:y|ies)\b|\bactividad(?:es)?\b|\battività\b|\batividades?\b|"
                          r"\baktivitäten\b|\bactivités?\b|\byoga\b|\bpilates\b|\bzumba\b|\bspinning\b|"
                          r"\baerobics?\b|\bpre-?school\b|\bmusic\b|\bquiz\w*|\bkaraoke\b|\bbingo\b|\bgigs?\b|"
                          r"\bwhat(?:'|’)?s on\b|\btimetables?\b|\bstundenplan\b|"
                          # sessions and classes, per language: the times of a course, not the place's (French
                          # "ateliers" only: a shop's "atelier" is its repair workshop, open when the shop is)
                          r"\bcours\b|\bséances?\b|\bateliers\b|\bsesi[oó]n(?:es)?\b|\btalleres?\b|\bcursillos?\b|"
                          r"\bsession[ei]\b|\blaboratori\b|\bsess(?:ão|ões)\b|\boficinas\b|\blessen\b|\bcursus\w*|"
                          r"\bsessies?\b|\blektion\w*|\bundervisning\b|\bkurssi\w*|\bjogging\b|\baqua ?(?:fit|gym)\w*|"
                          r"\baquafitness\b|\bwassergymnastik\b|\bvesijumppa\w*|\blane swim\w*|"
                          # health sessions and visits: a clinic's vaccination or blood-test times, visiting hours
                          r"\bclinics\b|\bphlebotomy\b|\bvaccin\w*|\bimmuni[sz]ation\w*|\bjabs?\b|\bblood tests?\b|"
                          r"\bimpf\w*|\bblut(?:abnahme|entnahme)\w*|\bprises? de sang\b|\bprélèvements?\b|\bvacun\w*|"
                          r"\bextracci(?:ón|ones)\b|\bprelievi\b|\bvacina\w*|\bcolheitas?\b|\bbloedafname\b|"
                          r"\bprovtagning\w*|\bblodprøve\w*|\bvaksin\w*|\brokot\w*|\bverikoe\w*|\bvisiting hours\b|"
                          r"\bbesuchszeit\w*|\bheures de visite\b|\bhorarios? de visitas?\b|"
                          r"\borari(?:o)? (?:delle )?visite\b|\bhorários? de visitas?\b|\bbezoektijd\w*|"
                          r"\bbesökstid\w*|\bbesøgstid\w*|\bbesøkstid\w*|"
                          r"\bvierailuaj\w*|"
                          # a mobile unit's stops (a library bus, a hazardous-waste van): a timetable, not hours
                          r"\b\w+mobil\b|\bbookmobile\b|\bmobile (?:library|unit|van)\b|\bbücherbus\w*|"
                          r"\bbibliob[uú]s\b|\bbokbuss\w*|\bbogbus\w*|\bkirjastoauto\w*|"
                          # appointment slots of one service (passports, road tests) and a menu's serving time
                          r"\bpassports?\b|\bpasseports?\b|\breisepass\w*|\bpasaportes?\b|\bpassaport[oie]s?\b|"
                          r"\bpaspoort\w*|\b(?:road|driving) tests?\b|"
                          # appointments of a service beside the opening ("Mortgage appointments Monday to Friday,
                          # 9am–7pm"; "Opening hours and appointments" heads the opening), a courier round, a
                          # laboratory's test service
                          r"(?<!and )(?<!& )\bappointments\b|\bbotendienst\w*|\banal(?:ysis|yses|isi|ises|yse)\b|"
                          r"\banálisis\b|\banálises\b|"
                          r"\bmen[uúù] (?:del d[ií]a|du jour|del giorno|do dia|of the day)\b|\bplat du jour\b|"
                          r"\bprato do dia\b|\bpiatto del giorno\b|\bset (?:lunch|menu)\b|"
                          r"\blunch ?menu\b|\bmittags(?:tisch|menü)\b|\btagesmenü\b|\bdagens (?:rätt|ret|rett|lunch)\b|"
                          # a shuttle or ferry's departures, free-entry windows and a library's recurring events
                          # (storytime, a language café): times within or beside the opening, not the opening
                          r"\bshuttles?\b|\bnavettes?\b|\bpendelbus\w*|\blanzaderas?\b|\bferr(?:y|ies)\b|\bfähren?\b|"
                          r"\btraghett[oi]\b|\bveerpont\w*|\bfärj\w*|\bferje\w*|\bfærge\w*|"
                          r"\bfree (?:entry|admission)\b|\bentrada (?:gratuita|libre)\b|\bentrée (?:gratuite|libre)\b|"
                          r"\bingresso (?:gratuito|libero)\b|\bfreier eintritt\b|\beintritt frei\b|"
                          r"\bgratis (?:toegang|entree|adgang|entré)\b|\bfri entré\b|\bvapaa pääsy\b|"
                          r"\bstory ?times?\b|\brhyme ?times?\b|\bbook ?clubs?\b|\bhomework (?:club|help)\b|"
                          r"\blanguage caf[eé]s?\b|\bspråkkaf[eé]\w*|\bsprogcaf[eé]\w*|\bsprachcaf[eé]\w*|"
                          r"\btaalcaf[eé]\w*|\bcaf[eé]s? linguistiques?\b|\bheure du conte\b|\bcuentacuentos\b|"
                          r"\bhora del cuento\b|\bvorlese\w*|\bsagostund\w*|\beventyrstund\w*|\bvoorlees\w*|"
                          # planned interruptions of a supply or service
                          r"\boutages?\b|\binterruptions?\b|\bdisruptions?\b|\bplanned work\w*|\bsupply\b|"
                          r"\bshut ?offs?\b|\bpower cuts?\b|\bcoupures?\b|\bunterbrechung\w*|\bstörung\w*|"
                          r"\bonderbreking\w*|\bstoring\w*|\binterruzion\w*|\binterrup[cç]\w*|\bcortes?\b|"
                          # the same in the Nordic languages: deliveries, events, departures
                          r"\bleverans\w*|\blevering\w*|\btoimitu\w*|\bevenemang\w*|\barrangement\w*|"
                          r"\btapahtum\w*|\bavgång\w*|\bavgang\w*|\blähtö\w*|"
                          r"\bdostaw\w*|\bwysyłk\w*|\bzajęcia\b|\bwydarze\w*|"
                          # a session or a visiting professional, told by its verb: "Code Club meets Thursdays
                          # 3.30pm – 5pm", "A clinic is held on Tuesday mornings", "Mortgage lender on site Tuesdays"
                          r"\bruns\b|\bmeets\b|\b(?:is|are) held\b|\btakes? place\b|\bon site\b(?!\s+(?:is|are)\b)|"
                          r"\bhygienists?\b|"
                          r"\bfindet\b|\bont? lieu\b|\bse celebra\b|\btiene lugar\b|\bsi (?:svolge|tiene)\b|"
                          r"\bvindt plaats\b|\bäger rum\b|\bfinder sted\b|\bfinner sted\b|\bjärjestetään\b|"
                          # an office holder's consultation hours ("Mayor's surgery", "Sprechstunde des
                          # Bürgermeisters", "permanence du maire"): the person's, not the office's opening
                          r"\bmayor\w*|\bcouncill?ors?\b|\bmps?\b|\bb[üu]rgermeister\w*|\bortsvorsteher\w*|"
                          r"\bbezirksvorsteher\w*|\babgeordnete\w*|\bmaire\b|\bdéputée?s?\b|\bburgemeester\w*|"
                          r"\bwethouders?\b|\bschepenen?\b|\bsindac[oa]\b|\bassessor[ei]\b|\balcaldes?a?\b|"
                          r"\bconcejal\w*|\bvereador\w*|\bprefeit[oa]\b|\bborgmester\w*|\bordfører\w*|"
                          r"\bkommunalråd\w*|\bpormestari\w*|\bburmistrz\w*|\bwójt\w*|"
                          r"\bcommissioners? (?:of|for) oaths\b|\bjustices? of the peace\b|"
                          # software releases and maintenance windows
                          r"\breleases?\b|\bdeploy\w*|\bwartung\w*|\bonderhoud\w*|\bmanutenzione\b",
                          re.I)
#: Words that put a statement back on opening or reaching someone after a heading or lead-in about something
#: else ("Delivery & returns" over "Customer service: Mon–Fri 9–5").
_OPENING_CUE = re.compile(r"\bopen(?:s|ing)?\b|öffnungszeit|geöffnet|\bhoraires?\b|\bouvert|\bhorarios?\b|"
                          r"\babiert|openingstijd|openingsuren|\bgeopend\b|\borari|\baperto|\bhorários?\b|"
                          r"\baberto|\b(?:ticket |box |front |post )?offices?\b|\b(?:ticket |front |service )?desks?\b|"
                          r"\bcounters?\b|\breception\b|öppettider|\böppet\b|åbningstid|\båben\b|åpningstid|"
                          r"\båpen\b|aukioloaj|\bavoinna\b|godziny (?:otwarcia|pracy)|\bczynn\w*|\botwart\w*|"
                          # a parts counter: "Atelier et pièces", "Workshop & parts" is a garage's service desk
                          r"\b(?:spare )?parts\b|\bpi[eè]ces\b|\b(?:ersatz)?teile\b|\brecambios\b|\bricambi\b|"
                          r"\bonderdelen\b|\bpeças\b", re.I)
#: Characters of a statement's own line, and lines above it (rows of the same list or table skipped), read
#: for its heading or lead-in.
LEAD_CHARS = 120
LEAD_LINES = 8
_DIGIT = re.compile(r"\d")
#: Public holidays added to the days a statement covers: "open daily 7am–11pm, including bank holidays".
_HOLIDAYS_INCLUDED = re.compile(
    r"[\s,;(–—-]*(?:(?:including|incl\.?|inc\.?|also on|even on)\s+(?:on\s+)?(?:all\s+)?(?:(?:bank|public) )?holidays|"
    r"(?:bank|public) holidays included|(?:auch )?(?:an|inkl\.?|inklusive|einschließlich) (?:sonn- und )?feiertage?n?|"
    r"y compris (?:les )?(?:dimanches et )?jours fériés|jours fériés (?:inclus|compris)|"
    r"(?:incluidos|incluso|también) (?:los )?festivos|festivos incluidos|(?:ook op|inclusief) feestdagen|"
    r"feestdagen inbegrepen|(?:festivi inclusi|anche (?:i )?festivi)|(?:incluindo|inclusive) (?:os )?feriados|"
    r"feriados incluídos)(?![\s:,]*(?:from\s+|von\s+|de\s+|van\s+)?\d)", re.I)


def _names_other(context: str) -> bool:
    """Whether a label or lead-in says its times are for something other than opening: a purpose word
    (delivery, class, outage…) not followed by an opening or service word ("Workshop phone line:" is a
    phone line)."""
    last = max((m.end() for m in _NOT_OPENING.finditer(context)), default=-1)
    if last < 0:
        return False
    rest = context[last:]
    if "\n" not in rest:  # "the pathology collection room is open": what is open is the thing named
        rest = _OPEN_VERB.sub(" ", rest)
    return not (_OPENING_CUE.search(rest) or _ALWAYS_SERVICE.search(rest))


#: "is open", "are open", "opens": said of the purpose word before it on the same line, it is that thing
#: that opens ("Our pathology collection room is open Monday to Friday 8am – 11am").
_OPEN_VERB = re.compile(r"\b(?:is|are|ist|sind|est|sont|está|están|è|sono|é|são|zijn|är|er|on)\s+"
                        r"(?:open|geöffnet|ouverte?s?|abiert[oa]s?|apert[oaie]|abert[oa]s?|geopend|öppet|åben|åpen|"
                        r"avoinna)\b|\bopens\b", re.I)


#: A national service's phone line named in the sentence before a statement: "Phone enquiries go to the national
#: Citizens Information Phone Service (Monday to Friday, 9am – 8pm)", "Krajowa Informacja Skarbowa (infolinia)
#: odpowiada … w godzinach 8:00–18:00". Its hours are another body's, not the page's ("our national helpline"
#: is the page's own: see :data:`_OWN`).
_NATIONAL_LINE = re.compile(
    r"\b(?:national|nationwide|federal|government|bundesweit\w*|nationale[nrs]?|nacional(?:es)?|nazionale|"
    r"landelijke?|nationell\w*|rikstäckande|landsdækkende|nasjonal\w*|landsdekkende|valtakunnallinen|kansallinen|"
    r"krajow\w+|ogólnopolsk\w+)\b(?!\s+(?:rate|holidays?|calls?|feiertag\w*|fériés?))[^.;\n]{0,60}?"
    r"\b(?:helplines?|hotlines?|phone|telephone|lines?|infolines?|telefon\w*|téléphon\w*|teléfono|telefono|ligne|"
    r"línea|linea|linha|lijn|puhelin\w*|infolini\w*)\b", re.I)
#: Words that make a line the page's own: "our", "we", per language.
_OWN = re.compile(r"\b(?:our|we|us|unser\w*|wir|notre|nos|nous|nuestr\w*|nostr\w*|noss[oa]s?|onze|wij|vår\w*|"
                  r"vores|vi|meidän|nasz\w*)\b", re.I)


def _another_bodys_line(text: str, start: int) -> bool:
    """Whether the sentence leading to a statement names another body's (national) phone line."""
    lead = re.split(r"[.!?]\s|\n", text[max(0, start - LEAD_CHARS):start])[-1]
    return bool(_NATIONAL_LINE.search(lead)) and not _OWN.search(lead)


#: "By appointment only" said of a statement's times, right after them or in its clause before them: the times
#: are of appointments ("Donnerstag 17 bis 19 Uhr nach telefonischer Vereinbarung", "uniquement sur
#: rendez-vous, le mercredi de 14 h à 16 h 30"). A plain "by appointment" is left alone: a practice writes it
#: over its opening hours.
_APPOINTMENT_ONLY = (r"(?:(?:by|with) appointment only|appointment only|only by appointment|"
                     r"(?:nur )?nach (?:telefonischer |vorheriger )?(?:termin)?vereinbarung|nur mit termin|"
                     r"(?:uniquement|seulement) sur rendez-vous|sur rendez-vous uniquement|"
                     r"(?:solo|sólo|únicamente) (?:con|bajo) cita(?: previa)?|(?:solo|soltanto) su appuntamento|"
                     r"(?:alleen|enkel) op afspraak|(?:apenas|só|somente) (?:com|por) marcação|"
                     r"(?:endast|kun|bare) (?:efter|etter) (?:tidsbokning|aftale|avtale|tidsbestilling)|"
                     r"vain ajanvarauksella|tylko po (?:wcześniejszym )?umówieniu)")
_APPOINTMENT_AFTER = re.compile(rf"[ \t,(–—-]*{_APPOINTMENT_ONLY}", re.I)
_APPOINTMENT_BEFORE = re.compile(_APPOINTMENT_ONLY, re.I)


def _by_appointment_only(text: str, label: str, end: int) -> bool:
    return bool(_APPOINTMENT_AFTER.match(text, end) or _APPOINTMENT_BEFORE.search(re.split(r"[.!?;:]\s", label)[-1]))


#: Cover for when the place is closed ("Out of hours", "When we are closed, … Night Vets, open from 7pm to 8am"):
#: the times under or after it are another service's, whatever opening words they carry.
_OUT_OF_HOURS = re.compile(
    r"\bout[- ]of[- ]hours\b|\bafter[- ]hours\b|\bwhen (?:we are|we(?:'|’)re|the \w+ is) closed\b|"
    r"\boutside (?:of )?(?:our |normal |opening |surgery |office |business )*hours\b|"
    r"außerhalb (?:der |unserer )?(?:öffnungs|sprech|geschäfts)zeiten|en dehors des (?:heures|horaires) d['’]ouverture|"
    r"fuera (?:del|de nuestro) horario|buiten (?:de )?openingstijden|fuori (?:dall['’])?orario|fora do horário|"
    r"utanför (?:våra )?öppettider|uden for åbningstid\w*|utenfor åpningstid\w*|aukioloaikojen ulkopuolella|"
    r"poza godzinami (?:otwarcia|pracy)", re.I)


#: A line with no word in it (a table's "|---|---|" rule): not a heading.
_WORDLESS = re.compile(r"[^\W\d_]")


#: Day codes a sibling row (a bare day name in a list or table) holds; a line naming only a dated holiday
#: ("Anzac Day") is a heading over its own sentence.
_WEEKLY = frozenset((*DAY_CODES, HOLIDAY_CODE))


def _led_in_as_other(text: str, match: re.Match[str], lang: str) -> bool:
    """Whether the heading or lead-in above a statement says its times are not opening hours: "Upcoming
    workshops" over a list of dated sessions, "Choose a delivery slot. Slots run every day:" over the slots.
    Read: the statement's own line up to its times (at most :data:`LEAD_CHARS`), and the nearest line above
    that is not a sibling row (rows hold digits or are a bare day name; a table's header row is read with
    the line above it; a dated holiday's name alone is a heading), at most :data:`LEAD_LINES` up. A
    purpose word there counts unless an opening or service word follows it ("Delivery" over "Customer
    service: Mon–Fri 9–5")."""
    pos = match.start("at1") if match.group("at1") else match.start()
    line_start = text.rfind("\n", 0, pos) + 1
    context = text[max(line_start, pos - LEAD_CHARS):pos]
    end = line_start - 1
    for _ in range(LEAD_LINES):
        if end < 0:
            break
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end]
        if _is_heading(line, lang):
            context = f"{line}\n{context}"
            if not line.lstrip().startswith("|"):  # a table's header row: the heading above it is read too
                break
        end = begin - 1
    return _names_other(context) or bool(_OUT_OF_HOURS.search(context))


def _pattern_language(lang: str) -> str:
    """The language whose hours pattern reads a page in ``lang``: its base language when it has day
    abbreviations of its own, else English (every other language reads the same words)."""
    base = lang.split("-")[0].lower()
    return base if base in DAY_ABBREVIATIONS else "en"


def _per_pattern_language(build: Callable[[str], T]) -> Callable[[str], T]:
    """``build(lang)`` made once per pattern language (:func:`_pattern_language`) and kept: a page's own
    tag ("en-GB", "de-AT") reads as its pattern language's, and building takes a noticeable time."""
    cached = lru_cache(maxsize=len(DAY_ABBREVIATIONS))(build)

    @functools.wraps(build)
    def per_language(lang: str) -> T:
        return cached(_pattern_language(lang))

    return per_language


@_per_pattern_language
def _vocabulary(lang: str) -> dict[str, str]:
    """Day words readable on a page in ``lang``: all full names, plus English and the page language's
    abbreviations. Read-only (shared)."""
    words: dict[str, str] = {}
    for names in DAY_NAMES.values():
        words.update(names)
    words.update(DAY_ABBREVIATIONS["en"])
    words.update(DAY_ABBREVIATIONS.get(lang, {}))
    return words


@_per_pattern_language
def _day_words(lang: str) -> str:
    """One day word of ``lang``'s vocabulary, singular. A day written as a number ("2ª") is no part of a
    longer number."""
    vocabulary = _vocabulary(lang)
    words = rf"(?<!{_LETTER}){_word_trie(w for w in vocabulary if not w[0].isdigit())}"
    numbers = [w for w in vocabulary if w[0].isdigit()]
    return rf"(?:{words}|(?<!\d){_word_trie(numbers)})" if numbers else words


@_per_pattern_language
def _dated_prefix(lang: str) -> re.Pattern[str]:
    """A weekday or holiday name just before a date, which that date specifies: "Monday, February 17",
    "Julaften 24.12"."""
    return re.compile(rf"(?:(?:{_NAMED_DATE}|{_MOVABLE}\.?),?\s*\(?\s*)?(?:{_day_words(lang)}\.?,?\s+\(?)?"
                      rf"(?<=[\s(])(?={_WRITTEN_DATE}|{_ORDINAL}{_range_word(lang)})")


def _day_item(lang: str) -> str:
    """The pattern of one day item (a day, a day range, a group such as "weekdays", a date, a weekday
    with its date) in ``lang``."""
    words = _day_words(lang)
    day = rf"{words}(?:s)?(?!{_LETTER})\.?"
    range_word = _range_word(lang)
    # a span of dates: "24 December – 2 January", "25–26 December", "December 24–26", "24.12.–2.1."
    # (each end may carry its weekday: "du lundi 21 au samedi 26 juillet")
    dates = (rf"(?:{_ORDINAL}{range_word}(?:{words}\.?,?\s+)?)?{_DATE}"
             rf"(?:{range_word}(?:{_DATE}|{_ORDINAL}(?![\d:.h])))?")
    # a holiday's name before its date, the weekday bracketed with it: "Koningsdag (zaterdag 26 april)"
    named = rf"(?:(?:{_NAMED_DATE}\s*\(\s*)?(?:{words}|{_MOVABLE})\.?,?\s+\(?)"
    return (rf"(?:{_ARTICLE}(?:{named}?{dates}\)?|{day}(?:{range_word}{day})?|"
            rf"{_GROUP}))")


def _range_word(lang: str) -> str:
    """A word or dash between the first and last day of a range, in ``lang``."""
    return _separator(_RANGE_WORDS, LANGUAGE_RANGE_WORDS.get(_pattern_language(lang)), r"\bt/m\b|")


def _time_sep(lang: str) -> str:
    """A word or dash between the opening and closing time, in ``lang``."""
    return _separator(_TIME_SEP_WORDS, LANGUAGE_RANGE_WORDS.get(_pattern_language(lang)))


@_per_pattern_language
def _hours_pattern(lang: str) -> re.Pattern[str]:
    item = _day_item(lang)
    spec = rf"{item}(?:{_JOIN}{item})*"
    time_sep = _time_sep(lang)

    def timerange(group: str) -> str:
        return (rf"(?:from\s+|between\s+|von\s+|de\s+|du\s+|desde\s+|entre\s+|ab\s+|van\s+|dalle\s+|das\s+|"
                rf"dal\s+|kl\.?\s*|klo\s+|fra\s+|från\s+|od\s+|(?:w\s+)?godz(?:\.|inach)\s*)?"
                rf"(?P<{group}1>{_TIME})(?:{time_sep}|{_CELL_SEP})(?P<{group}2>{_TIME})(?![hu:.]?\d)"
                rf"(?P<{group}u>\s*(?:uhr|uur|hrs?|hours|h)(?![a-z]))?")

    listed = rf"(?:(?:{_day_words(lang)}|{_MOVABLE})\.?,?\s+\(?)?{_DATE}{_ASIDE}"
    return compile_with_starts(
        # days then times; a second range is another shift unless days follow that it is the times of
        # (days followed by a colon label what comes next: "… 14:30–17:00 Sabato: chiuso", and so do days
        # followed by their own "closed": "10.00 – 13.00, 14.00 – 17.00\nSunday\nClosed")
        # (a service on the next line is another shift: "Lunch: 12–3:30 PM\nDinner: 7–11 PM")
        rf"(?P<a>(?P<ad>{spec}){_ASIDE}{_QUALIFIER}{_ASIDE}[\s:,|]*{_BULLET}(?:(?:{_DAYPART}|{_MEAL})[\s:,|]*)?"
        rf"(?:(?:we(?:'|’)re\s+)?{_OPEN_ADJECTIVE}\s+|"
        rf"(?P<aw>(?:[^\W\d_]+[ \t]+){{1,3}}?)(?:{_OPEN_ADJECTIVE}[ \t]+)?)??"
        rf"{timerange('at')}"
        rf"(?:(?:{_SHIFT_JOIN}|[ \t]*\n{_BULLET}(?={_MEAL}))(?:(?:{_DAYPART}|{_MEAL})[\s:,|]*)?"
        rf"{timerange('as')}(?![\s:,|]*{item}(?![\s:,|]*(?:\d|{_CLOSED}(?!{_LETTER})))(?!{_LABELLED})))?"
        # a table's next column closed on these days: "| Sunday | 8am – 1pm | Closed |" (shop | Post Office)
        rf"(?:[ \t]*\|[ \t]*(?P<ac>{_CLOSED})(?!{_LETTER}))?)"
        # times then days, unless those days have times or "closed" of their own after them (the next row
        # of a table read as flat text: "… 7:30 AM – 6:00 PM Tuesday 9:00 AM – 5:00 PM …")
        rf"|(?P<b>{timerange('bt')}[ \t,]*(?:on\s+|every\s+)?(?P<bd>(?>{spec}))(?!\s*:)"
        rf"(?![\s,|–-]*(?:{_TIME}{_TIME_SEP}{_TIME}|{_CLOSED}(?!{_LETTER}))))"
        # (a clause naming what is closed is on the days' line: "Public holidays\nBoth libraries are closed on
        # Waitangi Day" is a heading over a sentence about another day)
        rf"|(?P<c>(?P<cd>{spec}){_ASIDE}(?:[\s:,|\-–]*|[ \t:,|\-–]*(?:we(?:'|’)re\s+|we are\s+|{_CLOSED_CLAUSE}))"
        rf"{_CLOSED}(?!{_LETTER}))"
        # "closed (for lunch 1–2pm and) on Sundays", "Closures: 4 July"
        rf"|(?P<e>(?:we(?:'|’)re\s+|we are\s+)?(?<!{_LETTER})(?:{_CLOSED}[:\s]|{_CLOSURES}:|{_CLOSURE})\s*"
        rf"(?:\w+(?:ment|mente|ly|weise)\s+)?"
        rf"(?:(?:for|due to|wegen|pour|por|voor)\s+(?:[\w-]+\s+){{1,3}}?"
        rf"(?:(?:from\s+|between\s+)?{_TIME}{_TIME_SEP}{_TIME}[\s,]+(?:and|und|et|y|e|en|og|och)\s+)?)?"
        rf"(?:also\s+)?(?:on\s+|every\s+|op\s+|at\s+|over\s+|during\s+|from\s+|vom\s+|del\s+|dal\s+|van\s+)?"
        rf"(?:all\s+)?(?P<ed>{spec}))"
        # a heading naming closures over lines that are each a date: "Holiday closures\n- Friday, July 4"
        # (a line may name the holiday first and hold several dates: "- Thanksgiving – Thursday, November 27 and
        # Friday, November 28")
        rf"|(?P<l>(?<!{_LETTER})(?:{_CLOSURES}|{_CLOSED})[^\n]{{0,40}}(?P<ld>(?:\n[ \t]*(?:[-•*·][ \t]*)?"
        rf"{_HOLIDAY_NAME}{listed}(?:{_JOIN}{listed})*[ \t]*(?=\n|$))+))"
        rf"|(?P<x>(?<![a-z]){_EXCEPT}\s+(?P<xd>{spec})(?![\s:,|]*(?:from\s+|van\s+|von\s+)?\d))"
        rf"|(?P<d>{_ALWAYS})",
        re.I)


@_per_pattern_language
def _hours_finder(lang: str) -> SparseFinder:
    """The hours pattern's matches without trying it at every character (it was most of the checks'
    time): every alternative of :func:`_hours_pattern` holds a time range, a "closed", "closures" or
    "except" word or a round-the-clock phrase, built from the same pieces here, within ``HOURS_REACH`` characters of
    where it starts. Keep the key in step when an alternative is added; tests compare both scans. One
    finder per pattern language, all kept: building one takes a noticeable fraction of a second."""
    key = compile_with_starts(
        rf"{_TIME}(?:{_time_sep(lang)}|{_CELL_SEP}){_TIME}|{_CLOSED}|{_CLOSURES}|{_CLOSURE_NOUN}|{_EXCEPT}|{_ALWAYS}",
        re.I)
    return SparseFinder(_hours_pattern(lang), key, HOURS_REACH)


_TIME_PARTS = re.compile(r"(\d{1,2})(?:\s*[hu]\s*(\d{2})|[:.](\d{2})|(?<=\d)(\d{2}))?(\s*[hu])?\s*"
                         r"(am|pm|a\.m\.|p\.m\.)?(\s*hrs?\.?)?", re.I)
#: "a. m.", "a.m" written for "a.m.".
_SPACED_MERIDIEM = re.compile(r"([ap])\.\s?m\.?$")
TIMEZONES = re.compile(r"\b(GMT|BST|UTC|CET|CEST|MEZ|MESZ|EET|EEST|WET|ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|"
                       r"AEST|AEDT|AWST|ACST|NZST|NZDT|HKT|SGT|MYT|PHT|IST|EAT|WAT|CAT|SAST|AKST|HST|AST|ADT|NST)\b|"
                       r"\b((?i:UK|London|local|Eastern|Central|Mountain|Pacific|CET) time)\b|"
                       r"\b((?i:heure de Paris|hora peninsular|deutscher Zeit))\b")


_WORD_DATE = re.compile(rf"(\d{{1,2}}){_ORDINAL_SUFFIX}\s+(?:of\s+|de\s+)?({_MONTH})|"
                        rf"({_MONTH})\s+(\d{{1,2}}){_ORDINAL_SUFFIX}")
_FIGURES_DATE = re.compile(r"\(?(\d{1,2})([./])(\d{1,2})(?:[./](?:\d{4}|\d{2}))?\.?\)?")
_BARE_ORDINAL = re.compile(rf"(\d{{1,2}}){_ORDINAL_SUFFIX}")
#: Page languages that write a date in figures month first ("11/28"); every other one writes the day first.
MONTH_FIRST_LANGUAGES = frozenset({"en-us"})


def _date_code(part: str, lang: str = "en") -> str | None:
    """The MM-DD code of a date written in words, as a named holiday or in figures (month first only
    with a slash on a page in a :data:`MONTH_FIRST_LANGUAGES` language, or when the day is evidently
    second: "11/28")."""
    if part in NAMED_DATES:
        return NAMED_DATES[part]
    figures = _FIGURES_DATE.fullmatch(part)
    if figures:
        first, second = int(figures.group(1)), int(figures.group(3))
        month_first = figures.group(2) == "/" and (
            second > 12 or (first <= 12 and lang.replace("_", "-").lower() in MONTH_FIRST_LANGUAGES))
        month, day = (first, second) if month_first else (second, first)
        return f"{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None
    match = _WORD_DATE.fullmatch(part)
    if not match:
        return None
    day = int(match.group(1) or match.group(4))
    month = MONTHS.get((match.group(2) or match.group(3)).rstrip("."))
    return f"{month:02d}-{day:02d}" if month and 1 <= day <= 31 else None


def _day_code(word: str, vocabulary: dict[str, str]) -> str | None:
    word = word.strip(" .")
    if word in vocabulary:
        return vocabulary[word]
    if f"{word}-feira" in vocabulary:  # "segunda" of "segunda-feira", cut at its hyphen by a range split
        return vocabulary[f"{word}-feira"]
    return vocabulary.get(word[:-1]) if word.endswith("s") else None


@_per_pattern_language
def _range_word_pattern(lang: str) -> re.Pattern[str]:
    return re.compile(_range_word(lang), re.I)


def _range_ends(part: str, vocabulary: dict[str, str], lang: str) -> list[str]:
    """The day codes of a day or a range of two days. The range is split at the first range word or dash
    that leaves a day word on both sides: a day word can hold a dash ("segunda-feira a sexta-feira") and a
    range word can be a day word ("ma–to", Monday to Thursday in Finnish). Without such a split, the
    days read from the first split (one day, or none)."""
    separators = list(_range_word_pattern(lang).finditer(part))
    for separator in separators:
        first, last = _day_code(part[:separator.start()], vocabulary), _day_code(part[separator.end():], vocabulary)
        if first and last:
            return [first, last]
    if not separators:
        code = _day_code(part, vocabulary)
        return [code] if code else []
    cut = separators[0]
    return [code for x in (part[:cut.start()], part[cut.end():]) if (code := _day_code(x, vocabulary))]


_GROUP_SPLIT = re.compile(f"({_GROUP})")
_JOIN_SPLIT = re.compile(_JOIN)


def _spec_parts(spec: str) -> list[str]:
    """The items of a lower-cased day spec, split at its joining words, except inside a group's words ("en
    semaine": "en" also joins Dutch days)."""
    pieces = _GROUP_SPLIT.split(spec)
    return [part for i, piece in enumerate(pieces) for part in ([piece] if i % 2 else _JOIN_SPLIT.split(piece))]


#: The longest span of dates read as every date in it (a holiday closure); longer ones are seasons.
DATE_SPAN_DAYS = 31


def _date_span(part: str, lang: str) -> list[str]:
    """MM-DD codes of every date from the first to the last of a span ("24 December to 2 January", "25–26
    December", "December 24–26"); the end written as a bare day of the month shares the other's month."""
    for separator in _range_word_pattern(lang).finditer(part):
        left, right = part[:separator.start()].strip(), part[separator.end():].strip()
        first, last = _date_code(left, lang), _date_code(right, lang)
        bare_left, bare_right = _BARE_ORDINAL.fullmatch(left), _BARE_ORDINAL.fullmatch(right)
        if bare_left and last:
            first = f"{last[:2]}-{int(bare_left.group(1)):02d}"
        elif bare_right and first:
            last = f"{first[:2]}-{int(bare_right.group(1)):02d}"
        if first and last:
            return _dates_between(first, last)
    return []


def _dates_between(first: str, last: str) -> list[str]:
    """The MM-DD codes from ``first`` to ``last`` (into the next year when ``last`` is earlier), none when
    the span is longer than :data:`DATE_SPAN_DAYS` or a code is no date."""
    try:
        start = date(2024, int(first[:2]), int(first[3:]))  # a leap year: 02-29 is a date
        stop = date(2024 if last >= first else 2025, int(last[:2]), int(last[3:]))
    except ValueError:
        return []
    length = (stop - start).days
    return [(start + timedelta(days=i)).strftime("%m-%d") for i in range(length + 1)] if length < DATE_SPAN_DAYS else []


def _days(spec: str, lang: str = "en") -> list[str]:
    """Day codes of a day spec: weekdays, groups, holidays and dates. A weekday or holiday name written
    just before a date names that date ("Monday, February 17", "Julaften 24.12", "Black Friday (11/29)"):
    the date alone is read. Days of the month listed before one month share it ("24., 25. og 26. december")."""
    vocabulary = _vocabulary(lang)
    days: list[str] = []
    waiting: list[int] = []  # days of the month before their month
    for part in _spec_parts(_dated_prefix(lang).sub("", spec.strip().lower())):
        part = re.sub(rf"^{_ARTICLE}", "", part.strip(" .()")).strip(" .()")
        if part in vocabulary:  # a whole word that a range split would cut ("segunda-feira", "zon-", "2ª")
            days.append(vocabulary[part])
            continue
        ordinal = _BARE_ORDINAL.fullmatch(part)
        if ordinal:
            waiting.append(int(ordinal.group(1)))
            continue
        if part in _DAY_GROUPS:
            days.extend(_DAY_GROUPS[part])
            continue
        date = _date_code(part, lang)
        if date:
            days.extend(f"{date[:2]}-{day:02d}" for day in waiting if 1 <= day <= 31)
            days.append(date)
            waiting = []
            continue
        span = _date_span(part, lang)
        if span:
            days.extend(span)
            continue
        ends = _range_ends(part, vocabulary, lang)
        if len(ends) == 2:
            first, last = DAY_CODES.index(ends[0]), DAY_CODES.index(ends[1])
            span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
            days.extend(DAY_CODES[i] for i in span)
        else:
            days.extend(ends)
    return list(dict.fromkeys(days))


def _clock(raw: str, clock24: bool = False) -> tuple[int, int, str] | None:
    """(hour, minute, meridiem) of a written time; meridiem '' when not stated, '24h' when the clock
    is evidently 24-hour (minutes written with ':' or 'h', an hour over 12, an "Uhr"/"h" suffix)."""
    raw = _SPACED_MERIDIEM.sub(r"\1.m.", raw.strip().lower())
    named = _NAMED_TIME.fullmatch(raw)
    if named:
        return (0, 0, "am") if named.group(1) in MIDNIGHT_WORDS else (12, 0, "pm")
    match = _TIME_PARTS.fullmatch(raw)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or match.group(3) or match.group(4) or 0)
    meridiem = (match.group(6) or "").replace(".", "")
    if hour > 24 or minute > 59 or (meridiem and hour > 12) or (match.group(4) and len(match.group(1)) != 2):
        return None
    explicit = (clock24 or bool(match.group(4)) or bool(match.group(5)) or ":" in raw
                or "." in raw.replace("a.m.", "").replace("p.m.", ""))
    return hour, minute, meridiem or ("24h" if explicit or hour > 12 or "h" in raw or "u" in raw else "")


def _to_24h(hour: int, meridiem: str) -> int:
    if meridiem == "pm" and hour < 12:
        return hour + 12
    if meridiem == "am" and hour == 12:
        return 0
    return hour


_FOUR_DIGITS = re.compile(r"\d{4}")


def _plausible_four_digit(first: tuple[int, int, str], second: tuple[int, int, str]) -> bool:
    """"0800-1800" is a time range, "2024-2025" a span of years: four-digit times keep to quarter hours
    and an opening lasts at least an hour."""
    (h1, m1, _), (h2, m2, _) = first, second
    minutes = (h2 * 60 + m2 - h1 * 60 - m1) % (24 * 60)
    return m1 % 15 == 0 and m2 % 15 == 0 and minutes >= 60


_HOUR_MARK = re.compile(r"[hu]|^0", re.I)


def _twelve_hour_close(first: str, second: str, clock24: bool, h1: int, h2: int) -> bool:
    """Whether "8:30–5:30" is a 12-hour clock without "am"/"pm" (8:30 to 17:30): a morning opening and an
    afternoon-like closing hour before it, and nothing marking a 24-hour clock ("Uhr", "h", "hrs", a leading
    zero as in "08:00–05:30"). A close past midnight opens later or closes earlier ("12:00 – 2:00", a bar)."""
    return (not clock24 and 3 <= h2 < h1 <= 10 and not _HOUR_MARK.search(first.strip())
            and not _HOUR_MARK.search(second.strip()))


def _time_range(first: str, second: str, clock24: bool = False) -> tuple[str, str] | None:
    """Opening and closing time as HH:MM; a bare hour ("9-5") reads as daytime (9am to 5pm), "9-12" as
    nine to noon."""
    a, b = _clock(first, clock24), _clock(second, clock24)
    if a is None or b is None:
        return None
    if _FOUR_DIGITS.fullmatch(first.strip()) and not _plausible_four_digit(a, b):
        return None
    (h1, m1, p1), (h2, m2, p2) = a, b
    stated = (p1, p2)
    if p2 == "24h" and not p1:
        p1 = "24h"
    if not p1 and p2 in ("am", "pm"):
        p1 = "pm" if p2 == "pm" and (h1 < h2 < 12 or h1 == 12 > h2) else "am"
    if not p1:
        p1 = "pm" if h1 == 12 else "am"  # a bare "12" opens at noon ("closed for lunch 12-1", "Sun 12-4")
    if not p2:
        p2 = "pm" if h2 <= h1 or h2 < 8 or h2 == 12 else "am"
    opens, closes = _to_24h(h1, p1), _to_24h(h2, p2)
    if p2 == "24h" and h2 <= h1 and h2 < 12 and (p1 != "24h" or _twelve_hour_close(first, second, clock24, h1, h2)):
        closes = h2 + 12
        stated = (stated[0], "pm")
    if closes == 0 and m2 == 0:
        closes = 24
    # past midnight ("18:00–02:00", "6pm–2am", a pub's "11am – 1am") only when both clocks are explicit;
    # otherwise a misreading
    past_midnight = stated in (("24h", "24h"), ("pm", "am")) or (stated == ("am", "am") and closes < 6 <= opens)
    if (opens, m1) >= (closes, m2) and (not past_midnight or (opens, m1) == (closes, m2)):
        return None
    return f"{opens:02d}:{m1:02d}", f"{closes:02d}:{m2:02d}"


def _timezone(text: str, start: int, end: int) -> str | None:
    window = text[max(0, start - CONTEXT_CHARS):end + 30]
    match = TIMEZONES.search(window)
    return (match.group(1) or match.group(2) or match.group(3)) if match else None


def _text_hours(text: str, url: str, lang: str = "en") -> list[HoursFact]:
    """Hours statements of a text, then the changes later sentences make to them (a lunch closure, one
    day opening later or closing later)."""
    made: list[tuple[int, int, HoursFact]] = []
    spans: list[tuple[int, int]] = []
    for match in _hours_finder(lang).finditer(text):
        previous_end = spans[-1][1] if spans else 0
        if _is_break(text, match, previous_end):
            continue  # its times are left for :func:`_amended` to read as a break
        # a closing day after a lunch closure ("closed for lunch 1–2pm, and on Sundays") leaves the lunch to
        # be read as a break of the hours before it
        spans.append((match.start("ed") if match.group("e") else match.start(), match.end()))
        made.extend((match.start(), match.end(), fact)
                    for fact in _statement_facts(text, match, url, lang, previous_end))
    if not made:
        return []
    return _amended(text, _overridden(text, made), spans, lang)


#: How far after a statement for several days a statement for some of them may override it.
OVERRIDE_REACH = 200


def _overridden(text: str, made: list[tuple[int, int, HoursFact]]) -> list[tuple[int, HoursFact]]:
    """The facts (with where their statements end), a day of a range left out where a statement just after
    it gives that day other hours that overlap the range's ("Tuesday to Sunday 10–18, Thursday 10–20",
    "Tirsdag–søndag kl. 10–17, onsdag kl. 10–21"): the later, narrower statement is that day's. Hours that
    do not overlap are a second shift ("Mon–Fri 9–12 … Tuesday 14–18") and are kept; a line between the two
    that states no hours ("Workshop", a branch's address) makes them different services' and both stand, and
    round-the-clock hours are a line's or a desk's beside the others'."""
    result: list[tuple[int, HoursFact]] = []
    for index, (_, end, fact) in enumerate(made):
        drop: set[str] = set()
        if not fact.closed and len(fact.days) > 1 and (fact.opens, fact.closes) != ("00:00", "24:00"):
            for start, _, later in made[index + 1:]:
                if start - end > OVERRIDE_REACH:
                    break
                if (start >= end and set(later.days) < set(fact.days) and _adjacent(text, end, start, made)
                        and (later.closed or ((later.opens or "") < (fact.closes or "")
                                              and (fact.opens or "") < (later.closes or "")
                                              and (later.opens, later.closes) != (fact.opens, fact.closes)))):
                    drop.update(later.days)
        days = [day for day in fact.days if day not in drop]
        if days:
            result.append((end, replace(fact, days=days) if drop else fact))
    return result


def _adjacent(text: str, end: int, start: int, made: list[tuple[int, int, HoursFact]]) -> bool:
    """Whether every whole line between a statement's end and a later one's start holds a statement too."""
    while end > 0 and text[end - 1].isspace():  # a statement's match may take the line break after it
        end -= 1
    line_start = text.find("\n", end, start) + 1
    while line_start:
        line_end = text.find("\n", line_start, start)
        if line_end < 0:
            return True
        if not any(line_start <= at < line_end for at, _, _ in made):
            return False
        line_start = line_end + 1
    return True


def _statement_facts(text: str, match: re.Match[str], url: str, lang: str,
                     previous_end: int) -> Iterator[HoursFact]:
    """The facts one match of the hours pattern states (none when its label or lead-in names something
    other than opening hours); ``previous_end`` is where the previous match ended (labels stop there)."""
    start, end = match.start(), match.end()
    label = label_before(text, start, previous_end)
    common = {"text": " ".join(match.group(0).split()), "url": url, "source": "text",
              "timezone": _timezone(text, start, end), "context": " ".join(f"{label} {match.group(0)}".split())}
    if (_names_other(re.split(r"[.!?;]\s", label)[-1]) or _led_in_as_other(text, match, lang)
            or _names_other(match.group("aq") or "") or _another_bodys_line(text, start)
            or _by_appointment_only(text, label, end)):
        return
    if match.group("d"):
        sentence = _sentence_around(text, start, end)
        if _UNATTENDED.search(re.split(r"[.!?;]\s|\n", text[max(0, start - UNATTENDED_CHARS):start])[-1]):
            return
        if _ALWAYS_SERVICE.search(sentence) or _PHONE_LIKE.search(sentence):
            # "24 hours a day, Monday to Friday": the days written right after limit the round-the-clock days
            named = _always_days(lang).match(text, end)
            days = _days(named.group("days"), lang) if named else []
            days = days or list(DAY_CODES)
            if _HOLIDAYS_INCLUDED.match(text, named.end() if named else end):
                days.append(HOLIDAY_CODE)
            yield HoursFact(days=days, opens="00:00", closes="24:00", **common)
        return
    if match.group("l"):
        listed = _PARTIAL_DAY.sub("", _HOLIDAY_NAME_LINE.sub("", match.group("ld")))
        lines = (_LIST_LINE.sub("", line) for line in listed.split("\n"))
        days = [day for line in lines for day in _days(line, lang)]
        if days:
            yield HoursFact(days=days, opens=None, closes=None, closed=True, **common)
        return
    if match.group("e") and _FOR_A_BREAK.search(text, match.start("e"), match.start("ed")) \
            and not _DIGIT.search(text, match.start("e"), match.start("ed")) \
            and not _AND_ALSO.search(text, match.start("e"), match.start("ed")):
        return  # "Pharmacy closed for lunch daily 1:30–2:00 PM": a break every day ("… and on Sundays": closed)
    if match.group("c") or match.group("e") or match.group("x"):
        days = _days(match.group("cd") or match.group("ed") or match.group("xd"), lang)
        if days:
            yield HoursFact(days=days, opens=None, closes=None, closed=True, **common)
        return
    if _UNATTENDED.search(re.split(r"[.!?;]\s", label)[-1]):
        return  # "Selbstbedienungsfoyer mit Geldautomat: täglich 5:00 – 24:00 Uhr": a machine's hours
    if match.group("aw") is not None and not (_OPEN_WORDS.search(text, match.start("aw"), match.start("at1"))
                                              or _OPEN_AFTER.match(text, end)):
        return  # words between days and times say what the times are of only when they say "open"
    group = "at" if match.group("a") else "bt"
    days = _days(match.group("ad") if group == "at" else match.group("bd"), lang)
    if days and _HOLIDAYS_INCLUDED.match(text, end):
        days.append(HOLIDAY_CODE)
    shifts = [group, "as"] if group == "at" and match.group("as1") else [group]
    for shift in shifts:
        times = _time_range(match.group(f"{shift}1"), match.group(f"{shift}2"), bool(match.group(f"{shift}u")))
        if days and times:
            yield HoursFact(days=days, opens=times[0], closes=times[1], **common)
    if days and group == "at" and match.group("ac") and _service_column(text, match.start("ac")):
        yield HoursFact(days=days, opens=None, closes=None, closed=True, **common)


#: "Open" in a clause between days and times, or right after the times: "Am 24. und 31. Dezember haben wir von
#: 8:00 bis 12:00 Uhr geöffnet", "Grundlovsdag (5. juni) har vi åbent kl. 10.00–14.00".
_OPEN_WORDS = re.compile(rf"(?<!{_LETTER}){_OPEN_ADJECTIVE}(?!{_LETTER})", re.I)
_OPEN_AFTER = re.compile(rf"[ \t]*{_OPEN_ADJECTIVE}(?!{_LETTER})", re.I)
#: A closing word (with what it is closed for) right before a statement: its times are a break, not hours.
_CLOSED_FOR = re.compile(rf"(?<!{_LETTER}){_CLOSED}(?:\s+(?:for|pour|für|zur|zum|por|para|per|voor|wegen|för)"
                         rf"\s+[^\W\d_]+)?\s*$", re.I)
CLOSED_FOR_CHARS = 40


def _is_break(text: str, match: re.Match[str], previous_end: int) -> bool:
    """Whether a time-range statement follows a closing word: "closed for lunch between 1pm and 2pm"."""
    start = match.start()
    return bool((match.group("a") or match.group("b"))
                and _CLOSED_FOR.search(text, max(previous_end, start - CLOSED_FOR_CHARS), start))
_DAYPART_WORD = re.compile(_DAYPART, re.I)


def _service_column(text: str, position: int) -> bool:
    """Whether the table cell at ``position`` sits under a header naming a service ("| | Shop | Post Office
    counter |"): its "Closed" closes that service's day. Under an empty or a daypart header ("Matin",
    "Afternoon") it closes only part of the day."""
    line_start = text.rfind("\n", 0, position) + 1
    column = text.count("|", line_start, position)
    header = None
    while line_start > 0:
        above = text.rfind("\n", 0, line_start - 1) + 1
        line = text[above:line_start - 1]
        if not line.lstrip().startswith("|"):
            break
        if _WORDLESS.search(line):
            header = line
        line_start = above
    if header is None:
        return False
    cells = header.split("|")
    cell = cells[column] if column < len(cells) else ""
    return bool(_WORDLESS.search(cell)) and not _DAYPART_WORD.search(cell)


#: A holiday's name before its dates on a closures list line: "Independence Day – ", "Christmas: ".
_HOLIDAY_NAME = r"(?:[^\W\d_][^\n\d–—:|]{0,30}?[ \t]+[–—-][ \t]+|[^\W\d_][^\n\d–—:|]{0,30}?:[ \t]+)?"
_HOLIDAY_NAME_LINE = re.compile(rf"(?m)^([ \t]*(?:[-•*·][ \t]*)?){_HOLIDAY_NAME}")
#: A listed date whose aside gives it times ("Wednesday, December 24 (closing at noon)"): open part of the
#: day, not closed; left out of the closures.
_PARTIAL_DAY = re.compile(rf"(?:(?<=\n)|(?<=and )|(?<=, ))[^\n(]*\([^()\n]*(?:\d:\d\d|\d\s*[ap]\.?m|{_NAMED_TIMES}|"
                          rf"clos|open)[^()\n]*\)"
                          rf"(?:{_JOIN})?", re.I)
#: A list line's bullet and closing aside: "- Monday, September 1 (Labor Day)" reads "Monday, September 1".
_LIST_LINE = re.compile(r"^[ \t]*[-•*·]?[ \t]*|[ \t]*\([^()\n]{1,30}\)[ \t]*$")


@_per_pattern_language
def _always_days(lang: str) -> re.Pattern[str]:
    """Days written just after a round-the-clock phrase, which it then covers alone."""
    item = _day_item(lang)
    return re.compile(rf"[\s,;:–—-]*(?:on\s+|every\s+)?(?P<days>{item}(?:{_JOIN}{item})*)(?![\s:,|]*\d)", re.I)


#: How far after an hours statement a sentence changing it is read ("The office closes for lunch…").
AMEND_REACH = 200
#: ("dîner" is Quebec French for lunch; a break at dinner time splits the day alike)
_LUNCH_WORD = (r"(?:lunch\w*|midday|mittag\w*|midi|d[ée]jeuner|d[îi]ner|middag\w*|almuerzo|comida|pranzo|almo[çc]o|"
               r"lounas\w*|lunsj\w*|frokost\w*)")
#: What a closing word names as closed for when it is a break in the day: with no times before the days it
#: names ("closed for lunch daily"), the days are the break's, not closed days.
_FOR_A_BREAK = re.compile(rf"(?<!{_LETTER})(?:{_LUNCH_WORD}|breaks?|pauses?|pausa)(?!{_LETTER})", re.I)
_AND_ALSO = re.compile(rf"(?<!{_LETTER})(?:and|also|und|auch|et|aussi|y|e|en|ook|och|og|ja)(?!{_LETTER})", re.I)
#: A lunch break: "closed for lunch 1–2pm" (lunch word first, group l) or "Tussen 12.30 en 13.30 uur is de
#: praktijk gesloten in verband met de lunchpauze" (times first, lunch word later in the sentence, group b).
_LUNCH = re.compile(
    rf"\b{_LUNCH_WORD}\b[^.\n]{{0,40}}?"
    rf"(?:from\s+|between\s+|von\s+|de\s+|entre\s+|dalle\s+|das\s+|van\s+|tra\s+le\s+)?"
    rf"(?P<l1>{_TIME}){_TIME_SEP}(?P<l2>{_TIME})(?![hu:.]?\d)"
    rf"|\b(?:between|from|tussen|van|zwischen|von|entre|de|tra|dalle|mellan|mellem|mellom|fra|från)\s+"
    rf"(?P<b1>{_TIME})(?:{_TIME_SEP}|\s+(?:en|und|e|og|och|ja)\s+)(?P<b2>{_TIME})(?![hu:.]?\d)"
    rf"(?=[^.\n]{{0,80}}?\b{_LUNCH_WORD})"
    # "Mon–Fri 9am–5pm (closed 1–2pm for lunch)", "…, closed 12.30pm to 1.30pm": a closing word and times
    rf"|(?<!{_LETTER}){_CLOSED}[ \t]*(?:from\s+|between\s+|de\s+|von\s+|van\s+|dalle\s+|das\s+|entre\s+)?"
    rf"(?P<k1>{_TIME}){_TIME_SEP}(?P<k2>{_TIME})(?![hu:.]?\d)(?!\s*{_MONTH})", re.I)
_CLOSING_WORD = re.compile(r"\bclos\w*|\bshut\b|\w*break\b|\w*pau[sz]en?\b|\bpausa\b|geschlossen|\bferm\w*|\bcerrad\w*|"
                           r"\bchius\w*|\bfechad\w*|\bgesloten\b|\bintervalo\b|\bstängt\b|\blukket\b|\bstengt\b|"
                           r"\bsuljettu\b|\bkiinni\b|\bencerrad\w*", re.I)
_OPEN_WORD = r"(?:open\w*|ouvr\w*|ouverture|öffn\w*|geöffnet|abr\w*|apr\w*|abertura|start\w*)"
_AT_WORD = r"(?:at|from|à|ab|um|a las|alle|às|om|vanaf|dès|desde)"
_UNTIL_WORD = r"(?:until|till|to|jusqu['’]à|bis|hasta|fino alle|at[ée]|tot)"


@_per_pattern_language
def _day_changes(lang: str) -> SparseFinder:
    """A later sentence moving one day's opening or closing: "On Wednesdays we open at 10:00", "Le jeudi,
    ouverture prolongée jusqu'à 18h00", "Thursday late opening until 8pm". Found sparsely: every match
    holds an opening or "until" word, within :data:`AMEND_REACH` of its start (the window read)."""
    item = _day_item(lang)
    spec = rf"{item}(?:{_JOIN}{item})*"
    pattern = compile_with_starts(
        rf"(?P<days>{spec})[^.\n\d]{{0,40}}?(?:\b{_OPEN_WORD}\b[^.\n\d]{{0,25}}?(?<!['’])\b{_AT_WORD}\s+(?P<opens>{_TIME})"
        rf"|\b{_UNTIL_WORD}\s+(?P<closes>{_TIME}))(?![hu:.]?\d)(?!{_TIME_SEP}\d)", re.I)
    return SparseFinder(pattern, compile_with_starts(rf"\b(?:{_OPEN_WORD}|{_UNTIL_WORD})\b", re.I), AMEND_REACH)


def _amended(text: str, made: list[tuple[int, HoursFact]], spans: list[tuple[int, int]],
             lang: str) -> list[HoursFact]:
    """The facts (with where their statements end) changed by the sentences just after the statements: a
    lunch closure splits the day into two shifts; a day opening later or closing later gets its own hours
    (the earliest shift's opening, the latest shift's closing). A change is read only outside the
    statements themselves and applies to the facts stated before it."""
    items = list(made)
    for end in sorted({stated_at for stated_at, _ in made}):
        window = text[end:end + AMEND_REACH]
        for lunch in _LUNCH.finditer(window):
            first = "l" if lunch.group("l1") else "b" if lunch.group("b1") else "k"
            said = (window[:lunch.start("l1")] if first == "l" else lunch.group(0) if first == "k"
                    else _sentence_around(window, lunch.start(), lunch.end()))
            if _inside(end + lunch.start(f"{first}1"), spans) or not _CLOSING_WORD.search(said):
                continue
            times = _break_range(lunch.group(f"{first}1"), lunch.group(f"{first}2"))
            if times:
                since = _block_start(text, [at for at, _ in items], end + lunch.start(), lang)
                items = [(at, part) for at, fact in items
                         for part in (_split_for_break(fact, *times) if since < at <= end else [fact])]
        for change in _day_changes(lang).finditer(window):
            if _inside(end + change.start(), spans) or _RESTRICTED.match(window, change.end()):
                continue
            said = _sentence_around(window, change.start(), change.end())
            if _APPOINTMENT_BEFORE.search(said) or _OUT_OF_HOURS.search(said):
                continue  # "Beratungsgespräche nach Vereinbarung auch außerhalb der Öffnungszeiten, Mo–Fr bis 19 Uhr"
            days = set(_days(change.group("days"), lang))
            earlier = [fact for at, fact in items if at <= end and not fact.closed and days & set(fact.days)]
            if not earlier:
                continue
            if change.group("opens"):
                target = min(earlier, key=lambda f: f.opens or "")
                moved = _time_range(change.group("opens"), target.closes or "")
            else:
                target = max(earlier, key=lambda f: f.closes or "")
                moved = _time_range(target.opens or "", change.group("closes"))
            if moved and moved[0] < moved[1]:  # a day moved past midnight is a misreading here
                items = [(at, part) for at, fact in items
                         for part in (_moved_days(fact, days, moved) if fact is target else [fact])]
    return [fact for _, fact in items]


def _is_heading(line: str, lang: str) -> bool:
    """Whether a line reads as a heading: words without figures, not a bare day name (a sibling row of a
    list or table) — a dated holiday's name alone is a heading."""
    return bool(_WORDLESS.search(line)) and not _DIGIT.search(line) and not (
        len(line) <= 30 and _WEEKLY.intersection(_days(line, lang)))


def _block_start(text: str, ends: list[int], position: int, lang: str) -> int:
    """Where the block of statements a sentence at ``position`` belongs to starts: the last heading line
    before it with a statement (one of ``ends``) between the two ("Store opening times … Pharmacy … the
    pharmacist takes a lunch break 1–1:20pm" breaks the pharmacy's day only); -1 when no heading parts them."""
    first = min(ends, default=position)
    line_end = text.rfind("\n", 0, position)
    while line_end > first:
        line_start = text.rfind("\n", 0, line_end) + 1
        if any(line_end < at <= position for at in ends) and _is_heading(text[line_start:line_end], lang):
            return line_end
        line_end = line_start - 1
    return -1


#: "Only" in the clause after a day change: "On Sundays the centre opens at 10am for browsing only; tills open at
#: 10.30am" opens the doors, not the service.
_RESTRICTED = re.compile(r"[^.;\n]{0,40}?\b(?:only|nur|uniquement|seulement|solo|sólo|solamente|soltanto|apenas|"
                         r"somente|só|alleen|enkel|endast|bara|kun|bare|vain|tylko)\b", re.I)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


_BARE_TIME = re.compile(r"\d{1,2}(?:[:.]\d{2})?")


def _break_range(first: str, second: str) -> tuple[str, str] | None:
    """A break's times: bare hours that read as night or as no range ("closed for lunch 1-2", "12.30–1.30")
    are the afternoon's."""
    times = _time_range(first, second)
    if ((times is None or times[0] >= times[1] or times[0] < "07:00")
            and _BARE_TIME.fullmatch(first.strip()) and _BARE_TIME.fullmatch(second.strip())):
        return _time_range(f"{first.strip()}pm", f"{second.strip()}pm") or times
    return times


def _split_for_break(fact: HoursFact, starts: str, ends: str) -> list[HoursFact]:
    """A day's hours around a break ("9:30–16:00", lunch 13:00–14:00 → 9:30–13:00 and 14:00–16:00). Round-the-
    clock hours are never broken: a place open 24 hours is not closed for lunch, so the break is another
    service's ("Store: open 24 hours … Pharmacy closed for lunch daily 1:30–2:00 PM")."""
    if fact.closed or (fact.opens, fact.closes) == ("00:00", "24:00") \
            or not (fact.opens or "") < starts < ends < (fact.closes or ""):
        return [fact]
    return [replace(fact, closes=starts), replace(fact, opens=ends)]


def _moved_days(fact: HoursFact, days: set[str], hours: tuple[str, str]) -> list[HoursFact]:
    """The fact for its other days, and ``days`` with their own ``hours``."""
    keep = [day for day in fact.days if day not in days]
    moved = replace(fact, days=[day for day in fact.days if day in days], opens=hours[0], closes=hours[1])
    return [replace(fact, days=keep), moved] if keep else [moved]


#: A phone number in the sentence of a round-the-clock phrase: "Report a leak 24 hours a day on 0808 157 0519".
_PHONE_LIKE = re.compile(r"(?<![\d.,])(?:\+\d{1,3}[\s.-]?)?\(?\d{2,5}\)?[\s.-]\d{3,4}[\s.-]?\d{3,4}(?![\d.,]\d)")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence (or line) holding text[start:end]."""
    before = re.split(r"[.!?]\s|\n", text[max(0, start - 160):start])[-1]
    after = re.split(r"[.!?](?:\s|$)|\n", text[end:end + 160])[0]
    return f"{before}{text[start:end]}{after}"


_SCHEMA_DAYS = {"monday": "Mo", "tuesday": "Tu", "wednesday": "We", "thursday": "Th", "friday": "Fr",
                "saturday": "Sa", "sunday": "Su", "publicholidays": HOLIDAY_CODE}
_OPENING_HOURS = re.compile(r"^\s*(?P<days>[A-Za-z]{2}(?:\s*[-,]\s*[A-Za-z]{2})*)?\s*"
                            r"(?P<opens>\d{1,2}:\d{2})?\s*-?\s*(?P<closes>\d{1,2}:\d{2})?\s*$")


def _hhmm(value: Any) -> str | None:
    match = re.match(r"^(\d{1,2}):(\d{2})", str(value or "").strip())
    return f"{int(match.group(1)):02d}:{match.group(2)}" if match else None


def _schema_days(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = [str(v.get("@id") or v.get("name") or "") if isinstance(v, dict) else str(v) for v in values]
    return [_SCHEMA_DAYS[n] for n in (x.rsplit("/", 1)[-1].lower() for x in names) if n in _SCHEMA_DAYS]


def _valid_dates(spec: dict[str, Any]) -> list[str]:
    """MM-DD codes of a special-hours spec's validFrom..validThrough (at most a month: holiday closures)."""
    try:
        first = date.fromisoformat(str(spec.get("validFrom") or "")[:10])
        last = date.fromisoformat(str(spec.get("validThrough") or spec.get("validFrom") or "")[:10])
    except ValueError:
        return []
    if not 0 <= (last - first).days <= 31:
        return []
    return [(first + timedelta(days=i)).strftime("%m-%d") for i in range((last - first).days + 1)]


def _spec_fact(spec: dict[str, Any], url: str, context: str) -> HoursFact | None:
    days = _schema_days(spec.get("dayOfWeek")) or _valid_dates(spec)
    opens, closes = _hhmm(spec.get("opens")), _hhmm(spec.get("closes"))
    if not days:
        return None
    closed = opens is None or (opens == closes == "00:00")
    if closes in ("00:00", "23:59") and not closed:  # "23:59" is how many sites write the end of the day
        closes = "24:00"
    text = f"{','.join(days)} " + ("closed" if closed else f"{opens}-{closes}")
    return HoursFact(text=text, days=days, opens=None if closed else opens, closes=None if closed else closes,
                     timezone=None, url=url, source="structured_data", context=context, closed=closed)


def _opening_hours_string(value: str, url: str, context: str) -> HoursFact | None:
    """A schema.org ``openingHours`` string such as "Mo-Fr 09:00-17:30" or "Mo,We 10:00-12:00"."""
    match = _OPENING_HOURS.match(value)
    if not match or not match.group("days"):
        return None
    days: list[str] = []
    for part in match.group("days").split(","):
        ends = [x.strip().capitalize() for x in part.split("-")]
        if not all(e in DAY_CODES for e in ends):
            return None
        first, last = DAY_CODES.index(ends[0]), DAY_CODES.index(ends[-1])
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        days.extend(DAY_CODES[i] for i in span)
    opens, closes = _hhmm(match.group("opens")), _hhmm(match.group("closes"))
    if opens is None:
        opens, closes = "00:00", "24:00"
    return HoursFact(text=value.strip(), days=list(dict.fromkeys(days)), opens=opens, closes=closes,
                     timezone=None, url=url, source="structured_data", context=context)


def _structured_hours(node: Any, url: str, context: str) -> Iterator[HoursFact]:
    if isinstance(node, list):
        for item in node:
            yield from _structured_hours(item, url, context)
        return
    if not isinstance(node, dict):
        return
    types = node_types(node)
    if "ContactPoint" in types:
        context = str(node.get("contactType") or "customer service")
    elif types and "OpeningHoursSpecification" not in types and "Organization" not in types:
        context = str(node.get("name") or types[0])  # a Store or LocalBusiness: its hours, not the phones'
    if "OpeningHoursSpecification" in types:
        fact = _spec_fact(node, url, context)
        if fact:
            yield fact
        return
    for key, value in node.items():
        if key == "openingHours":
            for item in value if isinstance(value, list) else [value]:
                fact = _opening_hours_string(item, url, context) if isinstance(item, str) else None
                if fact:
                    yield fact
        elif key in ("hoursAvailable", "openingHoursSpecification", "specialOpeningHoursSpecification"):
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    fact = _opening_hours_string(item, url, context)
                    if fact:
                        yield fact
                elif isinstance(item, dict):
                    fact = _spec_fact(item, url, context)
                    if fact:
                        yield fact
        elif isinstance(value, (dict, list)):
            yield from _structured_hours(value, url, context)


_ALWAYS_PHRASE = re.compile(_ALWAYS, re.I)
#: What the main text adds to the page's words: table cell separators and list bullets.
_MARKUP = re.compile(r"\||^[ \t]*[-•*·][ \t]", re.M)


def opening_hours(page: Page) -> list[HoursFact]:
    """Opening hours stated in structured data (OpeningHoursSpecification, ContactPoint.hoursAvailable,
    openingHours) and in text ("Mon–Fri 9am–5pm", "Sunday closed", "24/7"), including tables, whose
    cells the page model puts on separate lines of the main text.

    The visible text (the whole page as one run of text) adds what the main text leaves out (header and
    footer hours), but a statement the main text also holds is read there only: the visible text has lost the
    lines (headings, table rows) that say what its times are for. A round-the-clock phrase is the exception:
    it is judged by its whole sentence, which a heading line of the main text may cut."""
    found: list[HoursFact] = []
    seen: set[tuple[Any, ...]] = set()
    lang = page.lang or "en"
    main_words = " ".join(_MARKUP.sub(" ", page.main_text).split())
    candidates = [*_structured_hours(page.structured_data, page.url, ""),
                  *_text_hours(page.main_text, page.url, lang),
                  *(fact for fact in _text_hours(visible_text(page), page.url, lang)
                    if fact.text not in main_words or _ALWAYS_PHRASE.fullmatch(fact.text))]
    for fact in candidates:
        key = (tuple(fact.days), fact.opens, fact.closes, fact.closed)
        if key not in seen:
            seen.add(key)
            found.append(fact)
    return _without_serving_times(found)


_MEAL_WORD = re.compile(rf"(?<!\w){_MEAL}", re.I)


def _without_serving_times(facts: list[HoursFact]) -> list[HoursFact]:
    """The facts without a meal's times that fall inside the opening hours stated for the same days: a
    restaurant open 11–22 that serves "Lounas arkisin klo 11–14" states a menu's serving time, while one
    stating only its lunch and dinner service states its opening."""
    meal = [bool(_MEAL_WORD.search(fact.context)) for fact in facts]
    opening = [fact for fact, is_meal in zip(facts, meal, strict=True) if not fact.closed and not is_meal]

    def within(fact: HoursFact, day: str) -> bool:
        return any(day in other.days and (other.opens or "") <= (fact.opens or "")
                   and ((fact.closes or "") <= (other.closes or "") or (other.closes or "") < (other.opens or ""))
                   for other in opening)

    return [fact for fact, is_meal in zip(facts, meal, strict=True)
            if fact.closed or not is_meal or not all(within(fact, day) for day in fact.days)]


