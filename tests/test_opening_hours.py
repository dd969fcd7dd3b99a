"""Opening hours read from text and structured data (checks.opening_hours)."""

from __future__ import annotations

import json
import re

from auditor.page import Page
from checks import opening_hours
from tests.pages import body_page


def hours_of(page: Page) -> dict[tuple[str, ...], opening_hours.HoursFact]:
    return {tuple(h.days): h for h in opening_hours.opening_hours(page)}


def test_hours_in_sentences_with_time_zone_and_closed_days() -> None:
    page = body_page("<p>Our phone lines are open Monday to Friday 8am to 8pm (UK time), Sat 9am-5pm "
                     "and Sunday closed.</p>")
    found = hours_of(page)
    weekdays = found[("Mo", "Tu", "We", "Th", "Fr")]
    assert (weekdays.opens, weekdays.closes, weekdays.timezone) == ("08:00", "20:00", "UK time")
    assert (found[("Sa",)].opens, found[("Sa",)].closes) == ("09:00", "17:00")
    assert found[("Su",)].closed and found[("Su",)].opens is None


def test_hours_with_24h_clock_en_dash_and_time_first() -> None:
    found = hours_of(body_page("<p>Chat: Mon–Fri 9:00–17:30 CET.</p><p>10am - 4pm on weekends.</p>"))
    assert (found[("Mo", "Tu", "We", "Th", "Fr")].closes, found[("Mo", "Tu", "We", "Th", "Fr")].timezone) == (
        "17:30", "CET")
    assert (found[("Sa", "Su")].opens, found[("Sa", "Su")].closes) == ("10:00", "16:00")


def test_hours_in_a_table() -> None:
    page = body_page("<main><h1>Opening hours</h1><table><tr><th>Day</th><th>Hours</th></tr>"
                     "<tr><td>Monday</td><td>9:00 - 17:00</td></tr><tr><td>Tuesday</td><td>9:00 - 19:00</td></tr>"
                     "<tr><td>Sunday</td><td>Closed</td></tr></table></main>")
    found = hours_of(page)
    assert (found[("Mo",)].opens, found[("Mo",)].closes) == ("09:00", "17:00")
    assert found[("Tu",)].closes == "19:00"
    assert found[("Su",)].closed


def test_round_the_clock() -> None:
    found = hours_of(body_page("<p>Our support team is here 24/7.</p>"))
    fact = found[opening_hours.DAY_CODES]
    assert (fact.opens, fact.closes) == ("00:00", "24:00")


def test_hours_from_opening_hours_specification_and_contact_point() -> None:
    data = {"@context": "https://schema.org", "@type": "Organization", "name": "Shop",
            "contactPoint": {"@type": "ContactPoint", "contactType": "customer service",
                             "telephone": "+44 20 7946 0321",
                             "hoursAvailable": [{"@type": "OpeningHoursSpecification",
                                                 "dayOfWeek": ["https://schema.org/Monday", "Tuesday"],
                                                 "opens": "08:00:00", "closes": "18:00"}]},
            "subOrganization": {"@type": "Store", "name": "Showroom", "openingHours": ["Mo-Fr 10:00-16:00",
                                                                                     "Sa 10:00-13:00"]}}
    page = body_page("<p>Hello</p>", head=f"<script type='application/ld+json'>{json.dumps(data)}</script>")
    found = hours_of(page)
    spec = found[("Mo", "Tu")]
    assert (spec.opens, spec.closes, spec.source, spec.context) == ("08:00", "18:00", "structured_data",
                                                                   "customer service")
    assert found[("Mo", "Tu", "We", "Th", "Fr")].opens == "10:00"
    assert found[("Sa",)].closes == "13:00"
    assert found[("Sa",)].context == "Showroom"


def test_no_hours_from_prices_or_dates() -> None:
    assert opening_hours.opening_hours(body_page("<p>Sale from 12/03 to 19/03. Prices 10-20% off on Monday.</p>")) == []


def test_hours_in_german_french_and_spanish() -> None:
    de = hours_of(body_page("<p>Montag bis Freitag von 8:00 bis 20:00 Uhr, Sa 9–14 Uhr, Sonntag geschlossen</p>",
                            lang="de-DE"))
    assert (de[("Mo", "Tu", "We", "Th", "Fr")].opens, de[("Sa",)].closes, de[("Su",)].closed) == (
        "08:00", "14:00", True)
    fr = hours_of(body_page("<p>Du lundi au vendredi de 9h à 18h30. Fermé le dimanche.</p>", lang="fr"))
    assert fr[("Mo", "Tu", "We", "Th", "Fr")].closes == "18:30" and fr[("Su",)].closed
    es = hours_of(body_page("<p>De lunes a sábado, 10:00-22:00. Domingos cerrado.</p>", lang="es"))
    assert es[("Mo", "Tu", "We", "Th", "Fr", "Sa")].closes == "22:00" and es[("Su",)].closed


def test_bare_nine_to_twelve_is_morning_and_uhr_means_24_hour_clock() -> None:
    assert hours_of(body_page("<p>Saturday 9-12</p>"))[("Sa",)].closes == "12:00"
    assert hours_of(body_page("<p>Mo., Di. und Do. 9–12 Uhr</p>", lang="de"))[("Mo", "Tu", "Th")].closes == "12:00"


def test_holiday_exceptions_as_dated_codes() -> None:
    found = hours_of(body_page("<p>We're closed on 25 December and 1 January.</p><ul><li>Christmas Eve: 9am – 1pm"
                               "</li><li>Boxing Day: closed</li></ul><p>Closed on Sundays and public holidays.</p>"))
    assert found[("12-25", "01-01")].closed
    assert (found[("12-24",)].opens, found[("12-24",)].closes) == ("09:00", "13:00")
    assert found[("12-26",)].closed
    assert found[("Su", "PH")].closed


def test_special_opening_hours_specification_dates() -> None:
    data = {"@type": "Store", "specialOpeningHoursSpecification": {
        "@type": "OpeningHoursSpecification", "validFrom": "2024-12-24", "validThrough": "2024-12-26",
        "opens": "00:00", "closes": "00:00"}}
    page = body_page("<p>Hi</p>", head=f"<script type='application/ld+json'>{json.dumps(data)}</script>")
    assert hours_of(page)[("12-24", "12-25", "12-26")].closed


def test_delivery_slots_are_not_opening_hours() -> None:
    assert opening_hours.opening_hours(body_page("<p>We deliver Monday to Saturday between 7am and 9pm.</p>")) == []


def test_dutch_days_words_and_closed() -> None:
    found = hours_of(body_page("<p>Klantenservice: maandag t/m vrijdag van 9.00 tot 17.30 uur, za 10:00 - 16:00, "
                               "zo gesloten. Op feestdagen gesloten.</p>", lang="nl"))
    weekdays = found[("Mo", "Tu", "We", "Th", "Fr")]
    assert (weekdays.opens, weekdays.closes) == ("09:00", "17:30")
    assert (found[("Sa",)].opens, found[("Sa",)].closes) == ("10:00", "16:00")
    assert found[("Su",)].closed and found[("PH",)].closed
    assert hours_of(body_page("<p>Ma tot en met vr 8-18 uur</p>", lang="nl"))[
        ("Mo", "Tu", "We", "Th", "Fr")].closes == "18:00"


def test_split_shift_keeps_both_ranges_for_the_same_days_only() -> None:
    facts_found = opening_hours.opening_hours(body_page(
        "<table><tr><td>Monday - Friday</td><td>9:00–12:30 and 14:00–18:00</td></tr>"
        "<tr><td>Saturday</td><td>10:00–13:00</td></tr></table>"))
    items = {(tuple(f.days), f.opens, f.closes) for f in facts_found}
    weekdays = ("Mo", "Tu", "We", "Th", "Fr")
    assert (weekdays, "09:00", "12:30") in items and (weekdays, "14:00", "18:00") in items
    assert {(days, o, c) for days, o, c in items if days == ("Sa",)} == {(("Sa",), "10:00", "13:00")}


def test_round_the_clock_only_for_reaching_someone() -> None:
    assert opening_hours.opening_hours(body_page("<p>You can report a claim online 24/7 using our form.</p>")) == []
    assert hours_of(body_page("<p>Our phone lines are open 24/7.</p>"))[opening_hours.DAY_CODES].closes == "24:00"
    assert hours_of(body_page("<p>Live chat: 24/7</p>"))[opening_hours.DAY_CODES].opens == "00:00"


def test_four_digit_times_and_ranges_past_midnight() -> None:
    found = hours_of(body_page("<p>Helpline Mon-Fri 0800-1800, Saturday 0900–1300hrs.</p>"))
    assert (found[("Mo", "Tu", "We", "Th", "Fr")].opens, found[("Mo", "Tu", "We", "Th", "Fr")].closes) == (
        "08:00", "18:00")
    assert found[("Sa",)].closes == "13:00"
    late = hours_of(body_page("<p>Night line: Friday and Saturday 18:00–02:00</p>"))[("Fr", "Sa")]
    assert (late.opens, late.closes) == ("18:00", "02:00")
    assert opening_hours.opening_hours(body_page("<p>Sale on Monday 2024-2025 only.</p>")) == []


def test_holiday_exceptions_and_dated_closures() -> None:
    found = hours_of(body_page("<p>Call us Monday to Friday 9am to 5pm, excluding bank holidays.</p>"
                               "<p>The showroom is closed for stocktaking on 6 January.</p>"))
    assert found[("PH",)].closed
    assert found[("01-06",)].closed
    assert hours_of(body_page("<p>Open daily 10:00-18:00 except public holidays.</p>"))[("PH",)].closed


def test_dated_events_are_not_opening_hours() -> None:
    assert opening_hours.opening_hours(body_page("<p>Join our webinar on 4 March at 10:00 and 11:00 GMT.</p>"
                                         "<p>Our workshop runs on Saturday 10:00-12:00.</p>")) == []


def test_a_heading_or_lead_in_above_the_times_says_what_they_are_for() -> None:
    classes = body_page("<h2>Pottery classes</h2><ul><li>Throwing basics — Saturday 14 June, 10am–12pm</li>"
                        "<li>Glazing — Sunday 15 June, 2pm–4pm</li><li>Raku — Saturday 21 June, 10am–1pm</li></ul>"
                        "<h2>Studio shop</h2><p>Monday to Friday 10am–6pm.</p>")
    assert {(tuple(h.days), h.opens) for h in opening_hours.opening_hours(classes)} == {(("Mo", "Tu", "We", "Th", "Fr"),
                                                                                 "10:00")}
    slots = body_page("<p>Choose a delivery slot at checkout. Slots run every day:</p><ul><li>7am – 8am</li>"
                      "<li>6pm – 7pm</li></ul>")
    assert opening_hours.opening_hours(slots) == []
    # a service word after the purpose word puts the statement back on reaching someone
    service = body_page("<h2>Delivery</h2><p>Our customer service team: Monday to Friday 9am–5pm.</p>")
    assert ("Mo", "Tu", "We", "Th", "Fr") in hours_of(service)
    assert opening_hours.opening_hours(body_page("<p>Happy hour weekdays 4 – 6 p.m.</p>")) == []


def test_hours_including_bank_holidays_cover_them() -> None:
    for text, lang in [("Open daily 7am–11pm, including bank holidays.", "en-GB"),
                       ("We're open every day 8am–10pm, bank holidays included.", "en-GB"),
                       ("Täglich 8–20 Uhr, auch an Feiertagen.", "de-DE"),
                       ("Tous les jours de 9h à 19h, y compris les jours fériés.", "fr-FR")]:
        (fact,) = opening_hours.opening_hours(body_page(f"<p>{text}</p>", lang=lang))
        assert fact.days[-1] == "PH" and len(fact.days) == 8, text
    # hours of their own for holidays are another statement, not these hours
    found = hours_of(body_page("<p>Open daily 9am–5pm and bank holidays 10am–4pm.</p>"))
    assert found[("PH",)].opens == "10:00"
    assert "PH" not in found[("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")].days


def _hours_of(body: str, lang: str = "en-GB") -> set[tuple[str, str]]:
    """(day, "HH:MM-HH:MM" or "closed") items of a page's opening hours."""
    found = opening_hours.opening_hours(body_page(body, lang=lang))
    return {(day, "closed" if f.closed else f"{f.opens}-{f.closes}") for f in found for day in f.days}


def test_italian_and_portuguese_hours_are_read() -> None:
    italian = _hours_of("<main><h2>Orari</h2><p>Dal lunedì al venerdì dalle 9:00 alle 18:30.</p>"
                        "<p>Sab: 9:00-12:00. Domenica e festivi chiuso.</p></main>", "it-IT")
    assert {("Mo", "09:00-18:30"), ("Fr", "09:00-18:30"), ("Sa", "09:00-12:00"), ("Su", "closed"),
            ("PH", "closed")} <= italian
    portuguese = _hours_of("<main><p>De segunda a sexta-feira, das 9h00 às 17h30.</p>"
                           "<p>Sábados das 10h às 13h. Domingos e feriados: encerrado.</p></main>", "pt-PT")
    assert {("Mo", "09:00-17:30"), ("Fr", "09:00-17:30"), ("Sa", "10:00-13:00"), ("Su", "closed"),
            ("PH", "closed")} <= portuguese


def test_belgian_dutch_u_times_and_a_sunday_written_as_half_a_compound() -> None:
    found = _hours_of("<main><ul><li>di-za: 10u - 18u30</li><li>zon- en feestdagen gesloten</li></ul></main>",
                      "nl-BE")
    assert found == {(d, "10:00-18:30") for d in ("Tu", "We", "Th", "Fr", "Sa")} | {("Su", "closed"),
                                                                                  ("PH", "closed")}


def test_a_later_sentence_adds_a_lunch_break_or_moves_one_day() -> None:
    lunch = _hours_of("<main><p>Open Monday to Thursday, 8am to 5pm. We close for lunch between 12:30pm "
                      "and 1:30pm.</p></main>")
    assert lunch == {(d, h) for d in ("Mo", "Tu", "We", "Th") for h in ("08:00-12:30", "13:30-17:00")}
    later = _hours_of("<main><p>Tuesday to Saturday, 9am to 5pm. On Saturdays we open at 10am.</p></main>")
    assert ("Sa", "10:00-17:00") in later and ("Sa", "09:00-17:00") not in later and ("Tu", "09:00-17:00") in later
    longer = _hours_of("<main><p>Du mardi au samedi de 9h à 12h et de 14h à 18h. Le vendredi, nous restons "
                       "ouverts jusqu'à 19h30.</p></main>", "fr-FR")
    assert ("Fr", "14:00-19:30") in longer and ("Fr", "09:00-12:00") in longer and ("Fr", "14:00-18:00") not in longer


def test_round_the_clock_line_with_its_number_and_days_range_with_to_times() -> None:
    assert ("Su", "00:00-24:00") in _hours_of("<main><p>Gas escape? Phone us 24 hours a day on 0800 111 999.</p>"
                                               "</main>")
    assert _hours_of("<main><h2>Box office</h2><p>Tuesday to Sunday 11:00 to 20:00, Monday 12:00 to 18:00.</p>"
                     "</main>") == {*((d, "11:00-20:00") for d in ("Tu", "We", "Th", "Fr", "Sa", "Su")),
                                    ("Mo", "12:00-18:00")}


def test_holiday_rows_with_a_date_in_brackets_keep_their_own_hours() -> None:
    found = _hours_of("<main><table><tr><td>Boxing Day (26 Dec)</td><td>10am – 2pm</td></tr>"
                      "<tr><td>New Year's Day (1 Jan)</td><td>Closed</td></tr></table></main>")
    assert found == {("12-26", "10:00-14:00"), ("01-01", "closed")}


def test_activity_timetables_and_supply_interruptions_are_not_opening_hours() -> None:
    assert _hours_of("<main><h2>Opening hours</h2><p>Monday to Friday 7am – 10pm.</p>"
                     "<ul><li>Aqua aerobics: Tuesdays 10am – 11am</li><li>Yoga: Fridays 6pm – 7pm</li></ul>"
                     "<h2>Kursplan</h2><table><tr><td>Tag</td><td>Zeit</td></tr><tr><td>Mittwoch</td>"
                     "<td>18:00 – 19:00</td></tr></table>"
                     "<p>Power cut: electricity in your street will be off on 3 June between 8am and 1pm.</p>"
                     "</main>") == {(d, "07:00-22:00") for d in ("Mo", "Tu", "We", "Th", "Fr")}


def test_a_split_day_keeps_both_shifts_when_the_next_row_follows_on_the_same_line() -> None:
    found = _hours_of("<main><p>Lundi : 9h-12h / 14h-17h30 Mardi : 9h-12h</p></main>", "fr-FR")
    assert found == {("Mo", "09:00-12:00"), ("Mo", "14:00-17:30"), ("Tu", "09:00-12:00")}


def test_hours_finder_is_built_once_per_pattern_language() -> None:
    finder = opening_hours._hours_finder
    assert finder("nl-BE") is finder("nl-NL") is finder("nl")
    assert finder("cs-CZ") is finder("en-GB")


def test_swedish_danish_norwegian_and_finnish_hours_are_read() -> None:
    swedish = _hours_of("<main><h2>Öppettider</h2><p>Mån–fre 09–18</p><p>Lör 10–15</p><p>Sön stängt</p></main>",
                        "sv-SE")
    assert {("Mo", "09:00-18:00"), ("Fr", "09:00-18:00"), ("Sa", "10:00-15:00"), ("Su", "closed")} <= swedish
    danish = _hours_of("<main><table><tr><th>Tirsdag–torsdag</th><td>09.30–16.00</td></tr>"
                       "<tr><th>Lørdag og søndag</th><td>Lukket</td></tr></table></main>", "da-DK")
    assert {("Tu", "09:30-16:00"), ("Th", "09:30-16:00"), ("Sa", "closed"), ("Su", "closed")} <= danish
    norwegian = _hours_of("<main><p>Butikken er åpen mandag–fredag 10:00–17:00 og lørdag 10:00–14:00. "
                          "Søndag stengt.</p></main>", "nb-NO")
    assert {("Mo", "10:00-17:00"), ("Sa", "10:00-14:00"), ("Su", "closed")} <= norwegian
    # "to" is Finnish for Thursday as well as the English range word: "ma–to" is Monday to Thursday
    finnish = _hours_of("<main><h2>Aukioloajat</h2><ul><li>ma–to 9–19</li><li>su suljettu</li></ul></main>", "fi")
    assert {("Mo", "09:00-19:00"), ("We", "09:00-19:00"), ("Th", "09:00-19:00"), ("Su", "closed")} <= finnish
    assert ("Fr", "09:00-19:00") not in finnish


def test_an_events_heading_in_finnish_keeps_its_times_out_of_opening_hours() -> None:
    found = _hours_of("<main><h2>Tapahtumat</h2><p>Lukupiiri torstai klo 17–18.30.</p></main>", "fi")
    assert found == set()


def test_hours_languages_are_explicit_and_an_untagged_page_reads_as_english() -> None:
    languages = {"en", "de", "fr", "nl", "es", "it", "pt", "sv", "da", "nb", "no", "fi", "pl"}
    assert languages <= opening_hours.HOURS_LANGUAGES
    assert opening_hours.hours_language_supported("sv-SE") and opening_hours.hours_language_supported("")
    assert not opening_hours.hours_language_supported("cs-CZ")


def test_round_the_clock_followed_by_days_covers_those_days_only() -> None:
    found = _hours_of("<main><p>Our support team works 24 hours a day, Monday to Friday.</p></main>")
    assert found == {(day, "00:00-24:00") for day in ("Mo", "Tu", "We", "Th", "Fr")}


def test_round_the_clock_including_holidays_adds_public_holidays() -> None:
    found = _hours_of("<main><p>Unser Notdienst ist rund um die Uhr, auch an Sonn- und Feiertagen, erreichbar: "
                      "040 23125 999.</p></main>", "de-DE")
    assert ("PH", "00:00-24:00") in found and ("Su", "00:00-24:00") in found


def test_open_seven_days_with_a_time_range_is_every_day() -> None:
    found = _hours_of("<main><p>Recycling centre: open 7 days, 8am to 4pm.</p></main>", "en-AU")
    assert found == {(day, "08:00-16:00") for day in opening_hours.DAY_CODES}


def test_a_release_window_is_not_opening_hours() -> None:
    assert _hours_of("<main><p>Deployments run on Thursdays between 21:00 and 22:00 UTC.</p></main>") == set()


def test_structured_hours_closing_at_2359_mean_the_end_of_the_day() -> None:
    data = {"@context": "https://schema.org", "@type": "Organization", "contactPoint": {
        "@type": "ContactPoint", "hoursAvailable": {"@type": "OpeningHoursSpecification", "dayOfWeek": "Monday",
                                                    "opens": "00:00", "closes": "23:59"}}}
    found = _hours_of(f"<script type='application/ld+json'>{json.dumps(data)}</script><main><p>Hi</p></main>")
    assert found == {("Mo", "00:00-24:00")}


WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr")


def test_a_day_ending_in_a_non_ascii_letter_is_not_cut_by_a_range_word() -> None:
    """"Terça a quinta": the "a" ending "terça" is part of the word, the next "a" is the range word."""
    found = _hours_of("<main><p>Terça a quinta: 9h00–13h00 e 14h00–18h00</p></main>", "pt-PT")
    assert found == {(d, h) for d in ("Tu", "We", "Th") for h in ("09:00-13:00", "14:00-18:00")}


def test_round_the_clock_telephone_service_and_all_days_including_holidays() -> None:
    phone = _hours_of("<main><p>Our automated telephone service is available 24 hours a day, 7 days a week.</p>"
                      "</main>")
    assert phone == {(d, "00:00-24:00") for d in opening_hours.DAY_CODES}
    emergency = _hours_of("<main><h2>Emergency department</h2><p>Open 24x7, all days including holidays.</p>"
                          "</main>", "en-IN")
    assert emergency == {(d, "00:00-24:00") for d in (*opening_hours.DAY_CODES, "PH")}


def test_a_singular_holiday_word_is_public_holidays() -> None:
    found = _hours_of("<main><p>Öffnungszeiten: Mo–Fr 7–18 Uhr, Sonntag & Feiertag 10–16 Uhr</p></main>", "de-AT")
    assert {("Su", "10:00-16:00"), ("PH", "10:00-16:00")} <= found


def test_sessions_clinics_menus_and_appointment_slots_are_not_opening_hours_in_any_language() -> None:
    """The lead-in names an activity, a health session, one service's slots or a menu: its times are not
    the place's opening hours."""
    assert _hours_of("<main><h2>Clinics</h2><p>Flu jabs: Thursday 2pm–4pm</p></main>") == set()
    assert _hours_of("<main><p>Séances d'aquagym : mardi de 18h à 19h.</p></main>", "fr-FR") == set()
    assert _hours_of("<main><p>Talleres infantiles: jueves de 17:00 a 19:00.</p></main>", "es-ES") == set()
    assert _hours_of("<main><p>Blutabnahme: Mittwoch 7–9 Uhr</p></main>", "de-DE") == set()
    assert _hours_of("<main><p>Passport applications by appointment only, Friday 10:00 to 12:00.</p></main>") == set()
    assert _hours_of("<main><p>Le menu du jour est servi du lundi au vendredi de 12h à 14h.</p></main>",
                     "fr-FR") == set()
    assert _hours_of("<main><h2>Bücherbus</h2><p>Hält Dienstag 10–12 Uhr am Marktplatz.</p></main>", "de-DE") == set()
    # an opening word after the purpose word puts the statement back on opening hours
    assert ("Mo", "09:00-17:00") in _hours_of("<main><p>Passport office opening hours: Monday 9am–5pm</p></main>")


def test_a_weekday_followed_by_a_date_is_that_date() -> None:
    found = _hours_of("<main><p>Mon–Fri 9am–5pm. Closed Monday, May 26 (Memorial Day).</p></main>", "en-US")
    assert ("05-26", "closed") in found and ("Mo", "closed") not in found
    # a plural weekday is every such day, and the date after it is a date of its own
    assert {("Su", "closed"), ("12-25", "closed")} <= _hours_of("<main><p>Closed Sundays, 25 December.</p></main>")
    both = _hours_of("<main><p>We are closed Monday 25 and Tuesday 26 December.</p></main>")
    assert both == {("12-25", "closed"), ("12-26", "closed")}
    assert _hours_of("<main><p>Our branch is closed at weekends.</p></main>") == {("Sa", "closed"), ("Su", "closed")}


def test_numeric_dates_read_month_first_only_on_us_pages() -> None:
    assert ("07-04", "closed") in _hours_of("<main><p>Mon–Fri 9–5. Closed 7/4.</p></main>", "en-US")
    assert ("04-07", "closed") in _hours_of("<main><p>Mon–Fri 9–5. Closed 7/4.</p></main>", "en-GB")
    assert ("11-28", "closed") in _hours_of("<main><p>Mon–Fri 9–5. Closed 28/11.</p></main>", "en-US")
    sweden = _hours_of("<main><ul><li>Nationaldagen 6/6: 10–14</li></ul></main>", "sv-SE")
    assert sweden == {("06-06", "10:00-14:00")}
    german = _hours_of("<main><p>Heiligabend (24.12.): 9–12 Uhr</p></main>", "de-DE")
    assert german == {("12-24", "09:00-12:00")}
    # "24/7" is round the clock, not the 24th of July
    assert ("07-24", "closed") not in _hours_of("<main><p>Closed 24/7? No: our helpline is open 24/7.</p></main>")


def test_named_holidays_with_their_date_and_days_sharing_a_month() -> None:
    assert _hours_of("<main><p>Juleaften 24.12: 10–13</p></main>", "da-DK") == {("12-24", "10:00-13:00")}
    shared = _hours_of("<main><p>Geschlossen am 24., 25. und 26. Dezember sowie 1. Januar.</p></main>", "de-DE")
    assert shared == {(d, "closed") for d in ("12-24", "12-25", "12-26", "01-01")}
    assert _hours_of("<main><p>Fermé exceptionnellement le 1er mai.</p></main>", "fr-FR") == {("05-01", "closed")}


def test_dates_listed_under_a_closures_heading_are_closed() -> None:
    found = _hours_of("<main><p>Hours: Mon–Fri 8am–4pm</p><h2>Holiday closures</h2><ul><li>Thursday, November 27"
                      "</li><li>December 25 (Christmas)</li><li>Monday, January 19 (MLK Day)</li></ul>"
                      "<p>Fees are listed below.</p></main>", "en-US")
    assert {("11-27", "closed"), ("12-25", "closed"), ("01-19", "closed")} <= found
    assert not {("Th", "closed"), ("Mo", "closed")} & found


def test_a_part_of_the_day_between_days_and_times() -> None:
    assert _hours_of("<main><p>Jueves por la tarde, de 16:00 a 19:00 h.</p></main>", "es-ES") == {
        ("Th", "16:00-19:00")}
    assert _hours_of("<main><p>Vendredi après-midi : 14h – 17h</p></main>", "fr-FR") == {("Fr", "14:00-17:00")}


def test_days_with_a_colon_label_what_follows_not_the_times_before_them() -> None:
    """A page whose rows run together: "…14:30 – 17:00 Sabato: chiuso" is Tuesday's second shift, then
    Saturday closed, not Saturday 14:30–17:00."""
    found = _hours_of("<main><span>Martedì: 8:30 – 12:30 e 14:30 – 17:00</span> <span>Sabato: chiuso</span></main>",
                      "it-IT")
    assert found == {("Tu", "08:30-12:30"), ("Tu", "14:30-17:00"), ("Sa", "closed")}


def test_closed_written_as_a_clause_or_a_verb() -> None:
    assert ("PH", "closed") in _hours_of("<main><p>Op officiële feestdagen is de winkel gesloten.</p></main>", "nl")
    assert ("Su", "closed") in _hours_of("<main><p>Sonntags bleibt die Praxis geschlossen.</p></main>", "de-DE")
    assert {("Su", "closed"), ("PH", "closed")} <= _hours_of("<main><p>Encerra aos domingos e feriados.</p></main>",
                                                             "pt-PT")
    assert ("Mo", "closed") in _hours_of("<main><p>Montag Ruhetag</p></main>", "de-DE")
    assert ("Su", "closed") in _hours_of("<main><p>la 10–14, su kiinni</p></main>", "fi")


def test_closed_for_lunch_and_on_holidays() -> None:
    found = _hours_of("<main><p>Monday to Friday 9am – 5pm. The office is closed for lunch from 12:30 to 13:30, "
                      "and on public holidays.</p></main>")
    assert found == {*((d, h) for d in WEEKDAYS for h in ("09:00-12:30", "13:30-17:00")), ("PH", "closed")}


def test_a_lunch_break_named_after_its_times_splits_the_day() -> None:
    found = _hours_of("<main><p>Mo–Fr 8–17 Uhr. Zwischen 12 und 13 Uhr ist die Praxis wegen der Mittagspause "
                      "geschlossen.</p></main>", "de-DE")
    assert found == {(d, h) for d in WEEKDAYS for h in ("08:00-12:00", "13:00-17:00")}


def test_word_trie_matches_the_words_and_prefers_the_longest() -> None:
    trie = opening_hours._word_trie(["mo", "mon", "monday", "sa", "sat"])
    assert [w for w in ("mo", "mon", "monday", "mond", "sa", "sat", "s") if re.fullmatch(trie, w)] == [
        "mo", "mon", "monday", "sa", "sat"]
    assert re.match(trie, "monday!").group(0) == "monday"  # type: ignore[union-attr]


def test_polish_days_months_closed_and_range_words_are_read() -> None:
    found = _hours_of("<main><h2>Godziny otwarcia</h2><ul><li>poniedziałek: 8:00–18:00</li>"
                      "<li>wtorek–piątek: 8:00–15:00</li><li>sobota, niedziela: nieczynne</li></ul>"
                      "<p>Kasa: od poniedziałku do piątku od 9 do 14.</p>"
                      "<p>24 grudnia i Wielki Piątek (18 kwietnia): nieczynne.</p></main>", "pl-PL")
    assert {("Mo", "08:00-18:00"), ("Tu", "08:00-15:00"), ("Fr", "08:00-15:00"), ("Sa", "closed"),
            ("Su", "closed"), ("We", "09:00-14:00"), ("12-24", "closed"), ("04-18", "closed")} <= found
    # "do" is Polish "to" only on Polish pages: on a German page it is Thursday
    assert ("Th", "09:00-18:00") in _hours_of("<main><p>Mo, Do 9–18 Uhr</p></main>", "de-DE")


def test_round_the_clock_machines_lockers_and_chutes_are_not_opening_hours() -> None:
    for body, lang in (("<p>Book returns chutes are open 24/7.</p>", "en-NZ"),
                       ("<p>The 24/7 ATM in the lobby accepts deposits.</p>", "en-US"),
                       ("<li>Retrait d'espèces au distributeur 24h/24</li>", "fr-FR"),
                       ("<p>Hämtskåpet vid entrén är öppet dygnet runt.</p>", "sv-SE")):
        assert _hours_of(f"<main>{body}</main>", lang) == set(), body
    assert ("Mo", "00:00-24:00") in _hours_of("<main><p>Our phone lines are open 24/7.</p></main>")


def test_a_table_with_two_time_columns_keeps_both_on_their_own_row() -> None:
    """A lobby and a drive-thru column (or a morning and an afternoon column): the second range is the same
    row's, never the next row's day's (which the flat visible text would otherwise suggest)."""
    found = _hours_of("<main><table><tr><th></th><th>Lobby</th><th>Drive-Thru</th></tr>"
                      "<tr><td>Monday</td><td>9:00 AM – 5:00 PM</td><td>7:30 AM – 6:00 PM</td></tr>"
                      "<tr><td>Saturday</td><td>9:00 AM – 12:00 PM</td><td>8:00 AM – 12:00 PM</td></tr>"
                      "<tr><td>Sunday</td><td>Closed</td><td>Closed</td></tr></table></main>", "en-US")
    assert found == {("Mo", "09:00-17:00"), ("Mo", "07:30-18:00"), ("Sa", "09:00-12:00"), ("Sa", "08:00-12:00"),
                     ("Su", "closed")}


def test_times_then_days_that_have_their_own_times_or_closed_do_not_pair() -> None:
    found = _hours_of("<main><p>Montag bis Freitag: 8 bis 12 Uhr</p><p>Dienstag zusätzlich: 13 bis 18 Uhr</p>"
                      "<p>Samstag, Sonntag und Feiertage geschlossen.</p></main>", "de-AT")
    assert ("Tu", "13:00-18:00") in found and ("Sa", "closed") in found
    assert not {("Sa", "13:00-18:00"), ("PH", "13:00-18:00")} & found


def test_the_visible_text_does_not_reread_a_main_text_statement_without_its_heading() -> None:
    found = _hours_of("<main><h2>Bezorgmomenten</h2><p>Kies een tijdvak.</p><table>"
                      "<tr><th>Dag</th><th>Tijdvakken</th></tr><tr><td>maandag t/m vrijdag</td><td>08:00 – 22:00</td>"
                      "</tr><tr><td>zaterdag</td><td>08:00 – 18:00</td></tr><tr><td>zondag</td><td>12:00 – 20:00</td>"
                      "</tr></table></main>", "nl-NL")
    assert found == set()


def test_sessions_told_by_their_verb_and_a_purpose_room_that_is_open_are_not_opening_hours() -> None:
    found = _hours_of("<main><p>Opening hours: Monday to Friday 8am – 8pm.</p>"
                      "<p>Our pathology collection room is open Monday to Friday 8am – 11am.</p>"
                      "<p>Code Club meets Thursdays 3.30pm – 5pm. A money advice clinic is held on Tuesday mornings "
                      "from 10am to 12pm. Mortgage lender on site Tuesdays 10 AM – 2 PM.</p></main>")
    assert found == {(day, "08:00-20:00") for day in WEEKDAYS}


def test_a_heading_over_a_closed_sentence_about_another_day_is_not_closed() -> None:
    found = _hours_of("<main><h3>Public holidays</h3><p>Both libraries are closed on Waitangi Day (6 February)."
                      "</p></main>", "en-NZ")
    assert found == {("02-06", "closed")}


def test_movable_holidays_and_unknown_holiday_names_read_the_date_written_with_them() -> None:
    found = _hours_of("<main><p>Mon – Thu: 11am – 11pm</p><p>Fri – Sat: 11am – 1am</p>"
                      "<p>Closed Good Friday (18 April) and Christmas Day.</p>"
                      "<ul><li>Day of Reconciliation (16 December): 09:00 – 17:00</li></ul></main>", "en-AU")
    assert {("Fr", "11:00-01:00"), ("04-18", "closed"), ("12-25", "closed"), ("12-16", "09:00-17:00")} <= found
    italian = _hours_of("<main><ul><li>Lunedì dell'Angelo, 21 aprile: aperto 9.00 – 19.00</li>"
                        "<li>25 dicembre e 1° gennaio: chiuso</li></ul></main>", "it-IT")
    assert italian == {("04-21", "09:00-19:00"), ("12-25", "closed"), ("01-01", "closed")}


def test_holiday_groups_compound_sundays_and_a_long_aside() -> None:
    assert ("PH", "09:00-17:00") in _hours_of("<main><p>Holiday hours: 9 AM – 5 PM.</p></main>", "en-US")
    assert ("PH", "closed") in _hours_of("<main><p>Closed on all Federal Reserve holidays.</p></main>", "en-US")
    assert {("Su", "closed"), ("PH", "closed")} <= _hours_of("<main><p>Søn- og helligdage lukket</p></main>", "da")
    assert ("07-11", "closed") in _hours_of("<main><p>Op 11 juli (Feest van de Vlaamse Gemeenschap) is het "
                                            "gemeentehuis gesloten.</p></main>", "nl-BE")


def test_a_restaurants_lunch_and_dinner_service_are_its_hours_but_a_lunch_menu_inside_them_is_not() -> None:
    found = _hours_of("<main><h2>Timings</h2><p>Tuesday to Sunday</p><p>Lunch: 12:00 noon – 3:30 PM</p>"
                      "<p>Dinner: 7:00 PM – 11:00 PM</p><p>Monday: Closed</p></main>", "en-IN")
    assert found == {("Mo", "closed"), *((d, h) for d in ("Tu", "We", "Th", "Fr", "Sa", "Su")
                                         for h in ("12:00-15:30", "19:00-23:00"))}
    finnish = _hours_of("<main><h2>Aukioloajat</h2><p>ma–pe 11–22</p><p>Lounas arkisin klo 11–14.</p></main>", "fi")
    assert finnish == {(d, "11:00-22:00") for d in WEEKDAYS}


def test_a_range_of_hyphenated_portuguese_weekdays_covers_every_day_between() -> None:
    weekdays = {"Mo", "Tu", "We", "Th", "Fr"}
    for text in ("Segunda-feira a sexta-feira: 9h às 18h", "Segunda-feira - Sexta-feira, 9h - 18h",
                 "2ª a 6ª feira: 9h às 18h", "2.ª-feira a 6.ª-feira, 9h-18h"):
        assert _hours_of(f"<main><p>{text}</p></main>", "pt-BR") == {(d, "09:00-18:00") for d in weekdays}, text
    assert _hours_of("<main><p>segunda-feira–sábado 9h-13h</p></main>", "pt-PT") == {
        (d, "09:00-13:00") for d in (*weekdays, "Sa")}
    # a range word that is also a day word still splits where both ends are days
    assert ("Th", "11:00-22:00") in _hours_of("<main><p>ma–to 11–22</p></main>", "fi")


def test_another_bodys_national_phone_line_is_not_the_pages_hours() -> None:
    found = _hours_of("<main><h2>Drop-in hours</h2><p>Monday: 9.30am – 1pm</p><p>Phone enquiries go to the "
                      "national Citizens Information Phone Service (Monday to Friday, 9am – 8pm), not to the "
                      "centre.</p></main>", "en-IE")
    assert found == {("Mo", "09:30-13:00")}
    polish = _hours_of("<main><p>poniedziałek: 8:00–18:00</p><p>Krajowa Informacja Skarbowa (infolinia) "
                       "odpowiada na pytania w dni robocze w godzinach 8:00–18:00.</p></main>", "pl")
    assert polish == {("Mo", "08:00-18:00")}
    own = _hours_of("<main><p>Our national helpline is open Monday to Friday, 8am – 8pm.</p></main>")
    assert ("Fr", "08:00-20:00") in own
    assert ("Mo", "09:00-17:00") in _hours_of("<main><p>Calls to our national rate number: Mon–Fri 9–5.</p></main>")


def test_a_day_opening_for_one_purpose_only_keeps_its_hours() -> None:
    found = _hours_of("<main><p>Sunday: 10.30am – 4.30pm</p><p>On Sundays the centre opens at 10am for browsing "
                      "only; tills open at 10.30am.</p></main>")
    assert found == {("Su", "10:30-16:30")}


def test_an_office_holders_consultations_and_appointment_only_times_are_not_opening_hours() -> None:
    found = _hours_of("<main><h2>Parteienverkehr</h2><p>Montag bis Freitag: 8 bis 12 Uhr</p>"
                      "<h2>Sprechstunde des Bürgermeisters</h2><p>Donnerstag 17 bis 19 Uhr</p></main>", "de-AT")
    assert found == {(d, "08:00-12:00") for d in ("Mo", "Tu", "We", "Th", "Fr")}
    assert _hours_of("<main><h2>Mayor's surgery</h2><p>Friday 10am – 12pm</p></main>") == set()
    assert ("Mo", "09:00-17:00") in _hours_of("<main><h2>Mayor's office</h2><p>Mon–Fri 9–5</p></main>")
    # a practice's consultation hours are its opening hours
    assert ("Mo", "08:00-12:00") in _hours_of("<main><h2>Sprechstunden</h2><p>Mo–Fr 8–12 Uhr</p></main>", "de-DE")
    assert _hours_of("<main><p>Donnerstag 17 bis 19 Uhr nach telefonischer Vereinbarung.</p></main>", "de-DE") == set()
    assert _hours_of("<main><p>Dépôt uniquement sur rendez-vous, le mercredi de 14 h à 16 h 30.</p></main>",
                     "fr-FR") == set()
    assert _hours_of("<main><p>Mon–Fri 9–5, Sat 10–2 by appointment only</p></main>") == {
        (d, "09:00-17:00") for d in ("Mo", "Tu", "We", "Th", "Fr")}


def test_noon_and_midnight_as_words_and_meridiems_written_with_spaces() -> None:
    assert _hours_of("<main><p>Samedi : 9 h à midi</p></main>", "fr-CA") == {("Sa", "09:00-12:00")}
    assert ("Su", "10:00-24:00") in _hours_of("<main><p>Ouvert 7 jours sur 7, de 10 h à minuit</p></main>", "fr-CA")
    assert _hours_of("<main><p>Sábados de 9 a mediodía</p></main>", "es-US") == {("Sa", "09:00-12:00")}
    assert _hours_of("<main><p>Sábado das 8h ao meio-dia</p></main>", "pt-BR") == {("Sa", "08:00-12:00")}
    assert _hours_of("<main><p>Lunes a viernes de 9:00 a. m. a 5:00 p. m.</p></main>", "es-US") == {
        (d, "09:00-17:00") for d in ("Mo", "Tu", "We", "Th", "Fr")}
    assert _hours_of("<main><p>Mon thru Fri 9 a.m. to noon; Sunday: Noon – 6 p.m.</p></main>", "en-US") == {
        *((d, "09:00-12:00") for d in ("Mo", "Tu", "We", "Th", "Fr")), ("Su", "12:00-18:00")}
    # "afternoon" holds no noon
    assert opening_hours._clock("afternoon") is None


def test_weekends_weekdays_and_one_letter_ranges_in_other_languages() -> None:
    assert ("Su", "10:00-16:00") in _hours_of("<main><p>Vardagar 9–18, helger 10–16</p></main>", "sv-SE")
    assert _hours_of("<main><p>Am Wochenende 10–16 Uhr</p></main>", "de-AT") == {("Sa", "10:00-16:00"),
                                                                                 ("Su", "10:00-16:00")}
    lobby = _hours_of("<main><p>Lobby: M–F 9–5 | Drive-thru: M - F 8–6</p></main>", "en-US")
    assert {("Mo", "09:00-17:00"), ("Fr", "08:00-18:00")} <= lobby
    assert ("We", "09:00-18:00") in _hours_of("<main><p>Horario: L-V 9:00-18:00</p></main>", "es-MX")
    assert ("Tu", "08:00-20:00") in _hours_of("<main><p>Ouvert en semaine de 8 h à 20 h</p></main>", "fr-FR")


def test_swiss_italian_two_letter_days_but_not_ma_which_is_but() -> None:
    found = _hours_of("<main><p>Lu–Ve 8.00–12.00 / 13.30–18.30</p><p>Sa 8.00–17.00</p></main>", "it-CH")
    assert {("Mo", "08:00-12:00"), ("Fr", "13:30-18:30"), ("Sa", "08:00-17:00")} <= found
    assert _hours_of("<main><p>Aperto tutti i giorni ma chiuso la domenica</p></main>", "it-IT") == {("Su", "closed")}


def test_a_bare_twelve_opens_at_noon_and_a_twelve_hour_clock_may_omit_pm() -> None:
    assert opening_hours._time_range("12", "4") == ("12:00", "16:00")
    assert opening_hours._time_range("12", "1pm") == ("12:00", "13:00")
    assert opening_hours._time_range("8:30", "5:30") == ("08:30", "17:30")
    # a bar closing after midnight, and a 24-hour clock's leading zero, stay past midnight
    assert opening_hours._time_range("12:00", "2:00") == ("12:00", "02:00")
    assert opening_hours._time_range("08:00", "05:30") == ("08:00", "05:30")
    assert opening_hours._time_range("10:00", "2:00") == ("10:00", "02:00")


def test_a_closed_time_range_or_a_break_compound_after_the_hours_splits_the_day() -> None:
    weekdays = ("Mo", "Tu", "We", "Th", "Fr")
    for text in ("Mon–Fri 9am–5pm (closed 1–2pm for lunch)", "Monday to Friday 9am to 5pm, closed 1pm to 2pm",
                 "Monday-Friday 9:00 AM-5:00 PM (closed for lunch 1-2)",
                 "Monday to Friday 9am to 5pm. Closed for lunch 1.00–2.00."):
        assert _hours_of(f"<main><p>{text}</p></main>", "en-US") == {
            (d, h) for d in weekdays for h in ("09:00-13:00", "14:00-17:00")}, text
    assert _hours_of("<main><p>Mo–Fr 9–18 Uhr</p><p>Mittagspause von 12 bis 13 Uhr</p></main>", "de-AT") == {
        (d, h) for d in weekdays for h in ("09:00-12:00", "13:00-18:00")}
    # a span of dates after "closed" is no break
    assert _hours_of("<main><p>Mon–Fri 9–5, closed 1–3 January</p></main>") == {
        *((d, "09:00-17:00") for d in weekdays), ("01-01", "closed"), ("01-02", "closed"), ("01-03", "closed")}


def test_a_span_of_dates_is_every_date_in_it_up_to_a_month() -> None:
    holidays = {f"12-{d}" for d in range(24, 32)} | {"01-01", "01-02"}
    for text, lang in (("We are closed from 24 December to 2 January", "en-GB"),
                       ("Fermé du 24 décembre au 2 janvier", "fr-FR"), ("Vom 24.12. bis 2.1. geschlossen", "de-AT")):
        assert _hours_of(f"<main><p>{text}</p></main>", lang) == {(d, "closed") for d in holidays}, text
    assert _hours_of("<main><p>Closed 25–26 December</p></main>") == {("12-25", "closed"), ("12-26", "closed")}
    assert _hours_of("<main><p>Closed December 24–26</p></main>", "en-US") == {
        ("12-24", "closed"), ("12-25", "closed"), ("12-26", "closed")}
    assert _hours_of("<main><p>Cerrado del 1 al 6 de enero.</p></main>", "es-ES") == {
        (f"01-0{d}", "closed") for d in range(1, 7)}
    assert _hours_of("<main><p>Closed from 1 June to 31 August</p></main>") == set()  # a season, not dates


def test_hrs_after_times_austrian_months_and_more_time_zones() -> None:
    assert _hours_of("<main><p>Weekdays: 0800hrs - 1700hrs</p></main>", "en-KE") == {
        (d, "08:00-17:00") for d in ("Mo", "Tu", "We", "Th", "Fr")}
    assert ("Fr", "08:00-17:00") in _hours_of("<main><p>8:00hrs – 17:00hrs Mon-Fri</p></main>", "en-NG")
    assert _hours_of("<main><p>Am 6. Jänner geschlossen</p></main>", "de-AT") == {("01-06", "closed")}
    found = opening_hours.opening_hours(body_page("<main><p>Mon–Fri 9:00–18:00 (HKT)</p></main>", lang="en-HK"))
    assert found[0].timezone == "HKT"


def test_danish_and_norwegian_read_one_table_of_day_words() -> None:
    assert opening_hours.DAY_ABBREVIATIONS["da"] is opening_hours.DAY_ABBREVIATIONS["nb"]
    for lang in ("da", "nb", "no"):
        assert _hours_of("<main><p>Man–fre 10–17, søn- og helligdage lukket</p></main>", lang) == {
            *((d, "10:00-17:00") for d in ("Mo", "Tu", "We", "Th", "Fr")), ("Su", "closed"), ("PH", "closed")}, lang


def test_out_of_hours_cover_is_another_service_whatever_opening_words_it_carries() -> None:
    page = body_page("<main><h2>Opening times</h2><p>Monday to Friday 8am – 7pm</p><h2>Out of hours</h2>"
                     "<p>When we are closed, clients are seen by Night Vets at their hospital, open from 7pm to 8am "
                     "on weekdays.</p></main>")
    assert [(f.days, f.opens, f.closes) for f in opening_hours.opening_hours(page)] == [
        (["Mo", "Tu", "We", "Th", "Fr"], "08:00", "19:00")]


def test_shuttles_free_entry_library_events_and_german_compounds_are_not_opening() -> None:
    page = body_page("<main><h1>Hours</h1><p>Monday to Friday 9am – 5pm.</p>"
                     "<p>Free shuttle within 10 miles, 8:00AM to 5:00PM weekdays.</p>"
                     "<p>Entrada gratuita de martes a sábado de 18:00 a 20:00 h.</p>"
                     "<p>Språkkafé hver onsdag kl. 17–19.</p>"
                     "<p>Our commissioner of oaths is available from 09:00 to 12:00 on weekdays.</p>"
                     "<p>Zeitfensterbuchung erforderlich, Anlieferungen Mo–Fr von 6:00 bis 14:00 Uhr.</p></main>")
    assert [(f.days, f.opens, f.closes) for f in opening_hours.opening_hours(page)] == [
        (["Mo", "Tu", "We", "Th", "Fr"], "09:00", "17:00")]


def test_a_return_hatch_open_round_the_clock_is_unattended() -> None:
    assert opening_hours.opening_hours(body_page("<p>Innleveringsluken er åpen hele døgnet.</p>")) == []


def test_a_later_statement_for_one_day_of_a_range_overrides_it_when_the_hours_overlap() -> None:
    found = hours_of(body_page("<main><h1>Orari</h1><p>Da martedì a domenica: 10.00–18.00<br>"
                               "Giovedì: 10.00–20.00</p></main>", lang="it"))
    assert (found[("Tu", "We", "Fr", "Sa", "Su")].opens, found[("Th",)].closes) == ("10:00", "20:00")
    # a second shift (no overlap) keeps the range; a line between that states no hours keeps both services
    split = hours_of(body_page("<p>Mon–Fri 9:00–12:00, Tuesday 14:00–18:00</p>"))
    assert ("Mo", "Tu", "We", "Th", "Fr") in split and ("Tu",) in split
    services = hours_of(body_page("<main><p>Mon–Sat 9:00–18:00</p><h2>Parts counter</h2><p>Saturday 8:00–12:00</p>"
                                  "</main>"))
    assert ("Mo", "Tu", "We", "Th", "Fr", "Sa") in services and ("Sa",) in services


def test_closed_clause_with_an_elided_article_a_kept_closed_verb_and_welsh_closed() -> None:
    assert hours_of(body_page("<p>Le samedi, l'agence est fermée.</p>", lang="fr"))[("Sa",)].closed
    assert hours_of(body_page("<p>Juleaften og nytårsaften holder museet lukket.</p>", lang="da"))[
        ("12-24", "12-31")].closed
    assert hours_of(body_page("<table><tr><td>Dydd Sul / Sunday</td><td>Ar gau / Closed</td></tr></table>",
                              lang="cy"))[("Su",)].closed


def test_a_qualifier_with_an_aside_before_its_colon() -> None:
    found = hours_of(body_page("<p>Saturday banking (available at this branch): 10:00am – 2:00pm</p>"))
    assert (found[("Sa",)].opens, found[("Sa",)].closes) == ("10:00", "14:00")


def per_day(page: Page) -> set[tuple[str, str]]:
    """(day, hours) items of a page's facts, as the accuracy benchmark compares them."""
    return {(day, "closed" if f.closed else f"{f.opens}-{f.closes}")
            for f in opening_hours.opening_hours(page) for day in f.days}


def test_a_holiday_name_before_another_and_a_bracketed_weekday_date() -> None:
    found = per_day(body_page("<p>We're closed Christmas Day, Boxing Day and New Year's Day.</p>"))
    assert {("12-25", "closed"), ("12-26", "closed"), ("01-01", "closed")} <= found
    dutch = per_day(body_page("<p>Op Koningsdag (zaterdag 26 april) zijn we gesloten.</p>", lang="nl"))
    assert ("04-26", "closed") in dutch and ("04-27", "closed") not in dutch


def test_a_holiday_heading_is_no_sibling_row_of_the_hours_above() -> None:
    page = body_page("<main><h2>After hours</h2><p>Outside our opening hours call the locum service, 6pm to 8am.</p>"
                     "<h2>Anzac Day</h2><p>The practice is closed on Friday 25 April and will be open on Saturday "
                     "26 April from 8:30am to 12:30pm.</p></main>")
    assert {("04-25", "closed"), ("04-26", "08:30-12:30")} <= per_day(page)


def test_a_lunch_break_splits_only_the_hours_of_its_own_block() -> None:
    page = body_page("<main><h2>Store</h2><p>Monday to Saturday 7am – 10pm</p><h2>Pharmacy</h2>"
                     "<p>Monday to Friday 9am – 7pm</p><p>The pharmacy is closed for lunch between 1pm and 2pm."
                     "</p></main>")
    found = per_day(page)
    assert ("Mo", "07:00-22:00") in found and ("Mo", "07:00-13:00") not in found
    assert {("Mo", "09:00-13:00"), ("Mo", "14:00-19:00")} <= found


def test_a_lunch_closure_written_with_its_days_is_no_opening() -> None:
    page = body_page("<main><p>Monday to Thursday 8:30am – 5:30pm</p>"
                     "<p>The practice is closed for lunch between 1pm and 2pm Monday to Thursday.</p></main>")
    found = per_day(page)
    assert ("Mo", "13:00-14:00") not in found and ("Mo", "08:30-13:00") in found


def test_appointments_couriers_lab_tests_and_machines_are_not_opening() -> None:
    for text, lang in (("Mortgage appointments Monday to Friday, 9am–7pm", "en"),
                       ("Botendienst im Stadtteil Mo–Fr 15–18 Uhr.", "de"),
                       ("Servicio de análisis de lunes a viernes de 9:30 a 11:00.", "es"),
                       ("Selbstbedienungsfoyer mit Geldautomat: täglich 5:00 – 24:00 Uhr.", "de")):
        assert per_day(body_page(f"<p>{text}</p>", lang=lang)) == set(), text
    heading = body_page("<main><h2>Opening hours and appointments</h2><p>Monday: 8:00am to 6:30pm</p></main>")
    assert ("Mo", "08:00-18:30") in per_day(heading)
    shop = body_page("<p>The reuse shop on site is open Thursday to Sunday, 10am to 3pm.</p>")
    assert ("Th", "10:00-15:00") in per_day(shop)


def test_an_appointment_sentence_changes_no_day() -> None:
    page = body_page("<main><p>Mo, Di, Mi, Fr: 8:00 – 12:00 und 13:30 – 16:00 Uhr</p><p>Beratungsgespräche nach "
                     "Vereinbarung auch außerhalb der Öffnungszeiten, Mo–Fr bis 19:00 Uhr.</p></main>", lang="de")
    found = per_day(page)
    assert ("Mo", "13:30-16:00") in found and ("Mo", "13:30-19:00") not in found


def test_local_and_national_holiday_names() -> None:
    found = per_day(body_page("<p>Closed weekends and county holidays. We're closed on Sundays and on US federal "
                              "holidays.</p>"))
    assert ("PH", "closed") in found and ("Sa", "closed") in found


def test_a_closure_noun_with_its_reason_and_a_span_of_weekday_dates() -> None:
    french = body_page("<p>Fermeture pour congé : du lundi 21 au samedi 26 juillet inclus.</p>"
                       "<p>Fermeture exceptionnelle de la mairie le vendredi 15 août.</p>", lang="fr")
    assert {(f"07-{d}", "closed") for d in range(21, 27)} | {("08-15", "closed")} <= per_day(french)
    italian = body_page("<p>Chiusura per ferie da lunedì 11 a sabato 16 agosto.</p>", lang="it")
    assert {(f"08-{d}", "closed") for d in range(11, 17)} <= per_day(italian)
    late = body_page("<p>Fermeture tardive le jeudi.</p>", lang="fr")
    assert ("Th", "closed") not in per_day(late)


def test_a_clause_saying_open_between_days_and_times() -> None:
    german = body_page("<p>Am 24. und 31. Dezember haben wir von 8:00 bis 12:00 Uhr geöffnet.</p>", lang="de")
    assert {("12-24", "08:00-12:00"), ("12-31", "08:00-12:00")} <= per_day(german)
    danish = body_page("<p>Grundlovsdag (5. juni) har vi åbent kl. 10.00–14.00.</p>", lang="da")
    assert ("06-05", "10:00-14:00") in per_day(danish)
    other = body_page("<p>Monday to Friday deliveries arrive 9am to 5pm.</p>")
    assert per_day(other) == set()


def test_a_closed_cell_under_a_service_column_but_not_under_an_afternoon() -> None:
    services = body_page("<main><table><tr><th></th><th>Shop</th><th>Post Office counter</th></tr>"
                         "<tr><td>Sunday</td><td>8am – 1pm</td><td>Closed</td></tr></table></main>")
    assert {("Su", "08:00-13:00"), ("Su", "closed")} <= per_day(services)
    halves = body_page("<main><table><tr><th>Horaires</th><th></th><th></th></tr>"
                       "<tr><td>Samedi</td><td>9h00 - 12h00</td><td>Fermé</td></tr></table></main>", lang="fr")
    assert ("Sa", "closed") not in per_day(halves)


def test_a_closures_list_with_holiday_names_and_a_partly_open_date() -> None:
    page = body_page("<main><h2>Holiday closures 2025</h2><ul><li>Independence Day – Friday, July 4</li>"
                     "<li>Thanksgiving – Thursday, November 27 and Friday, November 28</li>"
                     "<li>Christmas – Wednesday, December 24 (closing at noon) and Thursday, December 25</li></ul>"
                     "</main>", lang="en-US")
    found = per_day(page)
    assert {("07-04", "closed"), ("11-27", "closed"), ("11-28", "closed"), ("12-25", "closed")} <= found
    assert ("12-24", "closed") not in found


def test_closed_for_lunch_daily_is_a_break_not_closed_days() -> None:
    """A closing word "for lunch" before the days names a daily break; and a break never splits round-the-clock
    hours (a store open 24 hours is not closed for lunch: the break is the pharmacy's)."""
    found = _hours_of("<main><h2>Store hours</h2><p>Open 24 hours, every day</p><h2>Pharmacy hours</h2>"
                      "<p>Mon–Fri</p><p>8:00 AM – 9:00 PM</p>"
                      "<p>Pharmacy closed for lunch daily 1:30 PM – 2:00 PM.</p></main>", "en-US")
    week = ("Mo", "Tu", "We", "Th", "Fr")
    assert {(d, "00:00-24:00") for d in (*week, "Sa", "Su")} <= found
    assert {(d, h) for d in week for h in ("08:00-13:30", "14:00-21:00")} <= found
    assert not any(hours == "closed" or hours in ("00:00-13:30", "14:00-24:00") for _, hours in found)
    sundays = _hours_of("<main><p>Mon–Fri 9am–5pm. Closed for lunch 1–2pm and on Sundays.</p></main>")
    assert ("Su", "closed") in sundays and ("Mo", "14:00-17:00") in sundays
    assert ("Su", "closed") in _hours_of("<main><p>Mon–Sat 9am–5pm. Closed for lunch and on Sundays.</p></main>")


def test_a_key_drop_box_around_the_clock_is_not_opening() -> None:
    assert _hours_of("<main><p>Lundi – vendredi : 8 h 00 – 18 h 00</p>"
                     "<p>Boîte à clés disponible 24 h/24.</p></main>", "fr-FR") == {
        (d, "08:00-18:00") for d in ("Mo", "Tu", "We", "Th", "Fr")}
    assert _hours_of("<main><p>Schlüsselbox rund um die Uhr, 24 Stunden.</p></main>", "de-DE") == set()


def test_a_garages_workshop_and_parts_hours_are_opening_hours() -> None:
    """"Atelier" (and "workshop") also names a class; with a parts counter beside it, it is a garage's service
    department, whose hours are opening hours."""
    found = _hours_of("<main><h2>Atelier et pièces</h2><p>Lundi – vendredi : 8 h 00 – 12 h 00 / 13 h 30 – 18 h 00</p>"
                      "<p>Samedi : fermé</p></main>", "fr-FR")
    assert {("Mo", "08:00-12:00"), ("Fr", "13:30-18:00"), ("Sa", "closed")} <= found
    assert _hours_of("<main><h2>Ateliers cuisine</h2><p>Samedi : 10 h 00 – 12 h 00</p></main>", "fr-FR") == set()
    # a shop's repair workshop is "l'atelier" (one); classes are "les ateliers"
    assert _hours_of("<main><h2>Atelier cycle et ski</h2><p>Du mardi au samedi, de 10h à 19h.</p></main>",
                     "fr-FR") == {(d, "10:00-19:00") for d in ("Tu", "We", "Th", "Fr", "Sa")}


def test_a_days_second_shift_on_the_next_line_before_a_closed_day() -> None:
    found = _hours_of("<main><h2>Opening hours</h2><p>Saturday</p><p>10.00 – 13.00, 14.00 – 17.00</p>"
                      "<p>Sunday</p><p>Closed</p></main>", "en-IE")
    assert found == {("Sa", "10:00-13:00"), ("Sa", "14:00-17:00"), ("Su", "closed")}


def test_open_and_close_columns_of_a_table() -> None:
    found = _hours_of("<main><table><caption>Centre opening hours</caption><tr><th>Day</th><th>Open</th>"
                      "<th>Close</th></tr><tr><td>Monday – Friday</td><td>06:30</td><td>22:00</td></tr>"
                      "<tr><td>Bank holidays</td><td>09:00</td><td>16:00</td></tr></table></main>")
    assert found == {*((d, "06:30-22:00") for d in ("Mo", "Tu", "We", "Th", "Fr")), ("PH", "09:00-16:00")}
    split = _hours_of("<main><table><tr><th>Day</th><th>Morning</th><th>Afternoon</th></tr>"
                      "<tr><td>Monday</td><td>9:00 – 12:00</td><td>14:00 – 18:00</td></tr></table></main>")
    assert split == {("Mo", "09:00-12:00"), ("Mo", "14:00-18:00")}
