"""Finding the user's StarCraft II (no burnysc2 needed): ``$SC2PATH`` or the platform's folder, the game
builds under ``Versions/``, the maps, and what ``orak-gym list`` says is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from orak_gym.cli import app
from orak_gym.core.registry import Readiness, spec_of
from orak_gym.games.starcraft2 import install
from orak_gym.games.starcraft2.install import StarCraftMissingError, candidate_roots, find_install


def make_install(root: Path, builds=(75689,), maps=("Ladder2019Season3/AcropolisLE",), binary="SC2_x64") -> Path:
    for build in builds:
        exe = root / "Versions" / f"Base{build}" / binary
        exe.parent.mkdir(parents=True, exist_ok=True)
        exe.write_text("")
    for name in maps:
        (root / "Maps" / f"{name}.SC2Map").parent.mkdir(parents=True, exist_ok=True)
        (root / "Maps" / f"{name}.SC2Map").write_text("")
    return root


def test_the_newest_build_and_a_default_map_are_found(tmp_path, monkeypatch):
    monkeypatch.setenv("SC2PATH", str(make_install(tmp_path, builds=(75689, 76052))))
    found = find_install()
    assert found.build == 76052 and found.label == "4.10.2" and found.executable.name == "SC2_x64"
    assert find_install("4.10").build == 75689 and find_install(75689).label == "4.10"
    assert found.find_map(None).name == "AcropolisLE.SC2Map" and found.maps() == ["AcropolisLE"]
    assert install.problem() is None
    assert spec_of("orak/StarCraft2-v0").status().ready or spec_of("orak/StarCraft2-v0").status().readiness is (
        Readiness.MISSING_EXTRA  # burnysc2 absent: the extra comes first
    )


def test_each_missing_piece_has_its_own_one_line_message(tmp_path, monkeypatch):
    monkeypatch.setenv("SC2PATH", str(tmp_path / "none"))
    with pytest.raises(StarCraftMissingError, match=r"not installed \(no Versions/Base\*/SC2_x64 under .*none\)"):
        find_install()
    monkeypatch.setenv("SC2PATH", str(make_install(tmp_path / "old", builds=(52910,))))
    with pytest.raises(StarCraftMissingError, match=r"build 52910 .* too old"):
        find_install()
    monkeypatch.setenv("SC2PATH", str(make_install(tmp_path / "nomaps", maps=())))
    message = install.problem()
    assert message and "has none of the default maps (AcropolisLE" in message and "Ladder 2019 Season 3" in message
    assert "\n" not in message
    status = spec_of("orak/StarCraft2-v0").status()
    if status.readiness is not Readiness.MISSING_EXTRA:  # with burnysc2 installed, the client's verdict
        assert status.readiness is Readiness.MISSING_ASSET and "Ladder 2019 Season 3" in status.detail


def test_orak_gym_list_names_what_is_missing_and_where_to_get_it(tmp_path, monkeypatch):
    pytest.importorskip("sc2", reason="burnysc2 is not installed: the list names the extra instead")
    from orak_gym import cli

    monkeypatch.setenv("SC2PATH", str(tmp_path / "none"))
    monkeypatch.setenv("COLUMNS", "400")
    monkeypatch.setattr(cli.console, "width", 400)  # one line per game, whatever the terminal
    result = CliRunner().invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    (row,) = [line for line in result.output.splitlines() if "StarCraft2" in line]
    assert "missing asset" in row and "StarCraft II is not installed" in row and "s2client-proto" in row


@pytest.mark.parametrize(
    ("system", "binary", "folder"),
    [
        ("Darwin", "SC2.app/Contents/MacOS/SC2", "/Applications/StarCraft II"),
        ("Windows", "SC2_x64.exe", "C:/Program Files (x86)/StarCraft II"),
        ("Linux", "SC2_x64", "~/StarCraftII"),
    ],
)
def test_macos_windows_and_linux_installs_are_looked_for_where_they_live(tmp_path, monkeypatch, system, binary, folder):
    monkeypatch.delenv("SC2PATH", raising=False)
    monkeypatch.setattr(install.platform, "system", lambda: system)
    assert candidate_roots()[0] == Path(folder).expanduser()
    monkeypatch.setenv("SC2PATH", str(make_install(tmp_path, binary=binary)))
    assert find_install().executable == tmp_path / "Versions" / "Base75689" / binary
