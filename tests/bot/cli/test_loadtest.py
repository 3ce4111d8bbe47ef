import pytest

from bot.cli import loadtest
from bot.load.verdict import NotLoopback


def test_locust_is_only_pointed_at_this_machine(tmp_path):
    args = loadtest.parse_args(["--levels", "10", "--run-time", "5"])
    command = loadtest.locust_command(
        "http://127.0.0.1:5005", 10, args, tmp_path / "ref.json", tmp_path / "n10"
    )
    assert command[command.index("--host") + 1] == "http://127.0.0.1:5005"
    assert command[command.index("-u") + 1] == command[command.index("-r") + 1] == "10"
    assert command[command.index("--run-time") + 1] == "5s"
    # Locust wants a time span; the turn in flight may take the whole reply timeout.
    assert command[command.index("--stop-timeout") + 1] == "20s"
    assert "--headless" in command
    with pytest.raises(NotLoopback):
        loadtest.locust_command("http://192.168.1.20:5005", 10, args, tmp_path, tmp_path)


def test_defaults_are_both_targets_at_four_levels():
    args = loadtest.parse_args([])
    assert args.targets == ["replica", "cluster"]
    assert args.levels == [1, 10, 50, 200]
    assert args.run_time == 60


def test_short_is_ten_conversations_for_twenty_seconds_against_the_cluster():
    args = loadtest.parse_args(["--short"])
    assert (args.targets, args.levels, args.run_time) == (["cluster"], [10], 20)
    assert loadtest.parse_args(["--short", "--targets", "replica"]).targets == ["replica"]


def test_an_unknown_target_is_refused():
    with pytest.raises(SystemExit):
        loadtest.parse_args(["--targets", "replica,everything"])


def test_roots_drop_processes_whose_ancestor_is_listed(monkeypatch):
    parents = {10: 1, 11: 10, 12: 11, 20: 1, 21: 20}
    monkeypatch.setattr(loadtest, "_parent", parents.__getitem__)
    assert loadtest.roots({"launcher": 10, "rasa": 12, "lb": 20}) == [10, 20]
    assert loadtest.roots({"rasa": 12, "actions": 21}) == [12, 21]
