# Two commands on a fresh machine: `make demo` and `make test`. Both bootstrap .venv (and npm packages).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
MC_JS  := orak_gym/games/minecraft/js
MODEL  ?=
ENV    ?= orak/2048-v0

.PHONY: demo test lint format bench node clean media docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Base install (what a user gets with `pip install orak-gym`), re-run when pyproject.toml changes.
$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

# Everything the test suite exercises: all runnable extras, pytest, hypothesis, ruff.
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

# The embedded Minecraft server and bot (Node packages pinned by the committed lock file).
ifneq ($(wildcard $(MC_JS)/package-lock.json),)
node: $(MC_JS)/node_modules/.package-lock.json
$(MC_JS)/node_modules/.package-lock.json: $(MC_JS)/package-lock.json $(MC_JS)/package.json
	npm ci --prefix $(MC_JS) --no-audit --no-fund --loglevel=error
else
node:
endif

demo: $(VENV)/.installed-base
	$(BIN)/orak-gym demo --env $(ENV) --quiet $(if $(MODEL),--model '$(MODEL)',)

# In parallel on every core (pytest-xdist); tests sharing a module-scoped server stay on one worker
# (tests/conftest.py). `make test PYTEST_ARGS=-n0` runs it serially. The Ray tests start a cluster of
# their own and run afterwards, alone, so no other test's process clean-up can reach its daemons.
PYTEST_ARGS ?= -n auto --dist loadgroup
test: $(VENV)/.installed-test node
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS) -m "not slow and not ray"
	$(BIN)/python -m pytest -m ray

# The documentation site (MkDocs + Material, API pages from the docstrings) into site/; the suite builds
# it too, with --strict (tests/docs), and runs every Python block of the pages.
docs: $(VENV)/.installed-test
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Figures for benchmarks/RESULTS.md (Super Mario's need the ROM: see the commands there).
bench: $(VENV)/.installed-test node
	$(BIN)/python benchmarks/twenty48.py
	$(BIN)/python benchmarks/baba_is_you.py
	$(BIN)/python benchmarks/agents_concurrency.py --episodes 16 --steps 10 --latency 0.2
	$(BIN)/python benchmarks/eval_throughput.py
	$(BIN)/python benchmarks/minecraft.py
	$(BIN)/python benchmarks/slay_the_spire.py
	$(BIN)/python benchmarks/spire_agents.py
	$(BIN)/python benchmarks/starcraft2.py
	$(BIN)/python benchmarks/mcp_overhead.py
	$(BIN)/python benchmarks/street_fighter.py  # MAME rows only where MAME is installed

clean:
	rm -rf $(VENV) $(MC_JS)/node_modules out .pytest_cache

# The pictures in the README, made by the project's own commands (Super Mario and Pokémon Red need
# their ROMs imported; Minecraft needs the npm packages).
MEDIA := docs/media
media: $(VENV)/.installed-test node
	mkdir -p $(MEDIA) out/media
	$(BIN)/orak-gym demo --env orak/2048-v0 --seed 1 --out out/media/2048 --quiet --gif-frames 90 --gif-width 200
	$(BIN)/orak-gym demo --env orak/BabaIsYou-v0 --out out/media/baba --quiet --gif-width 320
	$(BIN)/orak-gym demo --env orak/SuperMario-v0 --out out/media/mario --quiet --gif-frames 200 --gif-width 256
	$(BIN)/orak-gym demo --env orak/Minecraft-StonePickaxe-v0 --out out/media/minecraft --quiet --gif-width 320
	$(BIN)/orak-gym demo --env orak/PokemonRed-v0 --out out/media/pokemon_red --quiet --gif-width 320
	$(BIN)/orak-gym demo --env orak/SlayTheSpire-v0 --out out/media/spire --quiet --gif-width 320 --gif-frames 120
	# Street Fighter without the ROM: the stand-in peer's invented match, drawn from its RAM (view=schematic)
	$(BIN)/python -c "import json; from orak_gym.games.street_fighter.scenario import scripted_match; \
	  json.dump(scripted_match(['p1', 'p2', 'p1', 'p1']), open('out/media/sf-scenario.json', 'w'))"
	$(BIN)/orak-gym demo --env orak/StreetFighter-v0 --out out/media/street_fighter --quiet --max-steps 90 \
	  --env-kwargs '{"peer": "out/media/sf-scenario.json", "boot": "none", "view": "schematic"}'
	# Her Story and Ace Attorney without the games: the tests' fake plugins (invented content), the envs' schematic frames
	ORAK_HERSTORY_LAUNCH="$(CURDIR)/$(BIN)/python $(CURDIR)/tests/games/her_story/fake_her_story.py {game_dir}" \
	  ORAK_HERSTORY_INPUT=channel $(BIN)/orak-gym demo --env orak/HerStory-v0 --out out/media/her_story --quiet --max-steps 40
	# Stardew Valley without the game: the tests' stand-in (an invented farm), the env's map of the Farm
	ORAK_STARDEW_LAUNCH="$(CURDIR)/$(BIN)/python $(CURDIR)/tests/games/stardew_valley/fake_stardew.py {game_dir}" \
	  ORAK_STARDEW_INPUT=channel ORAK_STARDEW_UI_DELAY=0 $(BIN)/orak-gym demo --env orak/StardewValley-v0 \
	  --out out/media/stardew_valley --quiet --gif-width 320
	rm -rf out/media/orak && $(BIN)/python -c "from pathlib import Path; \
	  from tests.games.ace_attorney.conftest import write_checkout; write_checkout(Path('out/media/orak'))"
	ORAK_CHECKOUT=$(CURDIR)/out/media/orak ORAK_ACEATTORNEY_KEY_DELAY=0 \
	  ORAK_ACEATTORNEY_LAUNCH="$(CURDIR)/$(BIN)/python $(CURDIR)/tests/games/ace_attorney/fake_ace_attorney.py {game_dir}" \
	  $(BIN)/orak-gym demo --env orak/AceAttorney-CrossExamination2-v0 --out out/media/ace_attorney --quiet --max-steps 40
	# Darkest Dungeon without the game: the tests' fake raid (invented heroes, real DSON saves), the env's schematic frame
	ORAK_DD_LAUNCH="$(CURDIR)/$(BIN)/python $(CURDIR)/tests/games/darkest_dungeon/fake_darkest_dungeon.py {game_dir}" \
	  ORAK_DD_INPUT=channel ORAK_DD_SETTLE=0.02 $(BIN)/orak-gym demo --env orak/DarkestDungeon-v0 \
	  --out out/media/darkest_dungeon --quiet --max-steps 60
	# StarCraft II: Blizzard's client cannot be fetched by a script, so the GIF is a game against the fake client
	SC2PATH=$$($(BIN)/python -c "import tempfile; from orak_gym.testing.sc2_server import fake_install; print(fake_install(tempfile.mkdtemp()))") \
		$(BIN)/orak-gym demo --env orak/StarCraft2-v0 --out out/media/starcraft2 --quiet --gif-width 320 --gif-frames 40
	for g in 2048 baba mario minecraft pokemon_red spire street_fighter her_story ace_attorney darkest_dungeon starcraft2 stardew_valley; do \
	  cp out/media/$$g/episode.gif $(MEDIA)/$$g.gif; done
	rm -rf out/media/runs
	$(BIN)/orak-gym eval --env orak/2048-v0 --env orak/BabaIsYou-v0 --agent expert --episodes 5 --max-steps 400 --out out/media/runs/expert --quiet
	$(BIN)/orak-gym eval --env orak/2048-v0 --env orak/BabaIsYou-v0 --agent random --episodes 5 --max-steps 400 --out out/media/runs/random --quiet
	$(BIN)/orak-gym leaderboard out/media/runs/expert out/media/runs/random --out $(MEDIA)/leaderboard
	$(BIN)/orak-gym arena --env 2048-race -p random -p expert --games 6 --out $(MEDIA)/arena
	$(BIN)/python docs/view_screenshots.py --out out/media/view --media $(MEDIA)  # orak-gym view (system Chromium)
