"""Intent vocabulary (checks/data/intents/**): idioms help pages use for an intent, and words that mean
something else in an industry. One case (or a pair: the idiom and its look-alike) per cause, read through the
public matcher exactly as the coverage check reads a question or a sentence."""

from __future__ import annotations

from dataclasses import replace

import pytest

from auditor.config import AuditConfig, CoverageConfig
from checks.coverage import Matcher, load_taxonomy


def matched(industry: str, language: str, text: str) -> set[str]:
    config = AuditConfig()
    config = replace(config, checks=replace(config.checks, coverage=CoverageConfig(industry=industry)))
    return {intent.id for intent in Matcher(load_taxonomy(config)).match_in(language, text)}


@pytest.mark.parametrize(("industry", "language", "text", "wanted", "unwanted"), [
    # a building society's "cash card" is a card to activate, not a cash withdrawal
    ("banking", "en", "Activating your new cash card", {"activate_card"}, {"cash_withdrawal"}),
    ("banking", "en", "Where can I withdraw cash?", {"cash_withdrawal"}, set()),
    # money taken out of a named savings product moves between accounts: no cash withdrawal
    ("banking", "en", "Withdrawing from an ISA", set(), {"cash_withdrawal"}),
    ("banking", "en", "Can I withdraw money from my notice account early?", set(), {"cash_withdrawal"}),
    # withdrawing alone is moving money out of an account; a limit, a card or "abroad" says it is cash
    ("banking", "en", "Make up to one withdrawal a month and still earn the bonus rate.", set(), {"cash_withdrawal"}),
    ("banking", "en", "What is my daily withdrawal limit?", {"cash_withdrawal"}, set()),
    ("banking", "en", "Can I use my card to withdraw abroad?", {"cash_withdrawal"}, set()),
    # a suspicious message, e-mail or call is phishing; a suspicious payment stays one not recognised
    ("banking", "en", "I received a suspicious text message", {"report_fraud"}, set()),
    ("banking", "en", "There is a suspicious payment on my statement", {"unrecognised_transaction"},
     {"report_fraud"}),
    ("banking", "pt", "Recebi um e-mail suspeito", {"report_fraud"}, set()),
    ("banking", "es", "He recibido un mensaje sospechoso", {"report_fraud"}, set()),
    ("banking", "fr", "Vous avez reçu un courriel suspect ?", {"report_fraud"}, set()),
    ("banking", "de", "Verdächtige E-Mail erhalten?", {"report_fraud"}, set()),
    ("banking", "nl", "Een verdacht bericht ontvangen?", {"report_fraud"}, set()),
    ("banking", "it", "Hai ricevuto un messaggio sospetto?", {"report_fraud"}, set()),
    ("banking", "sv", "Har du fått ett misstänkt sms?", {"report_fraud"}, set()),
])
def test_banking_words(industry: str, language: str, text: str, wanted: set[str], unwanted: set[str]) -> None:
    found = matched(industry, language, text)
    assert wanted <= found and not unwanted & found, found


@pytest.mark.parametrize(("language", "text", "wanted", "unwanted"), [
    # "how long … to arrive" on a shop's help page is the order's arrival; a refund's arrival is not
    ("en", "How long will it take to arrive?", {"delivery_time"}, set()),
    ("en", "How long does it take for my refund to arrive?", set(), {"delivery_time"}),
    ("es", "¿Cuánto tarda en llegar?", {"delivery_time"}, set()),
    # gift cards written with the preposition
    ("es", "¿Cómo canjeo una tarjeta de regalo?", {"gift_cards"}, set()),
    ("pt", "Como usar o cartão de presente?", {"gift_cards"}, set()),
    # a neighbouring country by name is delivery abroad
    ("sv", "Levererar ni till Finland?", {"international_shipping"}, set()),
    ("es", "¿Hacen envíos a México?", {"international_shipping"}, set()),
    # money paid back is a refund
    ("sv", "Hur lång tid tar det innan beloppet betalas tillbaka?", {"get_refund"}, set()),
    # a purchase ("compra") is the order; a payment "not approved" did not go through
    ("pt", "Como cancelar minha compra?", {"cancel_order"}, set()),
    ("es", "¿Puedo cancelar mi compra?", {"cancel_order"}, set()),
    ("pt", "O pagamento não foi aprovado", {"payment_issue"}, set()),
    # Spanish "devolver" changes its stem in the first person
    ("es", "¿Cómo devuelvo un producto?", {"return_item"}, set()),
    # Spanish "sale" (goes out) is not a sale (refunds on sale items are a refund policy)
    ("es", "El reembolso se tramita cuando sale el paquete", set(), {"refund_policy"}),
])
def test_retail_words(language: str, text: str, wanted: set[str], unwanted: set[str]) -> None:
    found = matched("retail", language, text)
    assert wanted <= found and not unwanted & found, found


@pytest.mark.parametrize(("language", "text", "wanted", "unwanted"), [
    # data brought in from a spreadsheet is an import; sent to one it is not
    ("en", "Can I load my customer list from a spreadsheet?", {"import_data"}, set()),
    ("en", "Export your reports to a spreadsheet", set(), {"import_data"}),
    # "Does it work with …?" asks about an integration
    ("en", "Does it work with Salesforce?", {"integrations"}, set()),
    # Dutch: which systems it works on, and an idea for the product
    ("nl", "Werkt het programma in elke browser?", {"system_requirements"}, set()),
    ("nl", "Heb je een idee voor een nieuwe functie?", {"report_bug"}, set()),
    # Swedish "säga upp" is cancelling a subscription, its verb split in a question
    ("sv", "Hur säger jag upp min prenumeration?", {"cancel_subscription"}, set()),
    # Portuguese "data" is a date, not the English "data" (where the data is stored)
    ("pt", "Onde vejo a data de renovação?", set(), {"data_security"}),
])
def test_saas_words(language: str, text: str, wanted: set[str], unwanted: set[str]) -> None:
    found = matched("saas", language, text)
    assert wanted <= found and not unwanted & found, found


@pytest.mark.parametrize(("language", "text", "wanted", "unwanted"), [
    # not being able to pay the bill is payment difficulty
    ("en", "I can't pay my bill this month", {"payment_difficulty"}, set()),
    ("de", "Was tun, wenn ich die Rechnung nicht bezahlen kann?", {"payment_difficulty"}, set()),
    ("fr", "Vous avez du mal à payer votre facture ?", {"payment_difficulty"}, set()),
    ("fr", "Demander une entente de paiement", {"payment_difficulty"}, set()),
    # French (Québec) unlocking, eligibility and the "vous" form of moving home
    ("fr", "Comment déverrouiller un appareil ?", {"unlock_phone"}, set()),
    ("fr", "Suis-je admissible à la fibre ?", {"check_coverage"}, set()),
    ("fr", "Vous déménagez ?", {"move_home"}, set()),
    # a PUK code unblocks the SIM's PIN: neither activating nor replacing the SIM
    ("en", "The PUK code is printed on your SIM card holder", set(), {"sim_card"}),
    ("en", "How do I activate my SIM?", {"sim_card"}, set()),
    # a lost phone is a SIM to block or replace; a lost password is not
    ("en", "I lost my phone", {"sim_card"}, set()),
    ("en", "I have lost my password", set(), {"sim_card"}),
    # the Spanish article "los" is not the English "lose"/"lost" (a lost phone)
    ("es", "Todos los teléfonos se venden libres", set(), {"sim_card"}),
    # German: the English "Smart Meter", the separable "ziehe um", reading the annual statement
    ("de", "Wer tauscht meinen Smart Meter ein?", {"smart_meter"}, set()),
    ("de", "Wir ziehen um – was ist zu tun?", {"move_home"}, set()),
    ("de", "Wie lese ich die Jahresabrechnung?", {"understand_bill"}, set()),
    # service where the customer lives, a line's speed as its plan, plugging in the router
    ("en", "Can I get fibre where I live?", {"check_coverage"}, set()),
    ("sv", "Kan jag få bredband där jag bor?", {"check_coverage"}, set()),
    ("en", "How do I change my broadband speed?", {"change_tariff"}, set()),
    ("sv", "Kan jag byta hastighet?", {"change_tariff"}, set()),
    ("sv", "Hur kopplar jag in routern?", {"set_up_broadband"}, set()),
    ("sv", "Hur säger jag upp mitt abonnemang?", {"cancel_contract"}, set()),
    ("sv", "Uppsägningstiden är tre månader.", {"cancel_contract"}, set()),
])
def test_telecom_words(language: str, text: str, wanted: set[str], unwanted: set[str]) -> None:
    found = matched("telecom", language, text)
    assert wanted <= found and not unwanted & found, found


@pytest.mark.parametrize(("language", "text", "wanted", "unwanted"), [
    # a bare "Can I cancel?" on a travel help page is about the booking
    ("en", "Can I cancel if my plans change?", {"cancel_booking"}, set()),
    # luggage lockers keep bags at a venue; a quantity per person is the allowance
    ("en", "Bags can be left in the luggage lockers by the gate", set(), {"baggage_allowance"}),
    ("en", "Two bags per passenger", {"baggage_allowance"}, set()),
    ("fr", "Un bagage à main par personne", {"baggage_allowance"}, set()),
    ("es", "Una maleta por persona", {"baggage_allowance"}, set()),
    # Brazilian Portuguese: pets, rebooking a ticket, correcting a name, a suitcase that did not arrive,
    # whether the flight is on time, the RG identity card
    ("pt", "Posso levar meu gato?", {"travel_with_pets"}, set()),
    ("pt", "Posso remarcar a passagem?", {"manage_booking"}, set()),
    ("pt", "Como corrigir o nome na reserva?", {"name_change"}, set()),
    ("pt", "Minha mala não chegou", {"lost_baggage"}, set()),
    ("pt", "Veja se o voo está no horário", {"flight_status"}, set()),
    ("pt", "Posso viajar só com o RG?", {"travel_documents"}, set()),
    # "está"/"esta" (is, this) are never the English ESTA read as a loanword
    ("pt", "A sua reserva está confirmada", set(), {"travel_documents"}),
    ("es", "¿Dónde está el mostrador?", set(), {"travel_documents"}),
])
def test_travel_words(language: str, text: str, wanted: set[str], unwanted: set[str]) -> None:
    found = matched("travel", language, text)
    assert wanted <= found and not unwanted & found, found


@pytest.mark.parametrize(("industry", "text", "wanted", "unwanted"), [
    # "Contact our pharmacy team": a business's own team is who a customer contacts
    ("retail", "Contact our pharmacy team", {"contact_customer_service"}, set()),
    ("telecom", "Contact the team", {"contact_customer_service"}, set()),
    ("travel", "Contact our reservations team", {"contact_customer_service"}, set()),
    ("banking", "Contact our team", {"contact_support"}, set()),
])
def test_a_business_team_is_contacted(industry: str, text: str, wanted: set[str], unwanted: set[str]) -> None:
    found = matched(industry, "en", text)
    assert wanted <= found and not unwanted & found, found


@pytest.mark.parametrize(("language", "text", "wanted", "unwanted"), [
    # a price list's "features" ask for nothing; a feature request, a suggestion or an idea does
    ("en", "Yes – every new account gets 30 days free with all Plus features.", set(), {"report_bug"}),
    ("en", "Which features are included in each plan?", set(), {"report_bug"}),
    ("en", "How do I request a feature?", {"report_bug"}, set()),
    ("en", "Suggest a feature", {"report_bug"}, set()),
    ("en", "Feature requests and ideas", {"report_bug"}, set()),
    ("fr", "Quelles fonctionnalités sont incluses ?", set(), {"report_bug"}),
    ("fr", "Suggérer une nouvelle fonctionnalité", {"report_bug"}, set()),
    ("de", "Verbesserungsvorschlag einreichen", {"report_bug"}, set()),
    ("nl", "Een idee voor het product delen", {"report_bug"}, set()),
])
def test_a_feature_request_asks_a_feature_does_not(language: str, text: str, wanted: set[str],
                                                   unwanted: set[str]) -> None:
    found = matched("saas", language, text)
    assert wanted <= found and not unwanted & found, found
