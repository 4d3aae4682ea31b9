"""Reading and validating evidence pack files.

``parse_pack_bytes`` is the one place a pack becomes a model: the embedded pack, a file
an administrator imports and pack bytes the services layer stored all go through it, so
they get the same checks and the same sha256.
Annotations are evaluated as the module loads (no ``from __future__ import annotations``):
Pydantic would otherwise compile every annotation string while it builds the models,
which the command line pays for at start-up (docs/performance.md).
"""

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from resettle.domain.input_files import InputRefused, check_size, decode_text, parse_json
from resettle.domain.limits import PACK_FILE_MAX_BYTES
from resettle.evidence.integrity import check_integrity
from resettle.evidence.problems import PackInvalid, PackProblem, problems_from_validation_error
from resettle.evidence.schema import SCHEMA_VERSION, ChangelogEntry, EvidencePack
from resettle.evidence.semver import parse_version

EMBEDDED_PACK_RESOURCE = "data/pack.json"
EMBEDDED_SOURCE = "embedded:resettle/evidence/data/pack.json"


class PackMetadata(BaseModel):
    """What the app shows about the pack in use."""

    # Built on first use: the short-lived commands that never show metadata skip the cost.
    model_config = ConfigDict(frozen=True, defer_build=True)

    title: str
    schema_version: int
    pack_version: str
    release_date: dt.date
    changelog: tuple[ChangelogEntry, ...]
    sha256: str
    source: str
    intervention_count: int
    evidence_record_count: int
    unverified_record_count: int


@dataclass(frozen=True)
class LoadedPack:
    """A validated pack with the exact bytes it came from (so they can be stored)."""

    pack: EvidencePack
    sha256: str
    source: str
    raw: bytes

    @property
    def version(self) -> str:
        return self.pack.pack_version

    @property
    def metadata(self) -> PackMetadata:
        records = self.pack.all_evidence()
        return PackMetadata(
            title=self.pack.title,
            schema_version=self.pack.schema_version,
            pack_version=self.pack.pack_version,
            release_date=self.pack.release_date,
            changelog=tuple(self.pack.changelog),
            sha256=self.sha256,
            source=self.source,
            intervention_count=len(self.pack.interventions),
            evidence_record_count=len(records),
            unverified_record_count=sum(
                1 for r in records if r.verification.status == "unverified"
            ),
        )


def parse_pack_bytes(data: bytes, source: str = "<bytes>") -> LoadedPack:
    """Validate pack bytes; raise ``PackInvalid`` listing every problem found."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        check_size(data, label=source, max_bytes=PACK_FILE_MAX_BYTES)
        decoded = parse_json(decode_text(data, label=source), label=source)
    except InputRefused as refused:
        raise PackInvalid([_file_problem(refused)], source) from None
    version_problem = _schema_version_problem(decoded)
    if version_problem is not None:
        # A different schema version means the rest cannot be read as this schema.
        raise PackInvalid([version_problem], source)
    problems: list[PackProblem] = []
    pack: EvidencePack | None = None
    try:
        pack = EvidencePack.model_validate(decoded)
    except ValidationError as exc:
        problems.extend(problems_from_validation_error(exc))
    problems.extend(check_integrity(decoded))
    if problems or pack is None:
        raise PackInvalid(list(dict.fromkeys(problems)), source)
    return LoadedPack(pack=pack, sha256=digest, source=source, raw=data)


def load_pack_file(path: Path | str) -> LoadedPack:
    """Read and validate a pack file (``OSError`` if it cannot be read)."""
    file = Path(path)
    return parse_pack_bytes(file.read_bytes(), source=str(file))


@functools.cache
def load_embedded_pack() -> LoadedPack:
    """The pack shipped inside the package (read once per process)."""
    return parse_pack_bytes(embedded_pack_bytes(), source=EMBEDDED_SOURCE)


def embedded_pack_bytes() -> bytes:
    """The bytes of the pack shipped inside the package, unchecked."""
    return resources.files("resettle.evidence").joinpath(EMBEDDED_PACK_RESOURCE).read_bytes()


def load_pack_with_fallback(
    candidate: Path | str | bytes | None,
    fallback: LoadedPack | None = None,
    *,
    prefer_newer: bool = True,
) -> tuple[LoadedPack, list[PackProblem]]:
    """Load ``candidate`` (a path or stored bytes); on any problem keep ``fallback``.

    Returns the pack to use and the problems that made the app fall back (empty when the
    candidate is used). ``fallback`` defaults to the embedded pack. With ``prefer_newer``
    a candidate older than the fallback is not used either (e.g. an imported pack after an
    app upgrade shipped a newer embedded pack), and that is reported as a problem too.
    """
    base = fallback if fallback is not None else load_embedded_pack()
    if candidate is None:
        return base, []
    try:
        if isinstance(candidate, bytes):
            loaded = parse_pack_bytes(candidate, source="stored pack")
        else:
            loaded = load_pack_file(candidate)
    except PackInvalid as exc:
        return base, exc.problems
    except OSError as exc:
        return base, [PackProblem(str(candidate), "unreadable", f"cannot read: {exc.strerror}")]
    if prefer_newer and parse_version(loaded.version) < parse_version(base.version):
        problem = PackProblem(
            "pack_version",
            "superseded",
            f"pack {loaded.version} is older than {base.source} {base.version}; using that",
        )
        return base, [problem]
    return loaded, []


def _file_problem(refused: InputRefused) -> PackProblem:
    """A file that cannot be read as JSON at all, as the pack's one problem."""
    code = refused.kind if refused.kind in ("too_large", "too_deep") else "invalid_json"
    message = refused.reason.removeprefix("is ")
    if refused.kind == "not_json":  # the words packs have always used
        message = "invalid JSON" + message.removeprefix("not valid JSON")
    return PackProblem(refused.where or "(file)", code, message)


def _schema_version_problem(decoded: object) -> PackProblem | None:
    if not isinstance(decoded, dict):
        return PackProblem("(pack)", "invalid_value", "a pack must be a JSON object")
    if "schema_version" not in decoded:
        return None  # reported as a missing field with the others
    found = decoded["schema_version"]
    if found != SCHEMA_VERSION or isinstance(found, bool):
        added = _ADDED_SINCE.get(found) if isinstance(found, int) else None
        return PackProblem(
            "schema_version",
            "unsupported_schema_version",
            f"schema version {found!r} is not supported (this app reads {SCHEMA_VERSION})"
            + (f": {added}" if added else ""),
        )
    return None


#: What a pack of an older schema version lacks, said when one is refused.
_ADDED_SINCE = {
    1: "schema 2 gives every intervention a plain_title and a plain_sentence, the words the "
    "person's copy of a plan prints in place of its name",
}
