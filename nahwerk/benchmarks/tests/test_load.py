"""The load benchmark's report: locust's statistics and the server's own times per page."""

from __future__ import annotations

import pytest

from nahwerk.benchmarks.load import page_type, read_stats, server_times, stats_table

HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\n"
)


def test_it_reads_locusts_statistics_and_judges_them_by_the_targets(tmp_path) -> None:
    csv = tmp_path / "run_stats.csv"
    csv.write_text(
        HEADER
        + "GET,search,40,0,300,320,90,900,30000,1.3,0,300,330,350,370,420,480,700,800,900,900,900\n"
        + "GET,start,60,2,50,60,10,400,9000,2.0,0.1,50,55,60,70,120,180,300,350,400,400,400\n"
        + "GET,login,6,0,900,900,800,1100,0,0.2,0,900,900,900,900,1100,1100,1100,1100,1100,1100,1100\n"
        + ",Aggregated,106,2,60,130,10,1100,0,3.5,0.1,60,70,80,90,300,450,700,800,1100,1100,1100\n",
        encoding="utf-8",
    )
    stats = read_stats(csv)
    assert [s.name for s in stats] == ["login", "search", "start", "Aggregated"]
    search, start = stats[1], stats[2]
    assert (search.p50, search.p95, search.p99, search.requests) == (300, 480, 800, 40)
    assert search.meets_target  # 480 ms within the search's 500 ms
    assert not start.meets_target  # p95 within 200 ms, but two errors
    table = stats_table(stats)
    assert "| search            |       40 |   1.3 |    300 |    480 |    800 |      0 |" in table
    assert "500 ok" in table and "200 MISSED" in table
    login_row = next(line for line in table.splitlines() if line.startswith("| login "))
    assert "MISSED" not in login_row and "ok" not in login_row  # setup, not a target


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/", "start"),
        ("/netzwerke/imkk/", "network"),
        ("/organisationen/", "directory"),
        ("/organisationen/westerwald-keramik/", "organisation"),
        ("/partner-finden/", "search"),
        ("/bedarfe/", "need list"),
        ("/bedarfe/12/", "need"),
        ("/veranstaltungen/", "event list"),
        ("/veranstaltungen/imkk-branchentreffen/", "event"),
        ("/api/organisations/", "api organisations"),
        ("/api/needs/", "api needs"),
        ("/uebersicht/", "my overview"),
        ("/bedarfe/12/bearbeiten/", None),
        ("/static/nahwerk/site.css", None),
    ],
)
def test_the_server_log_is_sorted_by_the_locustfiles_page_names(path, name) -> None:
    assert page_type(path) == name


def test_only_the_measured_requests_of_the_server_log_count(tmp_path) -> None:
    log = tmp_path / "server.log"
    warm_up = "NAHWERK-ACCESS GET /partner-finden/ 200 9000\n"
    log.write_text(
        warm_up
        + "[INFO] Booting worker\n"
        + "NAHWERK-ACCESS GET /partner-finden/ 200 120\n"
        + "NAHWERK-ACCESS GET / 200 15\n",
        encoding="utf-8",
    )
    times = server_times(log, offset=len(warm_up))
    assert times == {"search": [120.0], "start": [15.0], "Aggregated": [120.0, 15.0]}
