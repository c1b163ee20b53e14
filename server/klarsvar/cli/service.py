"""`klarsvar service install|uninstall|status`: run `klarsvar serve` at login (delegated to klarsvar.service)."""

from __future__ import annotations

import os
import sys

from .common import EXIT_FINDINGS, EXIT_OK, write


def cmd_service(args) -> int:
    """Install, remove or report the per-user service."""
    from .. import service

    # The service must use the same config dir as this command, wherever that came from.
    config_dir = args.config_dir or os.environ.get("KLARSVAR_CONFIG_DIR")
    if args.action == "install":
        command = service.serve_command(os.path.abspath(config_dir) if config_dir else None, args.port)
        platform = service.current_platform()
        if args.print_only:
            sys.stdout.buffer.write(platform.file_content(command))
            return EXIT_OK
        result = service.install(command, platform)
        write(f"Wrote {result['path']} ({result['kind']}).")
        if result["registered"]:
            write("Registered: Klarsvar now starts at login and restarts if it fails.")
            return EXIT_OK
        for problem in result["problems"]:
            print(f"klarsvar service: {problem}", file=sys.stderr)
        print("klarsvar service: the file is written but could not be registered; in your desktop session run "
              "the manager's enable step (docs/deploy.md, 'Autostart').", file=sys.stderr)
        return EXIT_FINDINGS
    if args.action == "uninstall":
        result = service.uninstall()
        write(f"Removed {result['path']}." if result["removed"] else "No Klarsvar service was installed.")
        return EXIT_OK
    result = service.status()
    if not result["installed"]:
        write(f"Not installed ({result['kind']}; would live at {result['path']}).")
        return EXIT_FINDINGS
    state = "running" if result["running"] else "not running"
    write(f"Installed at {result['path']} ({result['kind']}), {state}" +
          (f": {result['manager']}" if result["manager"] else "."))
    return EXIT_OK
