import json
from pathlib import Path

import pytest

from bot.cli import loadtest_report as report

# The columns Locust 2.46 writes to <prefix>_stats.csv.
HEADER = (
    "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,"
    "Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,"
    "50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%"
)
ROWS = [
    "rest,knowledge,40,1,120,150.5,80,15000,2.1,2.0,0.05,120,130,140,150,200,300,400,15000,"
    "15000,15000,15000",
    "webchat,lookup,60,0,110,130.2,70,900,1.5,3.0,0.0,110,120,130,140,180,250,300,400,900,900,900",
    ",Aggregated,100,1,110,140.1,70,15000,1.8,5.0,0.05,110,120,130,140,190,280,350,420,15000,"
    "15000,15000",
]


def _csv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "n10_stats.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", "utf8")
    return path


def test_read_stats_takes_the_aggregated_row(tmp_path):
    stats = report.read_stats(_csv(tmp_path, ROWS))
    assert stats == report.Stats(
        requests=100,
        failures=1,
        requests_per_s=5.0,
        failures_per_s=0.05,
        p50_ms=110,
        p95_ms=280,
        p99_ms=420,
    )


def test_read_stats_without_requests_reads_na_as_zero(tmp_path):
    row = ",Aggregated,0,0,0,0,0,0,0,0,0" + ",N/A" * 11
    assert report.read_stats(_csv(tmp_path, [row])).p95_ms == 0


@pytest.mark.parametrize("rows", [ROWS[:2], []])
def test_read_stats_without_an_aggregated_row_fails(tmp_path, rows):
    with pytest.raises(report.MissingOutput):
        report.read_stats(_csv(tmp_path, rows))


def test_missing_files_fail(tmp_path):
    with pytest.raises(report.MissingOutput):
        report.read_stats(tmp_path / "none_stats.csv")
    with pytest.raises(report.MissingOutput):
        report.read_tally(tmp_path / "none_tally.json")


def test_read_tally_sums_the_channels(tmp_path):
    path = tmp_path / "tally.json"
    counts = {
        "turns": 12,
        "rest.ok": 5,
        "webchat.ok": 4,
        "webchat.lost": 1,
        "rest.out_of_order": 1,
        "webchat.wrong": 1,
        "webchat.error": 2,
        "other.ok": 99,
    }
    path.write_text(json.dumps(counts))
    tally = report.read_tally(path)
    assert tally == {"turns": 12, "ok": 9, "lost": 1, "out_of_order": 1, "wrong": 1, "error": 2}


def _result(target: str = "replica", concurrency: int = 50, **changes) -> report.LevelResult:
    stats = report.Stats(100, 2, 5.0, 0.1, 200, 800, 1500)
    tally = {"turns": 100, "ok": 98, "lost": 0, "out_of_order": 0, "wrong": 0, "error": 0}
    tally.update(changes)
    return report.level_result(
        target, concurrency, stats, tally, server_cpu_s=5.0, client_cpu_s=1.0, server_rss_mib=999.6
    )


def test_level_result_counts_only_matching_replies_and_cpu_per_turn():
    result = _result(lost=1, out_of_order=1)
    assert result.throughput == 4.9
    assert (result.answered, result.lost, result.out_of_order) == (98, 1, 1)
    assert result.server_cpu_ms_per_message == 50.0
    assert result.client_cpu_ms_per_message == 10.0
    assert result.server_rss_mib == 1000
    assert report.problems(result) == 2


def test_goal_is_checked_at_fifty_per_target():
    checks = report.goal_checks(
        [_result(concurrency=10, lost=5), _result(), _result("cluster", wrong=1)]
    )
    assert [ok for _, ok in checks] == [True, True, True, True, False, True]
    slow = _result()
    slow = report.LevelResult(**{**slow.__dict__, "p95_ms": 1200.0})
    assert [ok for _, ok in report.goal_checks([slow])] == [True, True, False]


def test_table_puts_the_targets_side_by_side():
    text = report.table([_result(concurrency=1), _result(), _result("cluster")])
    lines = text.splitlines()
    assert "one replica" in lines[0] and "cluster" in lines[0]
    assert lines[2].split()[0] == "1" and lines[3].split()[0] == "50"
    assert lines[3].count("|") == 1  # both targets measured at 50
    assert lines[2].rstrip().endswith("|")  # the cluster did not run at 1


def test_markdown_has_a_row_per_level_and_the_goal():
    text = report.markdown(
        [_result(), _result("cluster", lost=3)], {"date": "d", "machine": "m", "settings": "s"}
    )
    assert "| one replica | 50 | 4.9 |" in text
    assert "| cluster | 50 |" in text
    assert "**missed**: cluster: lost 3, errors 0 (goal 0)" in text


def test_update_doc_replaces_only_the_generated_block(tmp_path):
    doc = tmp_path / "loadtest.md"
    doc.write_text(
        f"# Title\n\nBefore.\n\n{report.DOC_START}\nold\n{report.DOC_END}\n\nAfter.\n", "utf8"
    )
    report.update_doc(doc, "new table")
    text = doc.read_text("utf8")
    assert "old" not in text
    assert text.startswith("# Title\n\nBefore.\n\n")
    assert f"{report.DOC_START}\nnew table\n{report.DOC_END}\n\nAfter.\n" in text


def test_update_doc_appends_the_block_when_the_markers_are_missing(tmp_path):
    doc = tmp_path / "loadtest.md"
    doc.write_text("# Title\n", "utf8")
    report.update_doc(doc, "table")
    assert doc.read_text("utf8") == f"# Title\n\n{report.DOC_START}\ntable\n{report.DOC_END}\n"
