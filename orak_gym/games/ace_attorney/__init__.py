"""Phoenix Wright: Ace Attorney Trilogy: the commercial game, played through Orak's BepInEx plugin.

One id per Orak task (the first case's multiple-choice test and its three cross-examinations).
Imports nothing heavy; ``orak-gym list`` runs the install check (:mod:`.install`).
"""

from __future__ import annotations

from orak_gym.core.registry import EnvVariant, GameSpec

TASK_IDS = {
    "orak/AceAttorney-v0": "multiple_choice",
    "orak/AceAttorney-CrossExamination1-v0": "cross_examination_1",
    "orak/AceAttorney-CrossExamination2-v0": "cross_examination_2",
    "orak/AceAttorney-CrossExamination3-v0": "cross_examination_3",
}


SPECS = [
    GameSpec(
        name="ace_attorney",
        title="AceAttorney",
        genre="adventure",
        env_class="orak_gym.games.ace_attorney.env:AceAttorneyEnv",
        variants=tuple(EnvVariant(env_id, {"task": task}) for env_id, task in TASK_IDS.items()),
        install_check="orak_gym.games.ace_attorney.install:installation_problem",
        expert="orak_gym.games.ace_attorney.expert:AceAttorneyBaseline",
        max_decisions=50,
        max_instances=1,
        nondeterministic=True,  # the plugin stamps each line with the wall clock
    )
]
