"""``resettle evidence validate|list`` and ``resettle recommend``.

``register(subparsers)`` adds the commands to the top-level parser's sub-parsers; each
sets ``handler=fn(args, ctx) -> int`` (see ``resettle.cli.context``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from resettle.cli.commands import add_command
from resettle.cli.context import CliContext
from resettle.domain.input_files import InputRefused, decode_text, read_input_bytes
from resettle.domain.limits import PACK_FILE_MAX_BYTES
from resettle.domain.pathways import Pathway
from resettle.evidence import LoadedPack, PackInvalid, parse_pack_bytes
from resettle.evidence.loader import EMBEDDED_SOURCE, embedded_pack_bytes
from resettle.evidence.text_report import (
    format_intervention_table,
    format_pack_summary,
    format_result,
)

if TYPE_CHECKING:
    from resettle.evidence.recommender import Recommender

_T = TypeVar("_T")

EXIT_OK = 0
EXIT_PROBLEM = 1


def register(subparsers: Any) -> None:
    evidence = add_command(subparsers, "evidence")
    commands = evidence.add_subparsers(dest="evidence_command", metavar="COMMAND", required=True)

    validate = commands.add_parser("validate", help="Check a pack file; list every problem.")
    validate.add_argument("file", type=Path, help="Pack JSON file.")
    validate.set_defaults(handler=validate_pack)

    listing = commands.add_parser("list", help="List the pack's interventions.")
    listing.add_argument("--pathway", choices=[p.value for p in Pathway], help="Only this pathway.")
    listing.add_argument("--json", action="store_true", help="Print JSON.")
    listing.add_argument("--pack", type=Path, help="Pack file to use instead of the embedded one.")
    listing.set_defaults(handler=list_interventions)

    recommend = add_command(subparsers, "recommend")
    recommend.add_argument("--profile", type=Path, required=True, help="Case profile JSON file.")
    recommend.add_argument("--json", action="store_true", help="Print JSON.")
    recommend.add_argument(
        "--pack", type=Path, help="Pack file to use instead of the embedded one."
    )
    recommend.set_defaults(handler=recommend_for_profile)


def validate_pack(args: argparse.Namespace, ctx: CliContext) -> int:
    loaded = _from_pack(args.file, ctx, _parsed)
    if loaded is None:
        return EXIT_PROBLEM
    print(format_pack_summary(loaded), file=ctx.out)
    return EXIT_OK


def list_interventions(args: argparse.Namespace, ctx: CliContext) -> int:
    loaded = _pack(args, ctx)
    if loaded is None:
        return EXIT_PROBLEM
    items = sorted(loaded.pack.interventions, key=lambda i: (i.primary_pathway.value, i.id))
    if args.pathway:
        items = [i for i in items if args.pathway in i.pathways]
    if args.json:
        payload = {
            "pack_version": loaded.version,
            "sha256": loaded.sha256,
            "interventions": [i.model_dump(mode="json") for i in items],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False), file=ctx.out)
    else:
        print(format_intervention_table(items), file=ctx.out)
    return EXIT_OK


def recommend_for_profile(args: argparse.Namespace, ctx: CliContext) -> int:
    # Imported here: validating a pack needs none of the recommender's models.
    from resettle.evidence import ProfileInvalid, load_profile_json

    recommender = _recommender(args, ctx)
    if recommender is None:
        return EXIT_PROBLEM
    try:
        data = read_input_bytes(args.profile, option="--profile")
        text = decode_text(data, label=f"--profile: {args.profile}")
    except InputRefused as exc:
        print(f"error: {exc}", file=ctx.err)
        return EXIT_PROBLEM
    try:
        profile = load_profile_json(text, known_ids=(i.id for i in recommender.pack.interventions))
    except ProfileInvalid as exc:
        if len(exc.problems) == 1:
            print(f"error: {args.profile} is not a valid profile: {exc.problems[0]}", file=ctx.err)
            return EXIT_PROBLEM
        print(f"error: {args.profile} is not a valid profile:", file=ctx.err)
        for problem in exc.problems:
            print(f"  {problem}", file=ctx.err)
        return EXIT_PROBLEM
    result = recommender.recommend(profile)
    if args.json:
        print(
            json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False), file=ctx.out
        )
    else:
        print(format_result(result), file=ctx.out)
    return EXIT_OK


def _recommender(args: argparse.Namespace, ctx: CliContext) -> Recommender | None:
    """The prepared recommender for ``--pack`` (default: the embedded pack), kept between
    runs in ``ctx.cache_dir``; None, with the problem printed, for a pack that cannot be used."""
    from resettle.evidence.recommender_cache import cached_recommender

    return _from_pack(
        args.pack, ctx, lambda data, source: cached_recommender(data, source, ctx.cache_dir)
    )


def _pack(args: argparse.Namespace, ctx: CliContext) -> LoadedPack | None:
    """The validated ``--pack`` (default: the embedded pack); None, with the problem printed."""
    return _from_pack(args.pack, ctx, _parsed)


def _parsed(data: bytes, source: str) -> LoadedPack:
    return parse_pack_bytes(data, source=source)


def _from_pack(path: Path | None, ctx: CliContext, use: Callable[[bytes, str], _T]) -> _T | None:
    """``use(pack bytes, source)`` for the pack file at ``path`` (None: the embedded pack);
    None, with the problem printed, when the file cannot be read or the pack is invalid."""
    if path is None:
        return use(embedded_pack_bytes(), EMBEDDED_SOURCE)
    try:
        return use(read_input_bytes(path, max_bytes=PACK_FILE_MAX_BYTES), str(path))
    except InputRefused as exc:
        print(f"error: {exc}", file=ctx.err)
    except PackInvalid as exc:
        print(str(exc), file=ctx.err)
    return None
