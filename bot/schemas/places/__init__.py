"""The place files in data/knowledge/: municipalities, aliases, police districts, crisis centres.

Each file is one model (a CSV file one model per row, named by its line);
`load` reads them all, with the organisation's own files in `local/`, and
checks what one file says about another (every municipality number, police
district, centre and source key exists). Facts shown to users carry a source:
a web address, or any text when the research only saw the fact `via` another.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.schemas.places.centres import CentreLink, CentrePhone, CrisisCentre, load_centres
from bot.schemas.places.local import LocalContact, LocalFile, LocalLink, LocalPhone, load_local
from bot.schemas.places.municipalities import (
    Municipality,
    MunicipalitySource,
    MunicipalitySourcesFile,
    PlaceAlias,
    PlaceTopics,
    PoliceDistrict,
    PoliceDistrictsFile,
    load_aliases,
    load_municipalities,
    load_topics,
)
from bot.schemas.reading import parse, read_yaml

__all__ = [
    "CentreLink",
    "CentrePhone",
    "CrisisCentre",
    "LocalContact",
    "LocalFile",
    "LocalLink",
    "LocalPhone",
    "Municipality",
    "MunicipalitySource",
    "PlaceAlias",
    "PlaceData",
    "PlaceTopics",
    "PoliceDistrict",
    "load",
]

DIRECTORY = Path("data/knowledge")  # below the project root
# The files, in DIRECTORY.
SOURCES = "municipality_sources.yml"
DISTRICTS = "police_districts.yml"
MUNICIPALITIES = "municipalities.csv"
ALIASES = "place_aliases.csv"
CENTRES = "crisis_centres.yml"
TOPICS = "place_topics.yml"
LOCAL = "local"  # the organisation's own files
FILES = (SOURCES, DISTRICTS, MUNICIPALITIES, ALIASES, CENTRES, TOPICS)


@dataclass(frozen=True)
class PlaceData:
    """Everything in the place files, checked and cross-referenced."""

    sources: dict[str, MunicipalitySource]
    districts: dict[str, PoliceDistrict]
    municipalities: dict[str, Municipality]
    aliases: tuple[PlaceAlias, ...]
    centres: dict[str, CrisisCentre]
    topics: PlaceTopics
    local: dict[str, LocalFile]  # file name → contents, examples left out


def load(
    directory: Path, local: Path | None = None, *, topics: Mapping[str, object] | None = None
) -> PlaceData:
    """Read the place files in `directory` (and `local`, by default its `local/` folder).

    `topics` are the knowledge topics place_topics.yml must name (unchecked when None).
    """
    sources_path, districts_path = directory / SOURCES, directory / DISTRICTS
    sources = parse(MunicipalitySourcesFile, read_yaml(sources_path), path=sources_path)
    districts = parse(PoliceDistrictsFile, read_yaml(districts_path), path=districts_path).districts
    municipalities = load_municipalities(
        directory / MUNICIPALITIES, {d.id for d in districts}, {s.id for s in sources.sources}
    )
    centres = load_centres(directory / CENTRES, municipalities)
    return PlaceData(
        sources={source.id: source for source in sources.sources},
        districts={district.id: district for district in districts},
        municipalities=municipalities,
        aliases=load_aliases(directory / ALIASES, municipalities),
        centres=centres,
        topics=load_topics(directory / TOPICS, topics),
        local=load_local(
            local if local is not None else directory / LOCAL, municipalities, centres
        ),
    )
