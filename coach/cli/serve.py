"""`coach serve`: the app in a browser, behind a token, until Ctrl+C.

Why segno for the QR code: it is pure Python with no dependencies, follows ISO 18004, and draws
the compact half-block form straight to a terminal (a 70-character link is 19 rows), so a phone
can scan the link instead of typing a 43-character token.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import signal
from pathlib import Path

import click

from coach.cli.context import CLIContext
from coach.cli.main import CoachCLIError


@click.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="The port to listen on (0: any free one).",
)
@click.option(
    "--lan",
    is_flag=True,
    help="Also listen on this machine's address on your local network, for a phone or tablet "
    "on the same Wi-Fi (the connection is not encrypted: only on a network you trust).",
)
@click.option(
    "--token",
    metavar="TOKEN",
    help="Use this token instead of a new one each run (16 to 128 letters, digits, - or _).",
)
@click.pass_obj
def serve(context: CLIContext, port: int, lan: bool, token: str | None) -> None:
    """Serve coach to a browser (a phone or tablet beside you) until Ctrl+C.

    Each browser tab runs its own coach on the same database as the terminal app. Every
    request needs the token in the printed link; without --lan only this machine can connect.
    """
    from coach.serve import listen_hosts, new_token, token_problem

    if token is not None and (problem := token_problem(token)):
        raise CoachCLIError(f"--token: {problem}")
    context.open_store().close()  # a file coach cannot use is refused here, not in the browser
    hosts = listen_hosts(lan)
    if hosts is None:
        raise CoachCLIError("--lan: this machine has no address on a local network")
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how it is meant to stop
        asyncio.run(_serve(context.db_path, token or new_token(), hosts, port))
    click.echo("Stopped: the link no longer works.")


async def _serve(db: Path, token: str, hosts: list[str], port: int) -> None:
    from coach.serve import TokenServer, app_command, start

    try:
        runner, port = await start(TokenServer(app_command(db), token), hosts, port)
    except OSError as error:
        raise CoachCLIError(f"cannot listen on port {port}: {error.strerror}") from error
    stopped = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set)
    try:
        click.echo(_banner(hosts, port, token, db))
        await stopped.wait()
    finally:
        await runner.cleanup()  # each browser's coach is told to quit, and waited for


def _banner(hosts: list[str], port: int, token: str, db: Path) -> str:
    import segno

    from coach.serve import LOOPBACK, url

    links = [url(host, port, token) for host in hosts]
    width = max(map(len, links))
    rows = [
        f"  {link:<{width}}  ({'this machine' if host == LOOPBACK else 'your local network'})"
        for host, link in zip(hosts, links, strict=True)
    ]
    qr = io.StringIO()
    segno.make(links[0], error="l").terminal(out=qr, compact=True, border=2)
    if len(hosts) > 1:
        who = (
            "Who can reach it: any device on your local network that has the link. The "
            "connection is not encrypted: use --lan only on a network you trust."
        )
    else:
        who = "Who can reach it: only this machine, and only with the link (add --lan for a phone)."
    return "\n".join(
        [
            "coach is served. Open this link in a browser, or scan the code:",
            "",
            *rows,
            "",
            qr.getvalue().rstrip("\n"),
            "",
            who,
            "Without the token a request gets 403 Forbidden; the token is new each run "
            "(unless --token).",
            f"Each browser tab runs its own coach on {db.resolve()}.",
            "Stop it with Ctrl+C.",
        ]
    )
