"""The checks that keep each kind of untrustworthy row out: a code no source prints, coordinates away from the
place named, a copy or a home page cited as a source, a title we wrote, a closing region without its notice,
an SDK exception that claims more than its source; and the claim check that compares like with like."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import edit_row, rows, run
from generator.build import atlas_of
from generator.mirrors import MIRROR_HOSTS


def _check(root):
    result = run("-m", "generator", "--root", str(root), "check")
    assert "Traceback" not in result.stderr
    return result


def _refused(root, table: str, line: int, field: str, message: str) -> None:
    result = _check(root)
    assert result.returncode == 1
    expected = f"datasets/{table}.csv:{line}: {field}: "
    assert any(l.startswith(expected) and message in l for l in result.stderr.splitlines()), result.stderr


# Region codes come from a source that prints them

def test_a_code_of_a_provider_without_an_sdk_list_needs_its_page(data_copy):
    line = edit_row(data_copy, "regions", "azure-francecentral", code_source="")
    _refused(data_copy, "regions", line, "code_source", "a code needs a source that prints it")


def test_a_code_source_without_a_code_is_refused(data_copy):
    line = edit_row(data_copy, "regions", "aws-sa-saudi-arabia", code="")
    _refused(data_copy, "regions", line, "code_source", "names the source of a code, so it needs a code")


def test_an_sdk_exception_may_not_explain_away_the_code_of_an_announced_region(data_copy):
    # Whatever it cites, an exception may not hide an SDK that lists an announced region's code: drift asks if it opened.
    edit_row(data_copy, "regions", "aws-sa-saudi-arabia", status="announced")
    path = data_copy / "datasets" / "sdk_exceptions.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("aws,me-west-1,sdk_only,aws-sa-saudi-arabia,The SDK names the announced Saudi Arabia region.,aws-botocore-partitions\n")
    index = len(path.read_text(encoding="utf-8").splitlines())
    _refused(data_copy, "sdk_exceptions", index, "code", "me-west-1 is the code of an announced aws region")


# Coordinates stand where the provider says

def test_metro_coordinates_far_from_the_named_city_are_refused(data_copy):
    line = edit_row(data_copy, "regions", "azure-polandcentral", latitude="50.06", longitude="19.94")  # Krakow, not Warsaw
    _refused(data_copy, "regions", line, "latitude", "is more than 25 km from Warsaw as GeoNames places it")


def test_metro_coordinates_need_a_place_geonames_knows(data_copy):
    line = edit_row(data_copy, "regions", "azure-polandcentral", city="Nowhere-on-Vistula")
    _refused(data_copy, "regions", line, "city", "is not a GeoNames place in PL")


def test_a_region_named_after_a_town_is_not_placed_by_area(data_copy):
    line = edit_row(data_copy, "regions", "google-cloud-us-east1", latitude="32.78", longitude="-79.93", coordinates_precision="area")
    _refused(data_copy, "regions", line, "coordinates_precision", "Moncks Corner is a GeoNames town")


def test_the_named_town_regions_stand_at_their_town():
    from haversine import haversine

    from generator.countries import find_place

    by_id = {r["id"]: r for r in rows("regions")}
    for region_id in ("google-cloud-us-east1", "tencent-cloud-eu-moscow"):
        r = by_id[region_id]
        place = find_place(r["city"], r["country"])
        assert haversine((float(r["latitude"]), float(r["longitude"])), (place["latitude"], place["longitude"])) < 25
    # Northern Virginia is not Virginia Beach: us-east-1 stands in the northern part of the state
    assert float(by_id["aws-us-east-1"]["latitude"]) > 38.5


# Sources name the original

@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"url": "https://www.optionstradingreport.com/?p=1172535"}, "url", "is on a host that republishes others' articles"),
        ({"url": "https://367193.bywedr.asia/article/01/09/2022/x"}, "url", "is on a host that republishes others' articles"),
        ({"url": "https://www.allthingsdistributed.com/"}, "url", "is a site's home page"),
        ({"url": "https://www.example.com"}, "url", "is a site's home page"),
        ({"title": "AWS announcement: Region now open (title not read; URL from seligman lead)"}, "title", "holds a note of ours"),
        ({"title": "Amazon to spend $4 billion in Chile (Reuters, Fabian Cambero)"}, "title", "holds a note of ours"),
        ({"title": "Some article (republished copy)"}, "title", "holds a note of ours"),
        ({"publisher": "Reuters via optionstradingreport.com"}, "publisher", "names who published the original, alone"),
        ({"read_at": "https://www.cnbc.com/2024/01/19/amazons-aws-to-invest-15-bln-to-expand-cloud-computing-in-japan.html"}, "read_at", "differs from url"),
    ],
)
def test_a_source_that_is_not_the_original_is_refused(data_copy, changes, field, message):
    line = edit_row(data_copy, "sources", "aws-cnbc-2024-japan", **changes)
    _refused(data_copy, "sources", line, field, message)


def test_a_copy_is_named_in_read_at_beside_the_original():
    chile = next(s for s in rows("sources") if s["id"] == "aws-reuters-2025-chile")
    assert chile["url"].startswith("https://www.reuters.com/") and chile["publisher"] == "Reuters"
    assert chile["read_at"] and chile["read_at"] != chile["url"]


def test_the_mirror_list_cites_evidence_for_every_host():
    assert MIRROR_HOSTS and all(len(why) > 20 for why in MIRROR_HOSTS.values())


def test_no_source_of_the_real_data_is_a_copy_or_a_note():
    from generator.mirrors import home_page, mirror_host
    from generator.rules import CURATION_NOTE

    for s in rows("sources"):
        assert not mirror_host(s["url"]) and not home_page(s["url"]), s["id"]
        assert not CURATION_NOTE.search(s["title"]), s["id"]


# One source per document, named for its publisher, titled in the document's words, never read off a syndicator

@pytest.mark.parametrize(
    "spelling",
    [
        "https://www.cnbc.com/2024/01/19/amazons-aws-to-invest-15-bln-to-expand-cloud-computing-in-japan.html",
        "http://cnbc.com/2024/01/19/amazons-aws-to-invest-15-bln-to-expand-cloud-computing-in-japan.html/",
        "https://WWW.CNBC.COM/2024/01/19/amazons-aws-to-invest-15-bln-to-expand-cloud-computing-in-japan.html",
    ],
)
def test_two_sources_with_one_address_are_refused(data_copy, spelling):
    line = edit_row(data_copy, "sources", "aws-aboutamazon-2025-australia", url=spelling)  # a row after aws-cnbc-2024-japan
    _refused(data_copy, "sources", line, "url", "is the address of aws-cnbc-2024-japan (line")


def test_two_entries_of_one_release_notes_page_are_two_sources():
    from generator.mirrors import same_document

    page = "https://cloud.ibm.com/docs/vpc?topic=vpc-release-notes"
    assert same_document(page + "#vpc-feb2726") != same_document(page) != same_document(page + "#vpc-jul1026")
    assert same_document("https://www.example.org/a/b/") == same_document("http://example.org/a/b")
    assert same_document("https://example.org/a?x=1") != same_document("https://example.org/a?x=2")


def test_the_real_sources_have_one_row_per_address():
    from generator.mirrors import same_document

    addresses = [same_document(s["url"]) for s in rows("sources")]
    assert len(addresses) == len(set(addresses))


@pytest.mark.parametrize(
    "source_id, changes",
    [
        ("aws-cnbc-2024-japan", {"publisher": "Reuters", "url": "https://www.reuters.com/x"}),  # neither the publisher nor its site
        ("aws-reuters-2025-chile", {"publisher": "Dunya News", "url": "https://dunyanews.tv/en/Technology/1"}),
        ("scmp-2016-11-22-alibaba-cloud-expands-dcs", {"publisher": "Fortune", "url": "https://fortune.com/x"}),
    ],
)
def test_a_source_id_names_its_publisher(data_copy, source_id, changes):
    line = edit_row(data_copy, "sources", source_id, **changes)
    _refused(data_copy, "sources", line, "id", f"does not name its publisher, {changes['publisher']}")


def test_a_source_id_may_name_its_publisher_by_initials_abbreviation_or_site():
    from generator.rules import _abbreviates, _letters, publisher_part

    providers = ["aws", "google-cloud", "alibaba-cloud"]
    assert publisher_part("aws-reuters-2025-chile", providers) == "reuters"
    assert publisher_part("scmp-2016-11-22-alibaba-cloud-expands-dcs", providers) == "scmp"
    assert publisher_part("google-cloud-compute-regions-zones", providers) == ""  # no year: a provider's own page
    assert _abbreviates("scmp", "South China Morning Post")
    assert _abbreviates("dcd", "DatacenterDynamics")
    assert _abbreviates(_letters("montrealintl"), "Montréal International")
    assert _abbreviates("oregonlive", "www oregonlive com")
    assert not _abbreviates("cnbc", "NBC Washington")
    assert not _abbreviates("reuters", "The Register")


@pytest.mark.parametrize(
    "title",
    [
        "Supported Regions (Cloud Connect, EU site)",
        "Endpoints (OBS API Reference, ae-ad-1)",
        "Endpoints - IAM API Reference (eu-west-0)",
        "IBM Cloud Kubernetes Service release notes (docs source)",
        "regions_definitions.py (OCI SDK for Python: regions and realms)",
        "Oracle Cloud Infrastructure United Kingdom Government Cloud (German edition)",
        "Amazon's AWS to invest $15 billion in Japan (CNBC)",  # the publisher's own name
        "Elastic GPU Service: リージョンとゾーン (Regions and zones)",  # our gloss of a title in another script
        "Amazon's AWS to invest $15 billion in Japan [copy]",
        "Amazon's AWS to invest $15 billion in Japan [...]",
    ],
)
def test_a_title_ending_in_a_bracketed_note_of_ours_is_refused(data_copy, title):
    line = edit_row(data_copy, "sources", "aws-cnbc-2024-japan", title=title)
    _refused(data_copy, "sources", line, "title", "ends in a note of ours in brackets")


def test_a_title_of_its_own_may_end_in_brackets():
    from generator.load import Row
    from generator.rules import _title_note

    def note(title, publisher="Alibaba Cloud"):
        return _title_note(Row(2, {"title": title, "publisher": publisher}), None)

    assert not note("Supported regions (Simple Log Service)")
    assert not note("Osaka was upgraded from local to a full region (#1935)", "aws-cloudformation/cfn-python-lint")
    assert not note("Generally Available: Microsoft Azure now available from new cloud region in India (India South Central)", "Microsoft")
    assert not note("IBM Cloud Object Storage conversion of Montreal 01 Single Site COS location (mon01) into a Single Campus Multi-Zone Region (ca-mon)", "IBM")
    assert not note("地域和Endpoint (OSS各地域的外网、内网、双栈Endpoint访问地址)")
    assert note("Regions and zones (Alibaba Cloud)")


@pytest.mark.parametrize(
    "copy",
    [
        "https://news.az/news/alibaba-to-open-new-data-centres-unveils-most-powerful-ai-model",
        "https://www.nbcwashington.com/news/business/money-report/google-to-invest-2-billion-in-malaysia/3628052/",
        "https://candorium.com/news/20230426152404126/microsoft-opens-top-cloud-data-processing-hub-in-poland",
    ],
)
def test_a_syndicator_is_refused_as_the_address_and_named_in_read_at(data_copy, copy):
    line = edit_row(data_copy, "sources", "aws-cnbc-2024-japan", url=copy)
    _refused(data_copy, "sources", line, "url", "is on a host that republishes others' articles")
    edit_row(data_copy, "sources", "aws-cnbc-2024-japan",
             url="https://www.cnbc.com/2024/01/19/amazons-aws-to-invest-15-bln-to-expand-cloud-computing-in-japan.html", read_at=copy)
    assert _check(data_copy).returncode == 0


# A closure announced but not done

def test_a_closing_region_needs_its_notice(data_copy):
    line = edit_row(data_copy, "regions", "alibaba-cloud-cn-nanjing", closing_source="")
    _refused(data_copy, "regions", line, "closing_source", "a closing region needs the source of its closure notice")


def test_only_a_closing_or_closed_region_has_a_closure_notice(data_copy):
    line = edit_row(data_copy, "regions", "alibaba-cloud-cn-qingdao", closing_announced="2026-01", closing_source="alibaba-cloud-sls-regions")
    _refused(data_copy, "regions", line, "closing_announced", "only a closing or closed region has a closure notice")


def test_a_closing_region_counts_as_open_and_its_notice_is_a_change(data_copy):
    edit_row(data_copy, "regions", "alibaba-cloud-cn-nanjing", closing_announced="2026-03")
    atlas = atlas_of(data_copy, dt.date.today())
    nanjing = atlas.regions["alibaba-cloud-cn-nanjing"]
    assert nanjing.status == "closing" and nanjing.is_open
    assert nanjing in atlas.active_regions
    figures = atlas.figures("alibaba-cloud")
    assert figures.closing_regions == 2
    assert figures.active_regions == sum(r["provider"] == "alibaba-cloud" and r["status"] in ("active", "closing") for r in rows("regions"))
    [entry] = [e for e in atlas.changelog if e.key == "alibaba-cloud-cn-nanjing/closing"]
    assert entry.type == "closing" and entry.source == "alibaba-cloud-nis-network-performance"


# Claims compared like with like

def _claim_line(root, line: str) -> None:
    path = root / "datasets" / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")


def test_a_scoped_claim_is_compared_with_the_regions_in_its_scope(data_copy):
    today = dt.date.today()
    atlas = atlas_of(data_copy, today)
    mainland = [r for r in atlas.regions_by_provider["alibaba-cloud"] if r.country == "CN" and r.active_on(today)]
    _claim_line(data_copy, f"alibaba-cloud,2026-11,{len(mainland)},,,,mainland_china,exact,alibaba-cloud-sls-regions")
    _claim_line(data_copy, f"alibaba-cloud,2026-11,{len(mainland)},,,,worldwide,exact,alibaba-cloud-sls-regions")
    checks = {c.claim.scope: c for c in atlas_of(data_copy, today).claim_checks("alibaba-cloud") if c.claim.date.iso() == "2026-11"}
    assert checks["mainland_china"].counted_regions == len(mainland)
    assert checks["worldwide"].counted_regions > len(mainland)
    assert not checks["mainland_china"].differs
    assert checks["worldwide"].differs


def test_a_claim_that_includes_announced_regions_counts_them(data_copy):
    today = dt.date.today()
    # Azure, because AWS's last announced regions (Saudi Arabia, Chile) are now listed by its SDK as open.
    _claim_line(data_copy, "azure,2026-11,1,,,,worldwide,including_announced,azure-gulfsouthtowers-2018-zander")
    [check] = [c for c in atlas_of(data_copy, today).claim_checks("azure") if c.claim.qualifier == "including_announced" and c.claim.date.iso() == "2026-11"]
    announced = [r for r in rows("regions") if r["provider"] == "azure" and r["status"] == "announced" and r["announced"]]
    assert check.counted_announced == len(announced) > 0


def test_a_claim_may_give_only_data_centres(data_copy):
    _claim_line(data_copy, "ibm-cloud,2017-07-20,,,,60,worldwide,exact,techcrunch-2017-07-18-ibm-dcs")
    assert _check(data_copy).returncode == 0


def test_a_claim_with_no_figure_is_refused(data_copy):
    _claim_line(data_copy, "ibm-cloud,2017-07-20,,,,,worldwide,exact,techcrunch-2017-07-18-ibm-dcs")
    result = _check(data_copy)
    assert "a claim needs at least one of regions, zones, countries or data_centres" in result.stderr


# The audit lists what is allowed but weak

def test_the_audit_gives_coverage_per_provider_and_the_doubtful_rows():
    result = run("-m", "generator", "audit")
    assert result.returncode == 0, result.stderr
    for provider in rows("providers"):
        assert any(line.startswith(f"{provider['id']}: ") and "launch date" in line for line in result.stdout.splitlines())
    assert "coordinates stand for an area" in result.stdout
    assert "gives no scope" in result.stdout
    assert "rests on the SDK list alone" in result.stdout
    sources = {s["id"]: s for s in rows("sources")}
    for provider in rows("providers"):
        undated = not sources[provider["source"]]["published"]
        assert (f"verified: its regions were last checked against {provider['source']}, which prints no date" in result.stdout) == undated


def test_the_audit_names_a_doubtful_row_with_its_line(data_copy):
    line = edit_row(data_copy, "regions", "aws-ap-south-2", launched_source="aws-register-2022-hyderabad")
    result = run("-m", "generator", "--root", str(data_copy), "audit")
    assert result.returncode == 0, result.stderr
    expected = f"datasets/regions.csv:{line}: launched_source: launch 2022-11-22 is cited to a third-party report (The Register)"
    assert expected in result.stdout
    aws = result.stdout.split("\nazure: ")[0].split("\naws: ")[1]
    assert expected in aws, "a doubt is listed under its own provider"
