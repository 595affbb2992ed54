"""The prison roll, custody facts, extension orders, census, alerts and rules."""

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, insert, select

from legalaid.audit.models import AuditEntry
from legalaid.cases.models import Beneficiary, Case, CaseEvent
from legalaid.detention import engine, services
from legalaid.detention.models import DetentionOrder, DetentionRecord, PrisonCensus
from legalaid.detention.services import engine_rule
from legalaid.extensions import db
from legalaid.notifications.models import Notification
from legalaid.reference.models import DetentionRule, Prison
from legalaid.timeutils import utcnow
from tests.builders import assign, first_prison, make_case, make_user
from tests.cases.test_intake import client_of
from tests.cases.test_list import queries_for

TODAY = datetime.now(UTC).date()  # Bamako keeps UTC all year: the same day as local_today()


def second_prison() -> Prison:
    return db.session.scalars(select(Prison).where(Prison.id != first_prison().id)).first()


def detainee(by, *, committed_days_ago: int, offence: str = "delit_major", prison=None, **kw):
    committal = TODAY - timedelta(days=committed_days_ago)
    return make_case(
        "detention",
        by=by,
        opened_on=min(committal + timedelta(days=1), TODAY),
        details={
            "prison_id": (prison or first_prison()).id,
            "committal_on": committal,
            "arrested_on": committal,
            "offence_class": offence,
            **kw,
        },
        full_name=f"Détenu {committed_days_ago} {offence}",
    )


def test_seeded_rules_are_the_2001_code():
    from legalaid.reference.services import seed_reference_data

    seed_reference_data()
    for rule in db.session.scalars(select(DetentionRule)):
        assert engine_rule(rule) == engine.DEFAULT_RULES_2001[rule.offence_class]


def test_officer_sees_every_organisation_in_their_prison_and_nothing_else(
    app, org, other_org, officer
):
    ours = detainee(org["paralegal"], committed_days_ago=10)
    theirs = detainee(other_org["paralegal"], committed_days_ago=20)
    elsewhere = detainee(org["paralegal"], committed_days_ago=30, prison=second_prison())
    gbv = make_case("gbv", by=org["paralegal"], full_name="Survivante")
    client = client_of(app, officer)
    page = client.get(f"/prisons/{first_prison().id}/roll").text
    assert ours.reference in page and theirs.reference in page
    assert elsewhere.reference not in page and gbv.reference not in page
    assert client.get(f"/prisons/{second_prison().id}/roll").status_code == 404
    assert client.get(f"/cases/{elsewhere.id}").status_code == 404
    assert client.get(f"/cases/{gbv.id}").status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "lawyer", "paralegal", "viewer"])
def test_other_roles_have_no_roll(app, org, role):
    assert (
        client_of(app, org.get(role) or make_user(role))
        .get(f"/prisons/{first_prison().id}/roll")
        .status_code
        == 403
    )


def test_roll_is_sorted_by_urgency_with_counsel_and_hearing(app, org, officer):
    fine = detainee(org["paralegal"], committed_days_ago=10)
    overdue = detainee(org["paralegal"], committed_days_ago=250)  # délit: past 6 months, not 12
    due = detainee(org["paralegal"], committed_days_ago=20, offence="delit_minor")
    beyond = detainee(org["paralegal"], committed_days_ago=800)
    assign(fine, org["lawyer"])
    org["lawyer"].phone = "+223 70 00 00 01"
    db.session.commit()
    client_of(app, org["lawyer"]).post(
        f"/cases/{fine.id}/hearings/new",
        data={"day": (TODAY + timedelta(days=9)).strftime("%d/%m/%Y"), "time": "09:00"},
    )
    page = client_of(app, officer).get(f"/prisons/{first_prison().id}/roll").text
    order = [page.index(case.reference) for case in (beyond, overdue, due, fine)]
    assert order == sorted(order)
    assert "Au-delà du maximum légal" in page and "Délai dépassé" in page
    row = page[page.index(fine.reference) :].split("</tr>")[0]
    assert org["lawyer"].full_name in row and "+223 70 00 00 01" in row
    assert (TODAY + timedelta(days=9)).strftime("%d/%m/%Y") in row
    assert "Sans avocat" in page[page.index(overdue.reference) :].split("</tr>")[0]


def test_roll_filters(app, org, officer):
    fine = detainee(org["paralegal"], committed_days_ago=10)
    overdue = detainee(org["paralegal"], committed_days_ago=250)
    assign(overdue, org["lawyer"])
    client = client_of(app, officer)
    no_counsel = client.get(f"/prisons/{first_prison().id}/roll?filter=no_counsel").text
    assert fine.reference in no_counsel and overdue.reference not in no_counsel
    late = client.get(f"/prisons/{first_prison().id}/roll?filter=overdue").text
    assert overdue.reference in late and fine.reference not in late


def test_roll_exports(app, org, officer):
    case = detainee(org["paralegal"], committed_days_ago=250)
    client = client_of(app, officer)
    base = f"/prisons/{first_prison().id}/roll"
    exported = client.get(base + "?format=csv")
    assert exported.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[0][0] == "Référence" and rows[1][0] == case.reference
    assert rows[1][3] == "Délai dépassé" and rows[1][5] == "Sans avocat"
    pdf = client.get(base + "?format=pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    printable = client.get(base + "?format=print").text
    assert case.reference in printable and "navbar" not in printable
    audited = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("export%")))
    assert sorted(audited) == ["export_roll_csv", "export_roll_pdf"]


def test_2024_regime_says_rules_not_configured(app, org, officer):
    case = detainee(org["paralegal"], committed_days_ago=10, code_regime="2024")
    page = client_of(app, officer).get(f"/prisons/{first_prison().id}/roll").text
    row = page[page.index(case.reference) :].split("</tr>")[0]
    assert "Règles non configurées" in row


def test_release_flows_to_the_lawyer_and_leaves_the_roll(app, org, officer):
    case = detainee(org["paralegal"], committed_days_ago=100)
    assign(case, org["lawyer"])
    client = client_of(app, officer)
    future = client.post(
        f"/cases/{case.id}/custody/release",
        data={"released_on": (TODAY + timedelta(days=1)).strftime("%d/%m/%Y"), "reason": "x"},
    )
    assert "Cette date est dans le futur." in future.text
    response = client.post(
        f"/cases/{case.id}/custody/release",
        data={"released_on": TODAY.strftime("%d/%m/%Y"), "reason": "Liberté provisoire"},
    )
    assert response.status_code == 302
    record = db.session.scalar(select(DetentionRecord))
    assert record.released_on == TODAY
    event = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "custody")).one()
    assert "Liberté provisoire" in event.text and event.author_id == officer.id
    note = db.session.scalars(select(Notification)).one()
    assert note.user_id == org["lawyer"].id and note.kind == "custody_update"
    lawyer_page = client_of(app, org["lawyer"]).get(f"/cases/{case.id}").text
    assert "Liberté provisoire" in lawyer_page
    assert case.reference not in client.get(f"/prisons/{first_prison().id}/roll").text


def test_transfer_moves_the_detainee(app, org, officer):
    case = detainee(org["paralegal"], committed_days_ago=100)
    assign(case, org["lawyer"])
    client = client_of(app, officer)
    response = client.post(
        f"/cases/{case.id}/custody/transfer",
        data={"prison_id": second_prison().id, "transferred_on": TODAY.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 302
    assert db.session.scalar(select(DetentionRecord.prison_id)) == second_prison().id
    assert case.reference not in client.get(f"/prisons/{first_prison().id}/roll").text
    assert db.session.scalar(select(func.count(Notification.id))) == 1


def test_hearing_seen_in_the_register(app, org, officer):
    case = detainee(org["paralegal"], committed_days_ago=100)
    day = TODAY + timedelta(days=12)
    client_of(app, officer).post(
        f"/cases/{case.id}/custody/hearing",
        data={"day": day.strftime("%d/%m/%Y"), "time": "08:30"},
    )
    page = client_of(app, officer).get(f"/prisons/{first_prison().id}/roll").text
    assert day.strftime("%d/%m/%Y") in page[page.index(case.reference) :].split("</tr>")[0]


def test_only_officers_record_custody_facts(app, org):
    case = detainee(org["paralegal"], committed_days_ago=100)
    assign(case, org["lawyer"])
    for user in (org["lawyer"], org["coordinator"], make_user("admin")):
        response = client_of(app, user).post(
            f"/cases/{case.id}/custody/release",
            data={"released_on": TODAY.isoformat(), "reason": "x"},
        )
        assert response.status_code == 403


def test_extension_order_moves_the_limit(app, org):
    case = detainee(org["paralegal"], committed_days_ago=170)  # 6 months minus a few days
    assign(case, org["lawyer"])
    lawyer = client_of(app, org["lawyer"])
    before = lawyer.get(f"/cases/{case.id}").text
    assert "Renouvellement à prévoir" in before
    response = lawyer.post(
        f"/cases/{case.id}/orders/new",
        data={
            "ordered_on": TODAY.isoformat(),
            "length_months": "6",
            "deciding_body": "investigating_judge",
        },
    )
    assert response.status_code == 302
    assert db.session.scalar(select(DetentionOrder.length_months)) == 6
    after = lawyer.get(f"/cases/{case.id}").text
    assert "Dans le délai" in after
    paralegal = client_of(app, org["paralegal"])
    assert paralegal.post(f"/cases/{case.id}/orders/new", data={}).status_code == 403


def test_census_and_remand_share(app, org, officer):
    client = client_of(app, officer)
    prison = first_prison()
    for day, total, pretrial in (("01/09/2026", 400, 300), ("01/10/2026", 420, 350)):
        assert (
            client.post(
                f"/prisons/{prison.id}",
                data={"counted_on": day, "total_held": total, "pretrial_held": pretrial},
            ).status_code
            == 302
        )
    bad = client.post(
        f"/prisons/{prison.id}",
        data={"counted_on": "02/10/2026", "total_held": 10, "pretrial_held": 11},
    )
    assert "Les prévenus ne peuvent pas être plus nombreux" in bad.text
    page = client.get(f"/prisons/{prison.id}").text
    assert "75,0\u202f%" in page and "83,3\u202f%" in page and "<svg" in page
    assert db.session.scalar(select(func.count(PrisonCensus.id))) == 2
    assert (
        client_of(app, org["coordinator"]).post(f"/prisons/{prison.id}", data={}).status_code == 403
    )


def test_alerts_page_and_cli_agree(app, org, other_org, officer):
    late = detainee(org["paralegal"], committed_days_ago=250)
    fine = detainee(org["paralegal"], committed_days_ago=10)
    assign(fine, org["lawyer"])
    detainee(other_org["paralegal"], committed_days_ago=500)
    page = client_of(app, org["coordinator"]).get("/detention/alerts").text
    assert late.reference in page and fine.reference not in page
    result = app.test_cli_runner().invoke(args=["detention-alerts", "--format", "json"])
    records = json.loads(result.output)
    ours = [r for r in records if r["organisation"] == org["organisation"].name]
    assert [r["reference"] for r in ours] == [late.reference]
    first = ours[0]
    assert set(first) >= {
        "reference",
        "prison",
        "state",
        "days_held",
        "limit_date",
        "cap_date",
        "has_counsel",
    }
    assert (
        first["state"] == "overdue" and first["days_held"] == 250 and first["has_counsel"] is False
    )
    assert len(records) == 2  # the other organisation's too: the command sees all


def test_rules_are_edited_by_admins_only_and_audited(app, org):
    rule = db.session.scalar(
        select(DetentionRule).where(DetentionRule.offence_class == "delit_minor")
    )
    form = {
        "code_regime": "2001",
        "offence_class": "delit_minor",
        "base_amount": "2",
        "base_unit": "months",
        "extension_amount": "",
        "extension_unit": "months",
        "max_extensions": "0",
        "cap_amount": "2",
        "cap_unit": "months",
        "legal_basis": rule.legal_basis,
        "effective_from": "2001-08-20",
        "version": str(rule.version),
    }
    assert (
        client_of(app, org["coordinator"])
        .post(f"/admin/detention-rules/{rule.id}", data=form)
        .status_code
        == 403
    )
    admin = client_of(app, make_user("admin"))
    assert admin.post(f"/admin/detention-rules/{rule.id}", data=form).status_code == 302
    db.session.refresh(rule)
    assert rule.base_amount == 2
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "detention_rule_update")
    )
    assert "base_amount" in entry.details
    assert "cap_amount" in entry.details


def test_seeding_never_overwrites_an_edited_rule(org):
    from legalaid.reference.services import seed_reference_data

    rule = db.session.scalar(select(DetentionRule).where(DetentionRule.offence_class == "crime"))
    rule.legal_basis = "Corrigé par un juriste"
    db.session.commit()
    seed_reference_data()
    db.session.refresh(rule)
    assert rule.legal_basis == "Corrigé par un juriste"


def bulk_detainees(
    count: int, organisation_id: int, by_id: int, prison_id: int, offset: int
) -> None:
    """Insert detainees directly (thousands at once) for the query-count test."""
    now = utcnow()
    db.session.execute(
        insert(Beneficiary),
        [
            {
                "code": f"B-BULK{offset + n:06d}",
                "organisation_id": organisation_id,
                "full_name": f"Bulk {n}",
                "name_key": f"bulk {n}",
                "sex": "M",
                "created_by_id": by_id,
                "created_at": now,
                "birth_year_estimated": False,
                "preferred_language": "fr",
                "needs_interpreter": False,
                "has_disability": False,
            }
            for n in range(count)
        ],
    )
    ids = dict(
        db.session.execute(
            select(Beneficiary.code, Beneficiary.id).where(Beneficiary.code.like("B-BULK%"))
        ).all()
    )
    db.session.execute(
        insert(Case),
        [
            {
                "reference": f"DET-2020-{offset + n:05d}",
                "kind": "detention",
                "year": 2020,
                "sequence": offset + n,
                "organisation_id": organisation_id,
                "beneficiary_id": ids[f"B-BULK{offset + n:06d}"],
                "status": "intake",
                "opened_on": date(2026, 1, 1),
                "summary": "",
                "service_level": "advice",
                "created_by_id": by_id,
                "created_at": now,
                "last_activity_at": now,
                "version": 1,
            }
            for n in range(count)
        ],
    )
    case_ids = dict(
        db.session.execute(select(Case.reference, Case.id).where(Case.year == 2020)).all()
    )
    db.session.execute(
        insert(DetentionRecord),
        [
            {
                "case_id": case_ids[f"DET-2020-{offset + n:05d}"],
                "prison_id": prison_id,
                "committal_on": TODAY - timedelta(days=n % 900),
                "offence_class": ("delit_minor", "delit_major", "crime")[n % 3],
                "charges": "",
                "procedure_stage": "investigation",
                "code_regime": "2001",
            }
            for n in range(count)
        ],
    )
    db.session.commit()


def test_roll_queries_are_constant_up_to_5000_detainees(app, org, officer):
    prison = first_prison()
    bulk_detainees(5, org["organisation"].id, org["paralegal"].id, prison.id, 1)
    client = client_of(app, officer)
    with_five = queries_for(client, f"/prisons/{prison.id}/roll")
    bulk_detainees(4995, org["organisation"].id, org["paralegal"].id, prison.id, 6)
    assert db.session.scalar(select(func.count(DetentionRecord.id))) == 5000
    assert queries_for(client, f"/prisons/{prison.id}/roll") == with_five
    assert queries_for(client, f"/prisons/{prison.id}/roll?page=100") == with_five
    last = client.get(f"/prisons/{prison.id}/roll?page=100").text
    assert last.count("<tr>") == 1 + services.DETAINEES_PER_PAGE and "Page 100 sur 100" in last


def test_roll_queries_do_not_grow_with_the_organisations_held(app, org, other_org, officer):
    """The letters due are read for every organisation of the page at once (issue 21: one
    query per organisation made a roll of eight organisations cost six more)."""
    prison = first_prison()
    bulk_detainees(5, org["organisation"].id, org["paralegal"].id, prison.id, 1)
    client = client_of(app, officer)
    one_organisation = queries_for(client, f"/prisons/{prison.id}/roll")
    bulk_detainees(5, other_org["organisation"].id, other_org["paralegal"].id, prison.id, 6)
    assert queries_for(client, f"/prisons/{prison.id}/roll") == one_organisation


@pytest.fixture
def small_pages(monkeypatch):
    """Two detainees per page, so that a handful of cases spans several pages."""
    monkeypatch.setattr(services, "DETAINEES_PER_PAGE", 2)


def references_on(page: str, cases) -> list[str]:
    """The references of `cases` found in `page`, in page order."""
    found = [case.reference for case in cases if case.reference in page]
    return sorted(found, key=page.index)


def test_roll_pages_keep_the_urgency_order_and_count_the_whole_prison(
    app, org, officer, small_pages
):
    by = org["paralegal"]
    cases = [
        detainee(by, committed_days_ago=10),
        detainee(by, committed_days_ago=250),
        detainee(by, committed_days_ago=20, offence="delit_minor"),
        detainee(by, committed_days_ago=800),
        detainee(by, committed_days_ago=12),
    ]
    assign(cases[4], org["lawyer"])
    client = client_of(app, officer)
    base = f"/prisons/{first_prison().id}/roll"
    pages = [client.get(f"{base}?page={number}").text for number in (1, 2, 3)]
    shown = [references_on(page, cases) for page in pages]
    assert [len(refs) for refs in shown] == [2, 2, 1]
    in_order = [reference for refs in shown for reference in refs]
    exported = list(csv.reader(io.StringIO(client.get(base + "?format=csv").text)))
    assert in_order == [row[0] for row in exported[1:]]
    assert in_order[:2] == [cases[3].reference, cases[1].reference]
    assert in_order[-1] == cases[4].reference  # within the limit, with counsel: last
    assert "Page 2 sur 3" in pages[1] and "?page=3" in pages[1] and "?page=1" in pages[1]
    for page in pages:
        assert "5 détenus suivis" in page
        summary = page[page.index('id="roll-summary"') :].split("</ul>")[0]
        assert re.search(r"Dans le délai <span[^>]*>2</span>", summary)
        assert re.search(r"Délai dépassé <span[^>]*>1</span>", summary)
        assert "(4)" in page.split('for="filter-no_counsel"')[1].split("</label>")[0]
    assert client.get(f"{base}?page=9").text.count("<tr>") == 1 + 1  # clamped to the last page
    printable = client.get(base + "?format=print").text
    assert references_on(printable, cases) == in_order


def test_roll_page_links_keep_every_filter(app, org, officer, small_pages):
    for days in (250, 260, 270):
        detainee(org["paralegal"], committed_days_ago=days)
    client = client_of(app, officer)
    page = client.get(f"/prisons/{first_prison().id}/roll?filter=no_counsel&filter=overdue").text
    assert "(3)" in page.split('for="filter-overdue"')[1].split("</label>")[0]
    link = page[page.index('class="pagination') :].split("</ul>")[0]
    assert "filter=no_counsel" in link and "filter=overdue" in link and "page=2" in link


def test_alerts_come_a_page_at_a_time_with_the_counts_of_all(app, org, other_org, small_pages):
    late = [detainee(org["paralegal"], committed_days_ago=days) for days in (250, 400, 300)]
    detainee(other_org["paralegal"], committed_days_ago=500)
    client = client_of(app, org["coordinator"])
    pages = [client.get(f"/detention/alerts?page={number}").text for number in (1, 2)]
    assert [references_on(page, late) for page in pages] == [
        [late[1].reference, late[2].reference],
        [late[0].reference],
    ]
    for page in pages:
        per_prison = page[page.index("<caption>") : page.index("</table>")]
        assert first_prison().name in per_prison and ">3</td>" in per_prison
    filtered = client.get("/detention/alerts?filter=renewal_due").text
    assert "Aucun détenu ne correspond à ces filtres." in filtered
