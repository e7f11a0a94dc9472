"""The commitments register: filters by partner and document (plain GET forms), a CSV of the filtered rows
that a spreadsheet cannot run, and bad filters said in words."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from server.register import CSV_COLUMNS, RegisterFilters, commitments_csv, csv_filename, spreadsheet_safe


def page(response, status: int = 200) -> BeautifulSoup:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return BeautifulSoup(response.text, "html.parser")


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")  # the byte-order mark is for spreadsheets, not the data
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    return list(reader)


@pytest.fixture(scope="module")
def register(client) -> list[dict]:
    return client.get("/api/commitments").json()["commitments"]


def _partner(register: list[dict]) -> str:
    """A partner that made some but not all of the commitments, and whose name is inside another's."""
    counts: dict[str, int] = {}
    for c in register:
        if c["body"]:
            counts[c["body"]] = counts.get(c["body"], 0) + 1
    return min(counts, key=len)


# --- the page ----------------------------------------------------------------------------------------


def test_filter_selects_are_built_from_the_register(client, register):
    soup = page(client.get("/commitments"))
    form = soup.select_one("form.register-filters")
    assert form["method"] == "get" and form["action"] == "/commitments"
    partners = [o["value"] for o in form.select("select[name=body] option")]
    assert partners[0] == "" and sorted(partners[1:]) == sorted({c["body"] for c in register if c["body"]})
    documents = [o["value"] for o in form.select("select[name=document] option")][1:]
    assert {c["document"]["id"] for c in register} <= set(documents)
    assert len(soup.select("li.commitment")) == len(register)
    assert soup.select_one("a.download")["href"] == "/commitments.csv"


def test_partner_filter_is_that_partner_exactly(client, register):
    partner = _partner(register)
    expected = [c for c in register if c["body"] == partner]
    assert 0 < len(expected) < len(register)
    # Another partner's name contains this one's: a match anywhere in the name would take its rows too.
    assert any(c["body"] and c["body"] != partner and partner in c["body"] for c in register)
    soup = page(client.get("/commitments", params={"body": partner}))
    items = soup.select("li.commitment")
    assert len(items) == len(expected)
    assert all(i.select_one(".made-by").get_text(strip=True) == f"by {partner}" for i in items)
    assert soup.select_one("select[name=body] option[selected]")["value"] == partner
    assert soup.select_one("p.count").get_text(" ", strip=True) == f"{len(expected)} commitments match the filter"
    link = soup.select_one("a.download")
    assert parse_qs(urlsplit(link["href"]).query) == {"body": [partner]}
    assert link.get_text(strip=True) == f"Download CSV of these {len(expected)}"


def test_document_and_words_filters_combine(client, register):
    soup = page(client.get("/commitments", params={"document": "icp-mou-2021", "q": "primary care"}))
    items = soup.select("li.commitment")
    expected = [c for c in register if c["document"]["id"] == "icp-mou-2021" and "primary care" in c["text"].lower()]
    assert expected and len(items) == len(expected)
    assert all(i.select_one("a")["href"].startswith("/documents/icp-mou-2021?") for i in items)
    query = parse_qs(urlsplit(soup.select_one("a.download")["href"]).query)
    assert query == {"document": ["icp-mou-2021"], "q": ["primary care"]}


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({"body": "Nobody In Particular"}, 422, "no commitment in the register is made by ‘Nobody In Particular’"),
        ({"document": "no-such-doc"}, 404, "no-such-doc"),
        ({"body": "<script>alert(1)</script>"}, 422, "<script>alert(1)</script>"),
    ],
)
def test_a_bad_filter_is_said_beside_the_form(client, params, status, words):
    soup = page(client.get("/commitments", params=params), status)
    alert = soup.select_one("main .error[role=alert]")
    assert words in alert.get_text(" ", strip=True)
    assert soup.find("script", string=True) is None  # the hostile value is shown as text, never run
    assert soup.select_one("form.register-filters") is not None  # the reader can choose again
    assert soup.select("li.commitment") == [] and soup.select_one("a.download") is None


@pytest.mark.parametrize("params", [{"q": "x" * 501}, {"body": "x" * 201}])
def test_an_overlong_filter_is_a_422(client, params):
    page(client.get("/commitments", params=params), 422)


# --- the API chooses as the page and the CSV do --------------------------------------------------------


@pytest.mark.parametrize("by_document", [False, True])
def test_api_page_and_csv_choose_the_same_commitments(client, register, by_document):
    partner = _partner(register)  # its name is inside another partner's: a substring match takes theirs too
    document = next(c["document"]["id"] for c in register if c["body"] == partner) if by_document else ""
    params = {"body": partner.upper(), **({"document": document} if document else {})}  # case aside
    response = client.get("/api/commitments", params=params)
    assert response.status_code == 200, response.text
    api = response.json()
    assert api["filters"] == {"document": document, "body": partner, "q": ""}
    expected = [c for c in register if c["body"] == partner and (not document or c["document"]["id"] == document)]
    assert expected and api["commitments"] == expected
    shown = page(client.get("/commitments", params=params)).select("li.commitment a")
    assert [a["href"] for a in shown] == [c["url"] for c in expected]
    rows = read_csv(client.get("/commitments.csv", params=params))
    assert [r["link"] for r in rows] == ["http://testserver" + c["url"] for c in expected]


def test_api_names_a_partner_the_register_does_not_know_as_the_page_does(client):
    response = client.get("/api/commitments", params={"body": "Nobody In Particular"})
    assert response.status_code == 422
    assert "no commitment in the register is made by ‘Nobody In Particular’" in response.json()["error"]["message"]


# --- the CSV ------------------------------------------------------------------------------------------


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet runs as a formula (CSV injection)


def test_csv_has_every_commitment_with_its_document_date_and_an_absolute_link(client, register):
    response = client.get("/commitments.csv")
    assert response.headers["content-disposition"] == 'attachment; filename="commitments.csv"'
    rows = read_csv(response)
    assert len(rows) == len(register)
    for row, c in zip(rows, register, strict=True):
        assert row["partner"] == (c["body"] or "not stated")
        assert row["clause"] == (c["clause"] or "")
        # Exactly one apostrophe before a cell that would start a formula, none before any other.
        assert row["commitment"] == ("'" if c["text"].startswith(FORMULA_STARTS) else "") + c["text"]
        assert row["document"] == c["document"]["title"]
        assert row["date"] == (c["document"]["date"] or "undated")
        assert row["link"] == "http://testserver" + c["url"]


def test_csv_link_opens_the_highlighted_passage(client, register):
    row = read_csv(client.get("/commitments.csv", params={"document": "icp-mou-2021"}))[0]
    link = urlsplit(row["link"])
    viewer = page(client.get(link.path, params=parse_qs(link.query)))
    marked = "".join(m.get_text() for m in viewer.select("#doc-text mark"))
    assert marked.replace("\n", "") == row["commitment"].replace("\n", "")


def test_csv_is_filtered_like_the_page(client, register):
    partner = _partner(register)
    response = client.get("/commitments.csv", params={"body": partner, "document": "icp-mou-2021"})
    rows = read_csv(response)
    expected = [c for c in register if c["body"] == partner and c["document"]["id"] == "icp-mou-2021"]
    assert [r["commitment"] for r in rows] == [c["text"] for c in expected]
    assert response.headers["content-disposition"] == (
        f'attachment; filename="{csv_filename(RegisterFilters("icp-mou-2021", partner))}"'
    )
    assert csv_filename(RegisterFilters("icp-mou-2021", "Weston & Northby Board")) == (
        "commitments-icp-mou-2021-weston-northby-board.csv"
    )


@pytest.mark.parametrize(("params", "status"), [({"body": "Nobody"}, 422), ({"document": "nope"}, 404)])
def test_csv_with_a_bad_filter_is_an_error_page_not_a_file(client, params, status):
    response = client.get("/commitments.csv", params=params)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert "content-disposition" not in response.headers


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_that_would_run_as_a_formula_is_quoted(start):
    assert (
        spreadsheet_safe(start + 'HYPERLINK("http://evil.example")') == "'" + start + 'HYPERLINK("http://evil.example")'
    )
    assert spreadsheet_safe("Northby " + start) == "Northby " + start


def test_csv_rows_are_made_safe_for_spreadsheets():
    row = {
        "body": "=cmd|'/c calc'!A1",
        "clause": "-1",
        "text": '@SUM(1+1) and a "quote", a comma\nand a new line',
        "kind": "key_task",
        "document": {"id": "d", "title": "+Northby plan", "date": ""},
        "section": {"path": "2 Weston"},
        "url": "/documents/d?start=1&end=9#passage",
    }
    (parsed,) = list(csv.DictReader(io.StringIO(commitments_csv([row], "http://127.0.0.1:8000"), newline="")))
    assert parsed == {
        "partner": "'=cmd|'/c calc'!A1",
        "clause": "'-1",
        "commitment": '\'@SUM(1+1) and a "quote", a comma\nand a new line',
        "kind": "key task",
        "document": "'+Northby plan",
        "date": "undated",
        "section": "2 Weston",
        "link": "http://127.0.0.1:8000/documents/d?start=1&end=9#passage",
    }


def test_openapi_declares_the_csv_and_its_error_pages(client):
    responses = client.get("/openapi.json").json()["paths"]["/commitments.csv"]["get"]["responses"]
    assert list(responses["200"]["content"]) == ["text/csv"]
    assert {"404", "422"} <= set(responses)
    assert all(list(responses[code]["content"]) == ["text/html"] for code in ("404", "422"))
