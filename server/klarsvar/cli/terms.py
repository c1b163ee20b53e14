"""`klarsvar terms import|export`: the team terms as CSV, YAML or JSON."""

from __future__ import annotations

import json
import sys

from .common import EXIT_FINDINGS, EXIT_OK, CliError, read_text as _read_text, resolve_config as _config


TERM_COLUMNS = ("term", "replacement", "language", "note", "kind")


def _terms_format(path: str, given: str | None) -> str:
    """The terms file format: the --format flag, else from the file extension (CSV by default)."""
    if given:
        return given
    lower = path.lower()
    if lower.endswith((".yml", ".yaml")):
        return "yaml"
    if lower.endswith(".json"):
        return "json"
    return "csv"


def _index_from_field(field: str) -> int | None:
    """The entry index in a TermsError field such as `terms[3].term`."""
    import re

    match = re.match(r"terms\[(\d+)\]", field)
    return int(match.group(1)) if match else None


def _read_terms_csv(text: str, path: str) -> tuple[list, list[str]]:
    """Rows of a CSV terms file as dicts, with a 'line N' label for each."""
    import csv
    import io

    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if "term" not in header:
        raise CliError(f"{path}: line 1: the header must name the columns {','.join(TERM_COLUMNS)}")
    unknown = [c for c in header if c not in TERM_COLUMNS]
    if unknown:
        raise CliError(f"{path}: line 1: unknown column {unknown[0]!r} (allowed: {','.join(TERM_COLUMNS)})")
    rows, labels = [], []
    try:
        for row in reader:
            if None in row:
                raise CliError(f"{path}: line {reader.line_num}: more values than columns")
            entry = {k: v for k, v in row.items() if v not in (None, "")}
            if not entry:
                continue  # blank line
            rows.append(entry)
            labels.append(f"line {reader.line_num}")
    except csv.Error as exc:
        raise CliError(f"{path}: line {reader.line_num}: {exc}") from None
    return rows, labels


def _read_terms_yaml(text: str, path: str) -> tuple[object, list[str]]:
    """Entries of a YAML terms file (a list, or {terms: [...]}) with a 'line N' label for each."""
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise CliError(f"{path}: {where}not valid YAML ({getattr(exc, 'problem', None) or 'syntax error'})") \
            from None
    if isinstance(data, dict) and "terms" in data and isinstance(node, yaml.MappingNode):
        data = data["terms"]
        node = next((v for k, v in node.value if k.value == "terms"), None)
    labels = []
    if isinstance(node, yaml.SequenceNode):
        labels = [f"line {item.start_mark.line + 1}" for item in node.value]
    return data, labels


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection); see docs/reliability.md.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_cell(value: str) -> str:
    """A CSV cell that a spreadsheet opens as text: a leading apostrophe before a formula character."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def restore_cell(value: str) -> str:
    """Undo `neutralize_cell` on import, so an exported file imports back unchanged."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def _export(store, fmt: str) -> tuple[str, int]:
    """The stored terms in `fmt`, and how many there are."""
    terms, _ = store.snapshot()  # a broken file is reported (TermsUnreadable), never exported as empty
    entries = terms.to_list()
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=TERM_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for entry in entries:
            writer.writerow({k: "" if entry.get(k) is None else neutralize_cell(str(entry[k])) for k in TERM_COLUMNS})
        return buffer.getvalue(), len(entries)
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), len(entries)
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n", len(entries)


def _read_import(path: str, fmt: str):
    """Parse and validate a terms file into `TeamTerms`; errors name the line where the format has lines."""
    from ..analysis.terms import TermsError, parse_terms

    text = _read_text(path, "terms file")
    labels: list[str] = []
    if fmt == "csv":
        data, labels = _read_terms_csv(text, path)
        data = [{k: restore_cell(v) if isinstance(v, str) else v for k, v in e.items()} for e in data]
    elif fmt == "yaml":
        data, labels = _read_terms_yaml(text, path)
    else:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise CliError(f"{path}: line {getattr(exc, 'lineno', '?')}: not valid JSON") from None
        if isinstance(data, dict) and "terms" in data:
            data = data["terms"]
    try:
        return parse_terms(data)
    except TermsError as exc:
        index = _index_from_field(exc.field)
        if index is not None and index < len(labels):
            field = exc.field.split("]", 1)[1].lstrip(".") or "entry"
            where = f"{labels[index]} (entry {index + 1}), {field}"
        elif index is not None:
            where = f"entry {index + 1}, {exc.field.split(']', 1)[1].lstrip('.') or 'entry'}"
        else:
            where = "the file"
        raise CliError(f"{path}: {where}: {exc.message}") from None


def cmd_terms(args) -> int:
    """Import (merging by default, replacing with --replace) or export the team terms."""
    from ..analysis.terms import TermsError, merge_terms
    from ..terms_store import TermsStore
    from .common import config_directory

    store = TermsStore(config_directory(_config(args)))
    fmt = _terms_format(args.file, args.format)

    if args.action == "export":
        out, count = _export(store, fmt)
        if args.file == "-":
            sys.stdout.write(out)
        else:
            try:
                with open(args.file, "w", encoding="utf-8", newline="") as handle:
                    handle.write(out)
            except OSError as exc:
                raise CliError(f"cannot write {args.file!r}: {exc.strerror}", EXIT_FINDINGS) from None
            print(f"Exported {count} term{'s' if count != 1 else ''} to {args.file}.", file=sys.stderr)
        return EXIT_OK

    incoming = _read_import(args.file, fmt)

    def combine(current):
        """The list to store: the file's terms merged into the stored ones, or only the file's."""
        return (incoming if args.replace else merge_terms(current, incoming)), len(current.terms)

    try:
        stored, _, before = store.update(combine)
    except TermsError as exc:
        raise CliError(f"{args.file}: {exc.message} together with the stored terms; use --replace") from None
    except OSError as exc:
        raise CliError(f"cannot store the terms in {store.directory}: {exc.strerror}", EXIT_FINDINGS) from None
    count, total = len(incoming.terms), len(stored.terms)
    if args.replace:
        backup = f" (the previous {before} are in {store.backup_path})" if before else ""
        print(f"Replaced the team terms with {_plural_terms(count)}{backup}; the server uses them from its "
              "next check.", file=sys.stderr)
    else:
        print(f"Imported {_plural_terms(count)}, now {_plural_terms(total)} in all; the server uses them from "
              "its next check.", file=sys.stderr)
    return EXIT_OK


def _plural_terms(count: int) -> str:
    """`1 term`, `2 terms`."""
    return f"{count} term{'' if count == 1 else 's'}"
