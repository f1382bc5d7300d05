"""accord.run, validate and inspect against the CLI's own files."""

from __future__ import annotations

import json
import os
import signal
import threading

import numpy as np
import pytest

import accord
from conftest import QUICKSTART, read_csv_text, same_cell


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """The same run through the package and through the CLI."""
    import subprocess

    root = tmp_path_factory.mktemp("run")
    run = accord.run(QUICKSTART, seed=7, set={"theta": 0.7, "evidence.trials": 4}, agents=True, out=root / "py")
    subprocess.run(
        [accord.find_binary(), "run", str(QUICKSTART), "--seed", "7", "--set", "theta=0.7",
         "--set", "evidence.trials=4", "--agents", "--out", str(root / "cli"), "-q"],
        check=True,
    )
    return run, root / "cli"


def test_files_equal_the_cli_files(pair):
    run, cli = pair
    for name in ("timeseries.csv", "agents.csv"):
        assert (run.dir / name).read_bytes() == (cli / name).read_bytes()
    ours = json.loads((run.dir / "summary.json").read_text())
    theirs = json.loads((cli / "summary.json").read_text())
    assert ours["summary"] == theirs["summary"]
    assert ours["seed"] == theirs["seed"] == 7 == run.seed


@pytest.mark.parametrize("table", ["timeseries", "agents"])
def test_frames_hold_the_cli_values(pair, table):
    run, cli = pair
    frame = getattr(run, table)
    rows = read_csv_text(cli / f"{table}.csv")
    assert list(frame.columns) == list(rows[0].keys())
    assert len(frame) == len(rows)
    for i, row in enumerate(rows):
        for name, text in row.items():
            assert same_cell(text, frame.at[i, name]), (table, i, name, text, frame.at[i, name])


def test_dtypes(pair):
    run, cli = pair
    ts, agents = run.timeseries, run.agents
    rows = read_csv_text(cli / "timeseries.csv")
    assert ts["step"].dtype == np.int64 and agents["step"].dtype == np.int64
    assert list(ts["step"]) == list(range(len(ts)))
    for name in rows[0]:
        texts = {r[name] for r in rows}
        if texts <= {"true", "false"}:
            assert ts[name].dtype == bool, name
        elif "" in texts and texts - {""} <= {"true", "false"}:
            assert ts[name].dtype == "boolean", name
        if "" in texts:
            # Missing values are NA, exactly where the CLI left the cell empty.
            assert list(ts[name].isna()) == [r[name] == "" for r in rows], name
    assert ts["blocking"].dtype == bool and agents["member"].dtype == bool
    assert ts["belief_mean"].dtype == np.float64
    assert ts["negotiation"].dtype == "string"


def test_summary_dict_and_frame(pair):
    run, cli = pair
    theirs = json.loads((cli / "summary.json").read_text())["summary"]
    assert run.summary == theirs
    frame = run.summary_frame
    assert frame.shape[0] == 1
    assert frame.at[0, "efficiency"] == theirs["efficiency"]
    for nation, share in theirs["gain_shares"].items():
        assert frame.at[0, f"gain_shares.{nation}"] == share
    assert frame.at[0, "package[0]"] == theirs["package"][0]


def test_dict_config_equals_the_file(tmp_path):
    config = {
        "seed": 3,
        "steps": 40,
        "theta": 0.75,
        "nations": [
            {"name": "A", "rule": "majority", "executive": "a-gov", "agents": [
                {"name": "a-gov", "ideal": 0.4, "weight": 2},
                {"name": "a-firms", "count": 6, "ideal": {"uniform": [0.1, 0.5]}, "kappa": 0.7},
            ]},
            {"name": "B", "agents": [{"name": "b-gov", "ideal": 0.5}, {"name": "b-farm", "count": 4, "ideal": 0.3}]},
        ],
    }
    yaml_text = """seed: 3
steps: 40
theta: 0.75
nations:
  - name: A
    rule: majority
    executive: a-gov
    agents:
      - {name: a-gov, ideal: 0.4, weight: 2}
      - {name: a-firms, count: 6, ideal: {uniform: [0.1, 0.5]}, kappa: 0.7}
  - name: B
    agents:
      - {name: b-gov, ideal: 0.5}
      - {name: b-farm, count: 4, ideal: 0.3}
"""
    (tmp_path / "world.yaml").write_text(yaml_text)
    from_dict = accord.run(config, set={"evidence.trials": 3}, out=tmp_path / "d")
    from_file = accord.run(tmp_path / "world.yaml", set={"evidence.trials": 3}, out=tmp_path / "f")
    assert (from_dict.dir / "timeseries.csv").read_bytes() == (from_file.dir / "timeseries.csv").read_bytes()
    assert from_dict.summary == from_file.summary and from_dict.seed == 3
    assert from_dict.agents is None and len(from_dict.timeseries) >= 2


def test_validate_and_inspect():
    v = accord.validate(QUICKSTART)
    assert (v.steps, v.seed, v.agents) == (200, 42, 25)
    assert accord.validate(QUICKSTART, set={"steps": 50}).steps == 50
    world = accord.inspect(QUICKSTART)
    assert [n["name"] for n in world["nations"]] == ["North", "South"]
    assert world["issues"] == 1


def test_config_error_carries_its_location(tmp_path):
    bad = tmp_path / "bad.yaml"
    lines = QUICKSTART.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("theta:"))
    lines[number] = "theta: 1.8"
    bad.write_text("\n".join(lines) + "\n")
    for call in (lambda: accord.validate(bad), lambda: accord.run(bad, out=tmp_path / "r")):
        with pytest.raises(accord.ConfigError) as caught:
            call()
        e = caught.value
        assert (e.file, e.line, e.column, e.key) == (str(bad), number + 1, 8, "theta")
        assert "allowed: [0, 1]" in e.reason and e.returncode != 0
    assert not (tmp_path / "r" / "summary.json").exists()


def test_set_error_names_the_setting_and_key():
    with pytest.raises(accord.ConfigError) as caught:
        accord.validate(QUICKSTART, set={"thta": 0.5})
    e = caught.value
    assert e.setting == "--set thta=0.5" and e.key == "thta" and e.file == str(QUICKSTART)
    assert "did you mean 'theta'" in e.reason
    with pytest.raises(accord.ConfigError) as caught:
        accord.validate({"theta": 0.5, "nations": [{"name": "A", "agents": [{"name": "a", "ideal": 3}]}]})
    assert caught.value.key == "nations[0].agents[0].ideal" and caught.value.line is not None


def test_other_errors_are_accord_errors(tmp_path):
    with pytest.raises(accord.AccordError) as caught:
        accord.run(tmp_path / "absent.yaml", out=tmp_path / "x")
    assert "no such file" in str(caught.value)


def test_missing_binary_says_how_to_build(monkeypatch, tmp_path):
    monkeypatch.setenv("ACCORD_BIN", str(tmp_path / "nothing"))
    with pytest.raises(accord.BinaryNotFoundError, match="swift build -c release"):
        accord.validate(QUICKSTART)


def test_ctrl_c_stops_the_child_cleanly(tmp_path):
    sweep = accord.Sweep(
        {
            "base": str(QUICKSTART),
            "design": "latin-hypercube",
            "samples": 20000,
            "factors": {"theta": {"low": 0.5, "high": 0.9}},
        },
        out=tmp_path / "s",
    )
    timer = threading.Timer(1.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(accord.Interrupted) as caught:
        sweep.run(progress=False)
    timer.cancel()
    assert caught.value.returncode == 130
    status = sweep.status()
    # Stopped part-way, every finished run committed: the store is readable and whole.
    assert 0 < status.done < status.planned == 20000
    assert len(sweep.runs()) == status.done


def test_binary_lookup_order(monkeypatch, tmp_path):
    fake = tmp_path / "repo" / ".build" / "release" / "accord"
    fake.parent.mkdir(parents=True)
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    inner = tmp_path / "repo" / "Configs"
    inner.mkdir()
    monkeypatch.delenv("ACCORD_BIN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.chdir(inner)
    # Not on PATH, no ACCORD_BIN: the release build of the repository we are inside.
    assert accord.find_binary() == str(fake)
    on_path = tmp_path / "bin" / "accord"
    on_path.parent.mkdir()
    on_path.write_text("#!/bin/sh\n")
    on_path.chmod(0o755)
    monkeypatch.setenv("PATH", str(on_path.parent))
    assert accord.find_binary() == str(on_path)
    monkeypatch.setenv("ACCORD_BIN", str(fake))
    assert accord.find_binary() == str(fake)
