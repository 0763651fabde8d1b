"""A vault of three topics, 30 papers each, in our own made-up words (for recommendations)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from tests.vault.notes import P, dendron, write

TOPICS = {
    "sky": [
        "telescope",
        "galaxy",
        "exoplanet",
        "spectra",
        "stellar",
        "orbit",
        "redshift",
        "nebula",
        "photometry",
        "cosmic",
        "quasar",
        "supernova",
        "luminosity",
        "transit",
        "planetary",
        "halo",
    ],
    "grip": [
        "gripper",
        "grasp",
        "manipulation",
        "tactile",
        "robotic",
        "torque",
        "dexterous",
        "fingertip",
        "contact",
        "actuator",
        "pick",
        "placement",
        "compliance",
        "payload",
        "wrist",
        "servo",
    ],
    "fold": [
        "protein",
        "residue",
        "folding",
        "amino",
        "enzyme",
        "binding",
        "ligand",
        "peptide",
        "molecular",
        "conformation",
        "backbone",
        "docking",
        "mutation",
        "catalytic",
        "solvent",
        "chain",
    ],
}
GENERIC = [
    "we",
    "propose",
    "method",
    "results",
    "show",
    "improved",
    "approach",
    "novel",
    "framework",
    "evaluate",
    "model",
    "data",
    "learning",
    "baseline",
    "efficient",
    "robust",
    "study",
    "analysis",
]
PER_TOPIC = 30
FIRST_DAY = date(2024, 5, 1)


def _words(picker: random.Random, topic: str, count: int, share: float) -> str:
    vocabulary = TOPICS[topic]
    return " ".join(
        picker.choice(vocabulary) if picker.random() < share else picker.choice(GENERIC)
        for _ in range(count)
    )


def topic_papers() -> dict[str, list[P]]:
    """Per topic, its papers (deterministic); no title names its topic."""
    picker = random.Random(7)
    papers: dict[str, list[P]] = {}
    for topic in TOPICS:
        papers[topic] = [
            P(
                f"Study {n + 1}: {_words(picker, topic, 6, 0.7)}",
                tags=("papers",),
                body=f"- {_words(picker, topic, 40, 0.5)}\n",
            )
            for n in range(PER_TOPIC)
        ]
    return papers


def day_of(n: int) -> date:
    return FIRST_DAY + timedelta(days=n)


def write_topic_vault(root: Path) -> dict[str, list[str]]:
    """Write the vault: on day n, paper n of each topic. Returns each topic's titles."""
    papers = topic_papers()
    for n in range(PER_TOPIC):
        day = day_of(n).strftime("%Y%m%d")
        write(root, f"daily/{day}.md", dendron(day, *(papers[t][n] for t in TOPICS)))
    return {topic: [p.title for p in found] for topic, found in papers.items()}
