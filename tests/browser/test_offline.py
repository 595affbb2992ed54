"""Offline field work in the system Chromium, its network switched off and on again."""

import json

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from legalaid.cases.models import Beneficiary, Case, CaseEvent
from legalaid.extensions import db
from legalaid.land.services import seed_commissions
from legalaid.offline.models import SyncedItem
from tests.browser.pages import log_in, submit
from tests.builders import assign, first_prison, make_case

pytestmark = pytest.mark.browser

PIN = "482913"
NARRATIVE = "Frappée au marché de Sévaré le 3 mars, devant témoins."


def ready_for_offline(page: Page, email: str) -> None:
    """Sign in: the service worker and the pages it keeps are ready."""
    log_in(page, email)
    expect(page.locator("body[data-offline-ready]")).to_have_count(1, timeout=15000)
    page.wait_for_function(
        """async () => { const all = await navigator.serviceWorker.getRegistrations();
          return all.length === 2 && all.every((registration) => registration.active); }"""
    )


def unlock(page: Page) -> None:
    """Answer the PIN prompt (set at first use, the same PIN afterwards)."""
    prompt = page.locator("form[data-offline-pin]")
    prompt.locator("input").fill(PIN)
    prompt.get_by_role("button", name="Déverrouiller").click()
    expect(prompt).to_have_count(0, timeout=15000)


def unlock_on_offline_page(page: Page) -> None:
    page.goto("/offline/")
    page.get_by_role("button", name="Déverrouiller avec mon code PIN").click()
    unlock(page)


def person(page: Page, name: str, sex: str = "M") -> None:
    page.locator("[name=full_name]").fill(name)
    page.locator("[name=sex]").select_option(sex)
    page.locator("[name=age]").fill("30")


def fill_detention(page: Page, name: str = "Moussa Keïta") -> None:
    person(page, name)
    page.locator("[name=prison_id]").select_option(index=1)
    page.locator("[name=offence_class]").select_option(index=1)


def fill_gbv(page: Page, name: str = "Awa Traoré") -> None:
    person(page, name, "F")
    page.locator("[name=incident_type]").select_option(index=1)


def fill_litigation(page: Page, name: str = "Oumar Sow") -> None:
    person(page, name)
    page.locator("[name=matter_type]").select_option(index=1)


def fill_land(page: Page, name: str = "Aminata Togo") -> None:
    person(page, name, "F")
    page.locator("[name=commission_id]").select_option(index=1)
    page.locator("[name=nature]").select_option(index=1)
    page.locator("[name=place]").fill("Socoura")
    page.locator('[name="parties-0-full_name"]').fill("Hamadoun Cissé")
    page.locator('[name="parties-0-kind"]').select_option("person")
    page.locator('[name="parties-0-role"]').select_option("other")


FILLERS = {
    "detention": fill_detention,
    "gbv": fill_gbv,
    "litigation": fill_litigation,
    "land_conciliation": fill_land,
}


def queue_intake(page: Page, kind: str, first: bool = False) -> None:
    """Take in a case of `kind` with no connection: the page comes from the device."""
    page.goto(f"/cases/new/{kind}")
    FILLERS[kind](page)
    submit(page, "Enregistrer le dossier")
    if first:
        unlock(page)
    expect(page.locator("[data-offline-queued]")).to_be_visible()


def one_intake_waiting(open_page, org) -> Page:
    """A paralegal's phone with one intake taken offline, still offline, on the offline page."""
    page = open_page()
    ready_for_offline(page, org["paralegal"].email)
    page.context.set_offline(True)
    queue_intake(page, "detention", first=True)
    page.goto("/offline/")
    return page


def cases() -> list[Case]:
    db.session.rollback()
    return list(db.session.scalars(select(Case).order_by(Case.id)))


def stored_text(page: Page) -> str:
    """Everything this origin keeps in the browser, decrypted where offline.js can."""
    return page.evaluate(
        """async () => {
          const db = await new Promise((ok) => { const r = indexedDB.open("legalaid-offline");
            r.onsuccess = () => ok(r.result); });
          const raw = [];
          for (const name of db.objectStoreNames) {
            raw.push(await new Promise((ok) => { const r = db.transaction(name).objectStore(name)
              .getAll(); r.onsuccess = () => ok(r.result); }));
          }
          db.close();
          const items = await window.legalaidOffline.items();
          return JSON.stringify([raw, items, {...localStorage}, {...sessionStorage}]);
        }"""
    )


def test_an_intake_of_each_kind_taken_offline_is_synced_when_the_connection_returns(open_page, org):
    seed_commissions()
    page = open_page(360, 740)
    ready_for_offline(page, org["paralegal"].email)
    page.context.set_offline(True)
    for number, kind in enumerate(FILLERS):
        queue_intake(page, kind, first=number == 0)
    page.goto("/cases/new")  # a page without offline.js's texts: the badge is the number alone
    expect(page.locator("nav + div [data-offline-count]")).to_have_text("4")
    page.goto("/offline/")
    expect(page.get_by_text("En attente d'envoi (4)").first).to_be_visible()
    assert cases() == []
    page.context.set_offline(False)
    expect(page.locator("[data-offline-sent]")).to_have_count(4, timeout=20000)
    assert sorted(case.kind for case in cases()) == sorted(FILLERS)
    expect(page.get_by_text("Rien n'attend d'être envoyé sur cet appareil.")).to_be_visible()


def test_nothing_of_a_gbv_narrative_is_kept_on_the_device(open_page, org):
    page = open_page()
    ready_for_offline(page, org["paralegal"].email)
    unlock_on_offline_page(page)
    page.goto("/cases/new/gbv")
    fill_gbv(page)
    page.locator("[name=narrative]").fill(NARRATIVE)
    page.context.set_offline(True)
    expect(page.locator("[name=narrative]")).to_be_disabled()
    expect(page.get_by_text("Le récit des faits se saisit en ligne")).to_be_visible()
    submit(page, "Enregistrer le dossier")
    expect(page.locator("[data-offline-queued]")).to_be_visible()
    kept = stored_text(page)
    assert "Awa Traoré" in kept  # what was queued, decrypted by offline.js for this tab
    assert "Frappée" not in kept and "témoins" not in kept


def test_a_sync_cut_halfway_and_retried_creates_nothing_twice(open_page, org):
    page = one_intake_waiting(open_page, org)

    served = []

    def served_then_lost(route):
        served.append(route.fetch().status)  # the server carries the item out...
        route.abort("connectionreset")  # ...and the answer never reaches the phone

    page.route("**/offline/sync", served_then_lost)
    page.context.set_offline(False)
    for _attempt in range(100):
        if served:
            break
        page.wait_for_timeout(200)
    assert served[0] == 200
    expect(
        page.get_by_text("Pas de connexion : ce qui attend sera envoyé plus tard.")
    ).to_be_visible()
    assert len(cases()) == 1
    expect(page.get_by_text("En attente d'envoi (1)").first).to_be_visible()
    page.unroute("**/offline/sync")
    page.get_by_role("button", name="Envoyer maintenant").click()
    expect(page.locator("[data-offline-sent]")).to_have_count(1, timeout=20000)
    assert len(cases()) == 1
    assert db.session.scalar(select(func.count()).select_from(SyncedItem)) == 1


def test_a_possible_duplicate_found_at_sync_is_shown_to_the_user(open_page, org):
    known = make_case("detention", by=org["paralegal"], full_name="Moussa Keïta", birth_year=1996)
    db.session.commit()
    page = one_intake_waiting(open_page, org)
    page.context.set_offline(False)
    choice = page.locator("form[data-offline-choice]")
    expect(
        choice.get_by_text(f"Moussa Keïta · {known.beneficiary.code}", exact=False)
    ).to_be_visible(timeout=20000)
    assert len(cases()) == 1
    choice.get_by_label(f"Moussa Keïta · {known.beneficiary.code}", exact=False).check()
    choice.get_by_role("button", name="Envoyer avec ce choix").click()
    expect(page.locator("[data-offline-sent]")).to_have_count(1, timeout=20000)
    assert [case.beneficiary_id for case in cases()] == [known.beneficiary_id] * 2
    assert db.session.scalar(select(func.count()).select_from(Beneficiary)) == 1


def correct_offline(page: Page, reference: str, summary: str) -> None:
    page.goto("/offline/")
    form = page.locator("form[data-offline-form='edit']")
    form.locator("select[name=case_id]").select_option(label=f"{reference} · Détention provisoire")
    form.get_by_label("Résumé").fill(summary)
    form.get_by_role("button", name="Garder pour l'envoi").click()
    expect(form.get_by_text("Gardé sur cet appareil")).to_be_visible()


def test_two_devices_correcting_the_same_case_offline_end_in_the_difference_view(open_page, org):
    case = make_case("detention", by=org["coordinator"])
    assign(case, org["paralegal"])
    db.session.commit()
    devices = []
    for user in (org["paralegal"], org["coordinator"]):
        page = open_page()
        ready_for_offline(page, user.email)
        unlock_on_offline_page(page)
        page.goto(f"/cases/{case.id}")
        expect(
            page.get_by_text("Gardé sur cet appareil pour le travail hors connexion.")
        ).to_be_visible()
        devices.append(page)
    for page, summary in zip(devices, ("Libéré le 3 mars", "Audience le 5 mars"), strict=True):
        page.context.set_offline(True)
        correct_offline(page, case.reference, summary)
    first, second = devices
    first.context.set_offline(False)
    expect(first.locator("[data-offline-sent]")).to_have_count(1, timeout=20000)
    second.context.set_offline(False)
    differences = second.locator("form[data-offline-differences]")
    expect(differences.get_by_text("Libéré le 3 mars")).to_be_visible(timeout=20000)
    expect(differences.get_by_text("Audience le 5 mars")).to_be_visible()
    db.session.rollback()
    db.session.refresh(case)
    assert case.summary == "Libéré le 3 mars"  # not overwritten
    differences.get_by_label("Fusionner").check()
    differences.locator("textarea").fill("Libéré le 3 mars ; audience le 5 mars")
    differences.get_by_role("button", name="Envoyer avec ce choix").click()
    expect(second.locator("[data-offline-sent]")).to_have_count(1, timeout=20000)
    db.session.rollback()
    db.session.refresh(case)
    assert case.summary == "Libéré le 3 mars ; audience le 5 mars"


def test_logout_wipes_what_the_device_keeps(open_page, org):
    page = open_page()
    ready_for_offline(page, org["paralegal"].email)
    page.context.set_offline(True)
    queue_intake(page, "detention", first=True)
    page.context.set_offline(False)
    page.goto("/")
    page.once("dialog", lambda dialog: dialog.accept())
    submit(page, "Se déconnecter")
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()
    what_is_left = """async () => ({
          databases: (await indexedDB.databases()).map((d) => d.name),
          caches: await caches.keys(),
          local: Object.keys(localStorage).filter((k) => k.includes("offline")),
          tab: Object.keys(sessionStorage).filter((k) => k.includes("offline")),
        })"""
    nothing = {"databases": [], "caches": [], "local": [], "tab": []}
    for _attempt in range(50):  # the page after sign-out finishes the wipe
        left = page.evaluate(what_is_left)
        if left == nothing:
            break
        page.wait_for_timeout(100)
    assert left == nothing
    assert cases() == []


def test_the_offline_cache_stays_under_one_megabyte(open_page, org):
    page = open_page()
    ready_for_offline(page, org["paralegal"].email)
    sizes = page.evaluate(
        """async () => {
          const sizes = {};
          for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
              const body = await (await cache.match(request)).arrayBuffer();
              sizes[request.url] = body.byteLength;
            }
          }
          return sizes;
        }"""
    )
    assert any(url.endswith("/cases/new/detention") for url in sizes), json.dumps(sizes)
    assert sum(sizes.values()) < 1_000_000, json.dumps(sizes, indent=1)


def test_the_offline_page_says_it_needs_javascript_and_nothing_else_does(open_page, org):
    page = open_page(javascript=False)
    log_in(page, org["paralegal"].email)
    page.goto("/offline/")
    expect(page.get_by_text("Le travail hors connexion demande JavaScript.")).to_be_visible()
    page.goto("/cases/new/detention")
    fill_detention(page)
    submit(page, "Enregistrer le dossier")
    expect(page.get_by_role("heading", name="DET-2026-", exact=False)).to_be_visible()


def test_a_device_left_unused_past_the_idle_limit_forgets_what_it_kept(open_page, org):
    page = open_page()
    ready_for_offline(page, org["paralegal"].email)
    page.context.set_offline(True)
    queue_intake(page, "detention", first=True)
    page.evaluate(
        """() => new Promise((done) => { const open = indexedDB.open("legalaid-offline");
          open.onsuccess = () => { const tx = open.result.transaction("meta", "readwrite");
            tx.objectStore("meta").put(Date.now() - 73 * 3600 * 1000, "lastUsed");
            tx.oncomplete = () => { open.result.close(); done(); }; }; })"""
    )
    page.goto("/offline/")
    expect(page.get_by_text("Rien n'attend d'être envoyé sur cet appareil.")).to_be_visible()
    assert page.evaluate("window.legalaidOffline.waiting()") == 0


def test_the_user_sees_what_waits_and_deletes_it(open_page, org):
    page = one_intake_waiting(open_page, org)
    item = page.locator("[data-offline-item=intake]")
    expect(item.get_by_text("Nouveau dossier Détention provisoire")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    item.get_by_role("button", name="Supprimer").click()
    expect(page.get_by_text("Rien n'attend d'être envoyé sur cet appareil.")).to_be_visible()
    page.context.set_offline(False)
    assert cases() == []


def test_a_note_and_a_prison_visit_recorded_offline_reach_the_kept_case(open_page, org):
    case = make_case("detention", by=org["coordinator"])
    assign(case, org["paralegal"])
    db.session.commit()
    prison = first_prison().name
    page = open_page(360, 740)
    ready_for_offline(page, org["paralegal"].email)
    unlock_on_offline_page(page)
    page.goto(f"/cases/{case.id}")
    expect(
        page.get_by_text("Gardé sur cet appareil pour le travail hors connexion.")
    ).to_be_visible()
    page.context.set_offline(True)
    page.goto("/offline/")
    note = page.locator("form[data-offline-form='note']")
    note.locator("select[name=case_id]").select_option(
        label=f"{case.reference} · Détention provisoire"
    )
    note.get_by_label("Texte").fill("Famille prévenue")
    note.get_by_role("button", name="Garder pour l'envoi").click()
    visit = page.locator("form[data-offline-form='visit']")
    visit.get_by_label("Prison").select_option(label=prison)
    visit.get_by_label("Date de la visite").fill("04/03/2026")
    visit.get_by_role("checkbox", name=case.reference).check()
    visit.get_by_label(f"Note pour {case.reference}").fill("En bonne santé")
    visit.get_by_role("button", name="Garder pour l'envoi").click()
    expect(page.get_by_text("En attente d'envoi (2)").first).to_be_visible()
    page.context.set_offline(False)
    expect(page.locator("[data-offline-sent]")).to_have_count(2, timeout=20000)
    db.session.rollback()
    texts = [
        event.text
        for event in db.session.scalars(
            select(CaseEvent)
            .where(CaseEvent.case_id == case.id, CaseEvent.kind.in_(("note", "action")))
            .order_by(CaseEvent.id)
        )
    ]
    assert texts == ["Famille prévenue", f"Visite à {prison} le 4 mars 2026. En bonne santé"]


def test_an_intake_refused_at_sync_comes_back_in_its_form_to_correct(open_page, org):
    page = open_page()
    ready_for_offline(page, org["paralegal"].email)
    page.context.set_offline(True)
    page.goto("/cases/new/detention")
    person(page, "Moussa Keïta")  # no prison: the server refuses it
    submit(page, "Enregistrer le dossier")
    unlock(page)
    page.goto("/offline/")
    page.context.set_offline(False)
    item = page.locator("[data-offline-item=intake]")
    expect(item.get_by_text("Prison : Ce champ est requis.")).to_be_visible(timeout=20000)
    item.get_by_role("link", name="Corriger dans le formulaire").click()
    expect(page.locator("[data-offline-reopened]")).to_be_visible()
    expect(page.locator("[name=full_name]")).to_have_value("Moussa Keïta")
    assert page.evaluate("window.legalaidOffline.waiting()") == 0
    page.locator("[name=prison_id]").select_option(index=1)
    page.locator("[name=offence_class]").select_option(index=1)
    submit(page, "Enregistrer le dossier")
    expect(page.get_by_role("heading", name="DET-2026-", exact=False)).to_be_visible()
    assert [case.beneficiary.full_name for case in cases()] == ["Moussa Keïta"]
