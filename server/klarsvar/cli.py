"""The `klarsvar` command line: serve, check, token, rules, terms, languagetool.

Imports of Flask, waitress and the analysis are deferred into the commands so `klarsvar serve`
answers health quickly and `klarsvar token` is instant.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

EXIT_OK = 0
EXIT_FINDINGS = 1  # `check` found something; other commands: the operation failed
EXIT_USAGE = 2


class CliError(Exception):
    """A problem the user can fix; printed as one line to stderr with exit code 2."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


# --------------------------------------------------------------------------------------------- colour

class Style:
    """ANSI styling that turns itself off when colour is not wanted."""

    CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
             "magenta": "35", "cyan": "36", "underline": "4", "strike": "9"}

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    @staticmethod
    def wanted(stream) -> bool:
        """Colour when the stream is a terminal or FORCE_COLOR is set; NO_COLOR always wins."""
        if os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR"):
            return True
        return hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, text: str, *styles: str) -> str:
        """Wrap `text` in the given styles."""
        if not self.enabled or not styles or not text:
            return text
        codes = ";".join(self.CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


SEVERITY_STYLE = {"error": ("red", "bold"), "warning": ("yellow", "bold"), "suggestion": ("cyan",)}


# ----------------------------------------------------------------------------------------- helpers

def _config(args, **extra) -> dict:
    """Resolve the configuration with this invocation's flags on top."""
    from .config import ConfigError, resolve

    overrides = {"KLARSVAR_CONFIG_DIR": getattr(args, "config_dir", None), **extra}
    try:
        return resolve(overrides)
    except ConfigError as exc:
        raise CliError(f"configuration: {exc}") from None


def _read_text(path: str, what: str) -> str:
    """Read a UTF-8 file (or stdin for '-') keeping line endings exactly as they are."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as handle:
                data = handle.read()
    except OSError as exc:
        raise CliError(f"cannot read {what} {path!r}: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(f"{what} {path!r} is not UTF-8 (bad byte at offset {exc.start})") from None


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a code-point offset."""
    line = text.count("\n", 0, index) + 1
    line_start = text.rfind("\n", 0, index) + 1
    return line, index - line_start + 1


def _display_width(text: str) -> int:
    """How many terminal columns `text` takes (wide East Asian characters and emoji take two)."""
    import unicodedata

    width = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufeff":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _printable(text: str) -> str:
    """Make a line safe for a terminal: tabs to spaces, control characters visible."""
    out = []
    for ch in text:
        if ch == "\t":
            out.append(" ")
        elif ch == "\r":
            continue
        elif ord(ch) < 32 or ord(ch) == 127 or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069:
            out.append("\ufffd")  # control and bidi-override characters would corrupt the terminal line
        else:
            out.append(ch)
    return "".join(out)


EXCERPT_CONTEXT = 30  # characters of context either side of a finding
EXCERPT_SPAN = 60  # longer spans are shown as their start … end


def _excerpt(text: str, start: int, end: int, style: Style) -> list[str]:
    """The finding's line, trimmed around the span, with the span highlighted and a caret underline."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    span_end = min(end, line_end)
    before = _printable(text[line_start:start])
    inside = _printable(text[start:span_end])
    after = _printable(text[span_end:line_end])
    if len(before) > EXCERPT_CONTEXT:
        before = "…" + before[-EXCERPT_CONTEXT:]
    if len(inside) > EXCERPT_SPAN:
        inside = inside[:EXCERPT_SPAN - 20] + "…" + inside[-19:]
    if len(after) > EXCERPT_CONTEXT:
        after = after[:EXCERPT_CONTEXT] + "…"
    line_no = str(_line_col(text, start)[0])
    gutter = " " * len(line_no)
    carets = "^" * max(1, _display_width(inside))
    return [
        f"  {style(line_no, 'dim')} | {before}{style(inside, 'red', 'bold', 'underline')}{after}",
        f"  {gutter} | {' ' * _display_width(before)}{style(carets, 'red')}",
    ]


def _stdout_json(data) -> None:
    """Print JSON (stdout uses backslashreplace, so a lone surrogate prints as a valid \\uXXXX escape)."""
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _write(line: str = "") -> None:
    """Print one line of human output."""
    print(line)


# ------------------------------------------------------------------------------------------- serve

def cmd_serve(args) -> int:
    """Run the server with waitress until interrupted."""
    import logging

    from .security import is_loopback

    if not is_loopback(args.host) and not args.allow_host:
        raise CliError(f"--host {args.host} is not a loopback address: also give --allow-host NAME with "
                       "the name clients use to reach this machine (the token is always required).")
    config = _config(args, KLARSVAR_HOST=args.host, KLARSVAR_PORT=args.port,
                     KLARSVAR_ALLOW_HOSTS=args.allow_host or None, KLARSVAR_LANGUAGETOOL=args.languagetool,
                     KLARSVAR_LANGUAGETOOL_URL=args.languagetool_url, KLARSVAR_BACKGROUND_START=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from waitress import create_server

    from . import __version__
    from .app import create_app

    from .config import ConfigError

    workers = max(1, args.workers)
    if workers > 1 and not hasattr(os, "fork"):
        raise CliError("--workers needs a Unix system; on Windows run one process per port behind a proxy")
    listening = _listen(args.host, args.port) if workers > 1 else None
    children = _fork_workers(workers - 1) if listening is not None else []
    try:
        app = create_app(config)
    except ConfigError as exc:
        raise CliError(f"configuration: {exc}") from None
    try:
        where = {"sockets": [listening]} if listening is not None else {"host": args.host, "port": args.port}
        server = create_server(
            app, threads=args.threads, ident="klarsvar", **where,
            # A hard cap far above the API's own 256 KiB limit, so oversized bodies still get JSON 413s
            # from Flask while nothing huge is buffered.
            max_request_body_size=4 * 1024 * 1024,
            clear_untrusted_proxy_headers=True,
        )
    except OSError as exc:
        app.extensions["klarsvar"].grammar.close()
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    log = logging.getLogger("klarsvar")
    log.info("Klarsvar %s listening on http://%s:%s", __version__,
             args.host if ":" not in args.host else f"[{args.host}]", args.port)
    log.info("Pair the extension with the token that `%s token` prints", _own_command())
    if config["KLARSVAR_ALLOW_HOSTS"]:
        log.warning("Also accepting Host names: %s", ", ".join(config["KLARSVAR_ALLOW_HOSTS"]))
    _exit_on_sigterm()
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()
        app.extensions["klarsvar"].grammar.close()
        _stop_workers(children)
    if children is None:  # a worker process: leave without running the parent's exit handlers twice
        os._exit(0)
    return EXIT_OK


def _listen(host: str, port: int):
    """Bind and listen on host:port once, before forking, so every worker accepts on the same socket."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise CliError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(1024)
    sock.setblocking(False)
    return sock


def _fork_workers(count: int):
    """Fork `count` worker processes; the parent gets their pids, a worker gets None.

    Each process builds its own app (and grammar service) after the fork: Python's threads don't survive
    a fork, and one analysis runs at a time per process because of the interpreter lock — several processes
    are how a team server uses several cores.
    """
    pids = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            return None
        pids.append(pid)
    return pids


def _stop_workers(children) -> None:
    """Stop the worker processes the parent forked."""
    import signal

    for pid in children or []:
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


def _own_command() -> str:
    """How the user started us, for hints (`make serve` runs .venv/bin/klarsvar, which is not on PATH)."""
    import shlex

    program = sys.argv[0] if sys.argv and sys.argv[0] else ""
    if os.path.basename(program) in ("klarsvar", "klarsvar.exe"):
        return shlex.quote(os.path.relpath(program) if os.path.isabs(program) else program)
    return "python -m klarsvar"


def _exit_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit so the grammar service (a LanguageTool child) is closed."""
    import signal

    def stop(signum, frame):
        """Exit through the normal shutdown path."""
        raise SystemExit(0)

    try:
        signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (e.g. a test running serve in a thread)
        pass


# ------------------------------------------------------------------------------------------- check

def _grammar_service(args, config):
    """Start the grammar service for an in-process check, waiting briefly for LanguageTool to be ready."""
    import time

    from .analysis.grammar import create_service
    from .config import grammar_settings

    service = create_service(grammar_settings(config))
    service.start()
    deadline = time.monotonic() + args.grammar_wait
    while time.monotonic() < deadline and _grammar_starting(service.status()):
        time.sleep(0.1)
    return service


def _grammar_starting(status: dict) -> bool:
    """Whether LanguageTool is still starting (worth waiting for), not down or absent (not worth it)."""
    if status.get("ready") or status.get("engine") != "languagetool":
        return False
    if "state" in status:
        return status["state"] == "starting"
    return str(status.get("detail", "")).startswith(("Starting", "Looking", "Connecting"))


def _customer(args) -> tuple[str | None, str | None]:
    """The customer's message and name from --customer FILE (text, or JSON {message, name})."""
    message = name = None
    if args.customer:
        raw = _read_text(args.customer, "customer file")
        if args.customer.endswith(".json"):
            try:
                data = json.loads(raw)
            except ValueError:
                raise CliError(f"customer file {args.customer!r} is not valid JSON") from None
            if not isinstance(data, dict):
                raise CliError(f"customer file {args.customer!r} must hold an object with 'message'/'name'")
            message, name = data.get("message"), data.get("name")
            if not isinstance(message, (str, type(None))) or not isinstance(name, (str, type(None))):
                raise CliError(f"customer file {args.customer!r}: 'message' and 'name' must be strings")
        else:
            message = raw
    if args.customer_name:
        name = args.customer_name
    return message, name


def _word_diff(old: str, new: str, style: Style) -> str:
    """A word-level diff of `old` → `new`: deletions red (or [-…-]), insertions green (or {+…+})."""
    import difflib
    import re

    tokenize = re.compile(r"\s+|\w+|[^\w\s]").findall
    a, b = tokenize(old), tokenize(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(removed)
            continue
        if removed:
            out.append(style(removed, "red", "strike") if style.enabled else f"[-{removed}-]")
        if added:
            out.append(style(added, "green", "bold") if style.enabled else f"{{+{added}+}}")
    return "".join(out)


def _plural(count: int, noun: str) -> str:
    """`1 word`, `2 words`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _print_human(name: str, text: str, analysis, style: Style) -> None:
    """Print findings with line:column and excerpts, then the summaries."""
    for finding in analysis.findings:
        severity = style(finding.severity, *SEVERITY_STYLE.get(finding.severity, ()))
        if finding.start is None:
            where = name
        else:
            line, column = _line_col(text, finding.start)
            where = f"{name}:{line}:{column}"
        _write(f"{style(where, 'bold')}  {severity}  {style(finding.category, 'magenta')}  "
               f"{style(finding.rule, 'dim')}")
        _write(f"  {finding.message}")
        if finding.replacements:
            _write("  " + style("→ ", "green") + " | ".join(style(r, "green") for r in finding.replacements))
        if finding.start is not None:
            for row in _excerpt(text, finding.start, finding.end, style):
                _write(row)
        _write()

    r = analysis.readability or {}
    band = f" ({str(r['band']).replace('_', ' ')})" if r.get("band") else ""
    if analysis.language == "en" and r.get("flesch_reading_ease") is not None:
        score = f"Flesch reading ease {r['flesch_reading_ease']}{band}"
    elif r.get("lix") is not None:
        score = f"LIX {r['lix']}{band}"
    elif r.get("flesch_reading_ease") is not None:
        score = f"Flesch reading ease {r['flesch_reading_ease']}{band}"
    else:
        score = "no score"
    counts = ", ".join(_plural(r[k], label) for k, label in (
        ("words", "word"), ("sentences", "sentence"), ("long_words", "long word"),
        ("long_sentences", "long sentence")) if isinstance(r.get(k), int))
    _write(f"{style('Language:', 'bold')} {analysis.language} ({analysis.language_source})")
    _write(f"{style('Readability:', 'bold')} {score}" + (f" — {counts}" if counts else ""))

    e = analysis.empathy or {}

    def yes_no(value):
        """Show a tri-state flag."""
        return "—" if value is None else ("yes" if value else "no")

    mirrored = ", ".join(e.get("mirrored_words") or []) or "—"
    _write(f"{style('Empathy:', 'bold')} acknowledges the customer: {yes_no(e.get('acknowledges'))} · "
           f"uses their name: {yes_no(e.get('customer_name_used'))} · apologies: {e.get('apologies', 0)} · "
           f"customer's mood: {e.get('customer_emotion') or '—'} · their words mirrored: {mirrored}")
    grammar = analysis.grammar
    _write(f"{style('Grammar:', 'bold')} {grammar.engine}"
           + ("" if grammar.complete else " (incomplete: the engine timed out or is not running)"))
    count = len(analysis.findings)
    summary = "No findings." if count == 0 else f"{_plural(count, 'finding')}."
    _write(style(summary, "bold", "green" if count == 0 else "yellow"))


def _print_rewrite(text: str, analysis, style: Style) -> None:
    """Print the rewrite as a word diff against the original, then what changed and why."""
    rewrite = analysis.rewrite
    if rewrite is None:
        return
    _write()
    _write(style("Rewrite", "bold"))
    if rewrite.get("text") == text:
        _write("  (no changes)")
        return
    _write(_word_diff(text, rewrite.get("text", ""), style))
    for change in rewrite.get("changes", []):
        _write(f"  {style(change.get('rule', ''), 'dim')}: {change.get('text', '')!r} → "
               f"{change.get('replacement', '')!r}")


def cmd_check(args) -> int:
    """Check a reply in-process and print the findings (or the API JSON)."""
    text = _read_text(args.file, "file")
    message, name = _customer(args)
    config = _config(args, KLARSVAR_LANGUAGETOOL="off" if args.no_grammar else args.languagetool,
                     KLARSVAR_LANGUAGETOOL_URL=args.languagetool_url)
    limit = config["KLARSVAR_MAX_TEXT_CHARS"]
    if len(text) > limit or (message and len(message) > limit):
        raise CliError(f"the text is longer than {limit:,} characters; check a shorter part")

    from .analysis.pipeline import CheckRequest, analyze
    from .config import config_dir
    from .terms_store import TermsStore

    request = CheckRequest(text=text, language=args.language, channel=args.channel,
                           customer_message=message, customer_name=name,
                           rewrite=args.rewrite, grammar=not args.no_grammar)
    terms = TermsStore(config_dir(config["KLARSVAR_CONFIG_DIR"])).current()
    service = None if args.no_grammar else _grammar_service(args, config)
    try:
        analysis = analyze(request, terms=terms, grammar_checker=service)
    finally:
        if service is not None:
            service.close()

    if args.json:
        _stdout_json(analysis.to_dict())
    else:
        style = Style(Style.wanted(sys.stdout))
        _print_human("<stdin>" if args.file == "-" else args.file, text, analysis, style)
        if args.rewrite:
            _print_rewrite(text, analysis, style)
    sys.stdout.flush()
    return EXIT_FINDINGS if analysis.findings else EXIT_OK


# ------------------------------------------------------------------------------------------- token

def cmd_token(args) -> int:
    """Print the pairing token (creating it on first use), or rotate it."""
    from .config import config_dir, ensure_dir
    from .token_store import TokenStore

    config = _config(args)
    store = TokenStore(ensure_dir(config_dir(config["KLARSVAR_CONFIG_DIR"])), config.get("KLARSVAR_TOKEN"))
    if args.rotate:
        if store.override:
            raise CliError("KLARSVAR_TOKEN is set, and it overrides the token file: change it there instead")
        print(store.rotate())
        print("New token stored; a running server uses it from its next request. Pair the extension again.",
              file=sys.stderr)
    else:
        print(store.ensure())
    return EXIT_OK


# ------------------------------------------------------------------------------------------- rules

RULE_FIELDS = ("id", "category", "language", "family", "severity", "message", "examples")


def _rule_entry(entry) -> dict:
    """Normalize one entry of `rules.all_rules()` (a dict or an object) to the documented fields."""
    if hasattr(entry, "to_dict"):
        entry = entry.to_dict()
    if isinstance(entry, dict):
        get = entry.get
    else:
        def get(key, default=None):
            """Read an attribute like a dict key."""
            return getattr(entry, key, default)
    examples = get("examples")
    if examples is None:
        examples = get("example_count", 0)
    if isinstance(examples, dict):  # {"bad": n, "good": n, "ok": n}
        count = sum(v if isinstance(v, int) else len(v) for v in examples.values())
    else:
        count = examples if isinstance(examples, int) else len(examples or ())
    return {"id": get("id"), "category": get("category"), "language": get("language"),
            "family": get("family"), "severity": get("severity"), "message": get("message"),
            "examples": count}


def cmd_rules(args) -> int:
    """List every rule (id, category, language, family, severity, message, example count)."""
    try:
        from .analysis import rules
    except ImportError as exc:
        raise CliError(f"the rule engine cannot be loaded ({exc})", EXIT_FINDINGS) from None
    if args.markdown:
        markdown = getattr(rules, "markdown", None)
        if markdown is None:
            raise CliError("this version's rule engine cannot write Markdown yet (no rules.markdown())",
                           EXIT_FINDINGS)
        import inspect

        accepts_language = "language" in inspect.signature(markdown).parameters
        out = markdown(language=args.language) if accepts_language else markdown()
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
        return EXIT_OK
    all_rules = getattr(rules, "all_rules", None)
    if all_rules is None:
        raise CliError("this version's rule engine cannot list its rules yet (no rules.all_rules())",
                       EXIT_FINDINGS)
    entries = [_rule_entry(e) for e in all_rules()]
    if args.language:
        entries = [e for e in entries if e["language"] in (args.language, "any", None)]
    if args.json:
        _stdout_json(entries)
        return EXIT_OK
    style = Style(Style.wanted(sys.stdout))
    for e in entries:
        _write(f"{style(str(e['id']), 'bold')}  {e['language']}  {e['category']}  {e['severity']}  "
               f"({e['examples']} example{'s' if e['examples'] != 1 else ''})")
        _write(f"  {e['message']}")
    _write(f"{len(entries)} rule{'s' if len(entries) != 1 else ''}.")
    return EXIT_OK


# ------------------------------------------------------------------------------------------- terms

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


def cmd_terms(args) -> int:
    """Import or export the team terms."""
    from .analysis.terms import TermsError, parse_terms
    from .config import config_dir, ensure_dir
    from .terms_store import TermsStore

    config = _config(args)
    store = TermsStore(ensure_dir(config_dir(config["KLARSVAR_CONFIG_DIR"])))
    fmt = _terms_format(args.file, args.format)

    if args.action == "export":
        entries = store.current().to_list()
        if fmt == "csv":
            import csv
            import io

            buffer = io.StringIO(newline="")
            writer = csv.DictWriter(buffer, fieldnames=TERM_COLUMNS, lineterminator="\n")
            writer.writeheader()
            for entry in entries:
                writer.writerow({k: "" if entry.get(k) is None else entry[k] for k in TERM_COLUMNS})
            out = buffer.getvalue()
        elif fmt == "yaml":
            import yaml

            out = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False)
        else:
            out = json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
        if args.file == "-":
            sys.stdout.write(out)
        else:
            try:
                with open(args.file, "w", encoding="utf-8", newline="") as handle:
                    handle.write(out)
            except OSError as exc:
                raise CliError(f"cannot write {args.file!r}: {exc.strerror}", EXIT_FINDINGS) from None
            print(f"Exported {len(entries)} term{'s' if len(entries) != 1 else ''} to {args.file}.",
                  file=sys.stderr)
        return EXIT_OK

    text = _read_text(args.file, "terms file")
    labels: list[str] = []
    if fmt == "csv":
        data, labels = _read_terms_csv(text, args.file)
    elif fmt == "yaml":
        data, labels = _read_terms_yaml(text, args.file)
    else:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise CliError(f"{args.file}: line {getattr(exc, 'lineno', '?')}: not valid JSON") from None
        if isinstance(data, dict) and "terms" in data:
            data = data["terms"]
    if args.merge and isinstance(data, list):
        incoming = {((e.get("term") or "").strip().casefold(), e.get("language") or "any")
                    for e in data if isinstance(e, dict)}
        kept = [e for e in store.current().to_list() if (e["term"].casefold(), e["language"]) not in incoming]
        data, labels = kept + data, [f"stored term {i + 1}" for i in range(len(kept))] + labels
    try:
        terms = parse_terms(data)
    except TermsError as exc:
        index = _index_from_field(exc.field)
        if index is not None and index < len(labels):
            field = exc.field.split("]", 1)[1].lstrip(".") or "entry"
            where = f"{labels[index]} (entry {index + 1}), {field}"
        elif index is not None:
            where = f"entry {index + 1}, {exc.field.split(']', 1)[1].lstrip('.') or 'entry'}"
        else:
            where = "the file"
        raise CliError(f"{args.file}: {where}: {exc.message}") from None
    store.save(terms)
    count = len(terms.terms)
    print(f"Imported {count} term{'s' if count != 1 else ''}; the server uses them from its next check.",
          file=sys.stderr)
    return EXIT_OK


# ------------------------------------------------------------------------------------- languagetool

def cmd_languagetool(args) -> int:
    """Install a local LanguageTool or report its status (delegated to the grammar package)."""
    import inspect

    from .analysis import grammar

    name = "install_languagetool" if args.action == "install" else "languagetool_status"
    function = getattr(grammar, name, None)
    if function is None:
        raise CliError(f"this version of Klarsvar has no grammar.{name}(); LanguageTool management is not "
                       "available yet", EXIT_FINDINGS)
    wanted = {"directory": args.dir, "url": getattr(args, "url", None), "version": getattr(args, "lt_version", None)}
    accepted = inspect.signature(function).parameters
    result = function(**{k: v for k, v in wanted.items() if v is not None and k in accepted})
    if args.json or not isinstance(result, dict):
        if isinstance(result, (dict, list)):
            _stdout_json(result)
        elif result is not None:
            print(result)
    else:
        if result.get("error"):
            print(f"Error: {result['error']}", file=sys.stderr)
        if result.get("message"):
            _write(result["message"])
        for key, value in result.items():
            if key not in ("ok", "message", "error") and value not in (None, ""):
                _write(f"  {key.replace('_', ' ')}: {value}")
    if isinstance(result, dict) and result.get("ok") is False:
        return EXIT_FINDINGS
    return EXIT_OK


# ------------------------------------------------------------------------------------------ parser

def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="klarsvar", description="Klarsvar: plain, acknowledging customer-service replies (local server and CLI).")
    parser.add_argument("--version", action="version", version=f"klarsvar {__version__}")
    parser.add_argument("--config-dir", metavar="DIR",
                        help="config dir holding token and team terms (default: the user config dir; "
                             "or $KLARSVAR_CONFIG_DIR)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    grammar_flags = argparse.ArgumentParser(add_help=False)
    grammar_flags.add_argument("--languagetool", choices=("off", "local", "remote", "auto"),
                               help="grammar engine mode (default: $KLARSVAR_LANGUAGETOOL or auto)")
    grammar_flags.add_argument("--languagetool-url", metavar="URL",
                               help="URL of a LanguageTool server for --languagetool remote")

    serve = sub.add_parser("serve", parents=[grammar_flags], help="run the local server (waitress)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8765, help="port (default 8765)")
    serve.add_argument("--allow-host", action="append", metavar="NAME",
                       help="also accept this Host name (repeatable; needed for a non-loopback --host)")
    serve.add_argument("--threads", type=int, default=8, help=argparse.SUPPRESS)
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="worker processes sharing the port, for a team server (default 1; Unix only)")
    serve.set_defaults(handler=cmd_serve)

    check = sub.add_parser("check", parents=[grammar_flags], help="check a reply (FILE or - for stdin)")
    check.add_argument("file", metavar="FILE", help="the reply, UTF-8; '-' reads stdin")
    check.add_argument("--language", choices=("auto", "da", "en"), default="auto")
    check.add_argument("--channel", choices=("email", "chat"), default="email")
    check.add_argument("--customer", metavar="FILE",
                       help="the customer's message (text, or .json with 'message' and 'name')")
    check.add_argument("--customer-name", metavar="NAME", help="the customer's name")
    check.add_argument("--json", action="store_true", help="print exactly the API's JSON response")
    check.add_argument("--rewrite", action="store_true", help="also print the suggested rewrite as a diff")
    check.add_argument("--no-grammar", action="store_true", help="skip grammar and spelling (faster)")
    check.add_argument("--grammar-wait", type=float, default=20.0, help=argparse.SUPPRESS)
    check.set_defaults(handler=cmd_check)

    token = sub.add_parser("token", help="print the pairing token for the extension")
    token.add_argument("--rotate", action="store_true", help="replace the token with a new one")
    token.set_defaults(handler=cmd_token)

    rules = sub.add_parser("rules", help="list every rule")
    rules.add_argument("--language", choices=("da", "en"))
    output = rules.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="as JSON")
    output.add_argument("--markdown", action="store_true", help="as the Markdown of docs/rules.md")
    rules.set_defaults(handler=cmd_rules)

    terms = sub.add_parser("terms", help="import or export the team terms (CSV, YAML or JSON)")
    terms.add_argument("action", choices=("import", "export"))
    terms.add_argument("file", metavar="FILE", help="the file ('-' for stdin/stdout); format from extension")
    terms.add_argument("--format", choices=("csv", "yaml", "json"), help="override the format")
    terms.add_argument("--merge", action="store_true", help="import: keep stored terms not in the file")
    terms.set_defaults(handler=cmd_terms)

    lt = sub.add_parser("languagetool", help="install or inspect a local LanguageTool")
    lt.add_argument("action", choices=("install", "status"))
    lt.add_argument("--dir", metavar="DIR", help="where LanguageTool lives (default: language-tool-python's)")
    lt.add_argument("--url", metavar="URL", help="install: a mirror folder holding LanguageTool-<version>.zip")
    lt.add_argument("--version", dest="lt_version", metavar="VERSION", help="install: LanguageTool version")
    lt.add_argument("--json", action="store_true", help="print the result as JSON")
    lt.set_defaults(handler=cmd_languagetool)
    return parser


def _port(value: str) -> int:
    """argparse type for a TCP port."""
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError("a port is between 1 and 65535")
    return port


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `klarsvar` console script."""
    for stream in (sys.stdout, sys.stderr):
        try:
            # Text may hold characters the terminal's encoding cannot show (or lone surrogates).
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except CliError as exc:
        print(f"klarsvar {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # `klarsvar rules | head`: the reader left; that is not an error.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
