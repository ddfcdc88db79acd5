"""ESEF filing profiles: what the European Single Electronic Format asks of a filing, by year.

A profile changes how a filing is identified (its LEI), what its extension taxonomy imports and
declares, and how it is delivered (a report package); ``render`` asks it where ESEF differs from
a plain filing. The rules come from the ESEF Reporting Manual as Arelle's ``validate/ESEF``
plugin checks them; ``validate.validate_esef`` runs that plugin on what we write.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from xbrl_gen.errors import InputError, TaxonomyError
from xbrl_gen.model import Filing

LEI_SCHEME = "http://standards.iso.org/iso/17442"
_LEI = re.compile(r"[0-9A-Z]{18}[0-9]{2}")
CALC_2003 = "http://www.xbrl.org/2003/arcrole/summation-item"
CALC_11 = "https://xbrl.org/2023/arcrole/summation-item"
TR4 = "http://www.xbrl.org/inlineXBRL/transformation/2020-02-12"
TR5 = "http://www.xbrl.org/inlineXBRL/transformation/2022-02-16"
DTR_TYPES_2020 = ("http://www.xbrl.org/dtr/type/2020-01-21", "https://www.xbrl.org/dtr/type/2020-01-21/types.xsd")
DTR_TYPES_2022 = ("http://www.xbrl.org/dtr/type/2022-03-31", "https://www.xbrl.org/dtr/type/2022-03-31/types.xsd")
ESEF_PREFIX = "esef_cor"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries carry no build time: same filing, same bytes

# The mandatory markups of RTS Annex II paragraph 2 that a statements file's ``entity:`` section
# gives (key -> ifrs-full concept); the entity's name is its ``name``.
MARKUPS = {
    "name": "NameOfReportingEntityOrOtherMeansOfIdentification",
    "name-change": "ExplanationOfChangeInNameOfReportingEntityOrOtherMeansOfIdentificationFromEndOfPrecedingReportingPeriod",
    "domicile": "DomicileOfEntity",
    "legal-form": "LegalFormOfEntity",
    "country-of-incorporation": "CountryOfIncorporation",
    "registered-office": "AddressOfRegisteredOfficeOfEntity",
    "principal-place-of-business": "PrincipalPlaceOfBusiness",
    "nature-of-operations": "DescriptionOfNatureOfEntitysOperationsAndPrincipalActivities",
    "parent": "NameOfParentEntity",
    "ultimate-parent": "NameOfUltimateParentOfGroup",
}
DETAIL_KEYS = tuple(k for k in MARKUPS if k != "name")


@dataclass(frozen=True)
class EsefTaxonomy:
    """One version of ESMA's ESEF taxonomy: the IFRS taxonomy it goes with and what changed
    between versions (calculation arcrole, DTR types)."""

    esef_date: str
    ifrs_date: str
    esma: str  # "https://www.esma.europa.eu" (2022 on) or "http://..." (2021)
    calc_arcrole: str = CALC_2003
    dtr_types: tuple[str, str] = DTR_TYPES_2020

    @property
    def entry_point(self) -> str:
        return f"{self.esma}/taxonomy/{self.esef_date}/esef_cor.xsd"

    @property
    def esef_namespace(self) -> str:
        return f"{self.esma}/taxonomy/{self.esef_date}/esef_cor"

    @property
    def line_items_role(self) -> str:
        """The ELR of ESMA's hypercube for line items not dimensionally qualified."""
        return f"{self.esma}/xbrl/role/cor/esef_role-999999"

    @property
    def defaults_role(self) -> str:
        """The ELR every dimension default must be declared in."""
        return f"{self.esma}/xbrl/role/cor/ifrs-dim_role-990000"

    def ifrs_schema_url(self, url: str) -> str:
        """The IFRS core schema by the URL ESMA's taxonomy of the year uses (``http://`` in
        2021): by any other, Arelle would load the IFRS taxonomy twice."""
        scheme = self.esma.split(":", 1)[0]
        return scheme + ":" + url.split(":", 1)[1]

    @property
    def package_member(self) -> str:
        """The entry point's path inside ESMA's taxonomy package."""
        return f"www.esma.europa.eu/taxonomy/{self.esef_date}/esef_cor.xsd"


TAXONOMIES = {
    t.esef_date: t
    for t in (
        EsefTaxonomy("2021-03-24", "2021-03-24", "http://www.esma.europa.eu"),
        EsefTaxonomy("2022-03-24", "2022-03-24", "https://www.esma.europa.eu"),
        # Calculations 1.1 (only, Reporting Manual 3.4.1) and the 2022 DTR types from the 2024 taxonomy on
        EsefTaxonomy("2024-03-27", "2024-03-27", "https://www.esma.europa.eu", CALC_11, DTR_TYPES_2022),
        EsefTaxonomy("2025-03-27", "2025-03-27", "https://www.esma.europa.eu", CALC_11, DTR_TYPES_2022),
    )
}


@dataclass(frozen=True)
class Profile:
    """One year's ESEF rules (the Reporting Manual of that year, Arelle's disclosure system of
    that name): the ESEF taxonomies they accept, newest first, and how the report is delivered.
    ``taxonomy`` is the one the filing is built on (``on_packages`` picks it)."""

    name: str  # also Arelle's disclosure system
    accepts: tuple[EsefTaxonomy, ...]
    ixt_namespace: str = TR4
    report_packages_1: bool = False  # Report Packages 1.0: META-INF/reportPackage.json, ".xbri"
    numbered_report: bool = False  # the report's file name carries its version: {base}-{date}-1-{lang}.xhtml
    chosen: EsefTaxonomy | None = None

    @property
    def taxonomy(self) -> EsefTaxonomy:
        return self.chosen or self.accepts[0]

    @property
    def suffix(self) -> str:
        """The package's file extension: Report Packages 1.0 ties ``.xbri`` to its document type."""
        return ".xbri" if self.report_packages_1 else ".zip"


PROFILES = {
    p.name: p
    for p in (
        Profile("esef-2021", (TAXONOMIES["2021-03-24"],)),
        Profile("esef-2022", (TAXONOMIES["2022-03-24"], TAXONOMIES["2021-03-24"])),
        # The 2024 rules take the 2022 taxonomy too (FY 2024 reports) and Report Packages 1.0 (.xbri).
        Profile("esef-2024", (TAXONOMIES["2024-03-27"], TAXONOMIES["2022-03-24"]), TR4, True),
        # The 2025 rules want Transformation Registry 5 and the 2024 or 2025 taxonomy.
        # and name the report {base}-{date}-{version}-{lang}.xhtml (Arelle: ESEF.2.6.3...ReportFile).
        Profile("esef-2025", (TAXONOMIES["2025-03-27"], TAXONOMIES["2024-03-27"]), TR5, True, True),
    )
}


def profile(name: str) -> Profile:
    try:
        return PROFILES[name]
    except KeyError:
        raise InputError(f"unknown profile {name!r}; expected one of {', '.join(PROFILES)}") from None


def lei_problem(lei: str) -> str | None:
    """Why ``lei`` is not an ISO 17442 LEI (20 characters, ISO 7064 MOD 97-10 check digits), or None."""
    if not _LEI.fullmatch(lei):
        return f"expected an LEI of 18 digits or capital letters and 2 check digits, got {lei!r}"
    if _mod97(lei) != 1:
        return f"the check digits of LEI {lei!r} do not match (ISO 17442, ISO 7064 MOD 97-10)"
    return None


def lei_check_digits(base: str) -> str:
    """The two check digits that make ``base`` (18 characters) an LEI."""
    return f"{98 - _mod97(base + '00'):02d}"


def _mod97(text: str) -> int:
    """ISO 7064 MOD 97-10 of ``text``, letters read as 10 (A) to 35 (Z)."""
    return int("".join(str(int(c, 36)) for c in text)) % 97


def esef_filing(filing: Filing, chosen: Profile, lei: str | None = None) -> Filing:
    """``filing`` identified by its LEI (``lei`` given on the command line wins over the
    statements file's ``entity.lei``); every mandatory markup must be there."""
    where = filing.source or "statements"
    if lei is not None and (problem := lei_problem(lei)):
        raise InputError(f"--lei: {problem}")
    lei = lei or filing.entity.lei
    if lei is None:
        raise InputError(f"entity: {chosen.name} identifies the entity by its LEI: add entity.lei or give --lei", where)
    missing = [k for k in DETAIL_KEYS if not dict(filing.entity.details).get(k)]
    if missing:
        raise InputError(
            f"entity: {chosen.name} needs the mandatory markups of ESEF RTS Annex II; missing: {', '.join(missing)}"
            " (see docs/statements-format.md)",
            where,
        )
    entity = dataclasses.replace(filing.entity, identifier=lei, scheme=LEI_SCHEME, lei=lei)
    return dataclasses.replace(filing, entity=entity)


def on_packages(chosen: Profile, packages: list[Path]) -> Profile:
    """``chosen`` on the newest ESEF taxonomy it accepts whose ESMA package is given."""
    for taxonomy in chosen.accepts:
        if any(_holds(path, taxonomy.package_member) for path in packages):
            return dataclasses.replace(chosen, chosen=taxonomy)
    dates = " or ".join(t.esef_date for t in chosen.accepts)
    raise TaxonomyError(
        f"{chosen.name} needs ESMA's ESEF taxonomy package of {dates} (esef_cor.xsd): give it with --taxonomy-package"
    )


def _holds(path: Path, member: str) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return any(n.endswith("/" + member) for n in zf.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def check_ifrs(chosen: Profile, ifrs_schema_url: str) -> None:
    """The IFRS taxonomy must be the one ESMA's goes with: a mismatch would load two IFRS taxonomies."""
    taxonomy = chosen.taxonomy
    if taxonomy.ifrs_date not in ifrs_schema_url:
        raise TaxonomyError(
            f"{chosen.name} on the ESEF taxonomy {taxonomy.esef_date} goes with the IFRS taxonomy "
            f"{taxonomy.ifrs_date}, but the package given is {ifrs_schema_url}"
        )


# --- the report package ------------------------------------------------------------------------


def package_name(filing: Filing) -> str:
    """``{LEI}-{period end}-{language}``: the package's file name and its top folder."""
    return f"{filing.entity.identifier}-{filing.period.end.isoformat()}-{filing.language}"


def report_name(filing: Filing, chosen: Profile) -> str:
    """The report's file name: the package's, or with the 2025 rules its first version
    (``{LEI}-{period end}-1-{language}.xhtml``)."""
    version = "-1" if chosen.numbered_report else ""
    return f"{filing.entity.identifier}-{filing.period.end.isoformat()}{version}-{filing.language}.xhtml"


def taxonomy_folder(filing: Filing) -> PurePosixPath:
    """Where the extension taxonomy lives in the package: its namespace's host and path, which is
    also the URL it is published under (``http://www.iij.ad.jp/xbrl/2020-06-30`` ->
    ``www.iij.ad.jp/xbrl/2020-06-30``)."""
    parts = urlsplit(filing.extension.namespace)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.port or parts.query or parts.fragment:
        raise InputError(
            "extension.namespace: a report package places the extension taxonomy under its namespace, "
            f"which must be an http(s) URL of a host and path, got {filing.extension.namespace!r}",
            filing.source,
        )
    return PurePosixPath(parts.hostname, *[p for p in parts.path.split("/") if p])


def taxonomy_url(filing: Filing) -> str:
    """The URL the extension schema's folder is published under (what the catalog rewrites)."""
    return filing.extension.namespace.rstrip("/") + "/"


def report_package(
    filing: Filing, chosen: Profile, name: str, taxonomy: dict[str, str], report: str
) -> tuple[str, bytes]:
    """The ESEF report package: file name and zip bytes. One top folder named like the package
    holding ``META-INF/`` (taxonomy package manifest and catalog, and for Report Packages 1.0
    ``reportPackage.json``), the extension taxonomy under its URL's host and path, and the
    Inline XBRL report in ``reports/``. Entries are written in a fixed order with a fixed time,
    so the same filing gives the same bytes."""
    from xbrl_gen.convert.package import DOCUMENT_TYPES, package_json
    from xbrl_gen.templating import environment

    top = PurePosixPath(package_name(filing))
    folder = taxonomy_folder(filing)
    context = {
        "filing": filing,
        "name": name,
        "base_url": taxonomy_url(filing),
        "folder": folder,
        "schema": f"{name}.xsd",
    }
    env = environment()
    members = {
        top / "META-INF" / "taxonomyPackage.xml": env.get_template("taxonomy_package.xml.j2").render(context),
        top / "META-INF" / "catalog.xml": env.get_template("catalog.xml.j2").render(context),
        **(
            {top / "META-INF" / "reportPackage.json": package_json(DOCUMENT_TYPES[".xbri"]).decode()}
            if chosen.report_packages_1
            else {}
        ),
        **{top / folder / file: content for file, content in taxonomy.items()},
        top / "reports" / report_name(filing, chosen): report,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, content in members.items():
            info = zipfile.ZipInfo(path.as_posix(), date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, content.encode("utf-8"))
    return f"{top}{chosen.suffix}", buffer.getvalue()


def schema_href(filing: Filing, name: str) -> str:
    """The report's reference to the extension schema, from ``reports/`` to the taxonomy folder."""
    return f"../{taxonomy_folder(filing)}/{name}.xsd"
