"""Places: municipalities, police districts, crisis centres and what to say about them.

- `store`: the place files loaded once (`places()`), with the queries replies need.
- `resolve`: which municipality a place name means (names, Sami and Kven names,
  former municipalities, towns, typos).
- `message`: what a message says about places (a municipality named, the
  service asked for) and the marker the NLU sees instead of a name.
- `answer`: the replies to a look-up, planned without a tracker.
- `checks` and `expect`: cross-checks for check-data, regexes for evaluation.

Every fact comes from `data/knowledge/` through `bot.schemas.places`.
"""

from bot.places.store import Places, places

__all__ = ["Places", "places"]
