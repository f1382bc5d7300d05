"""Running accord as a child process: errors, progress and Ctrl-C."""

from __future__ import annotations

import signal
import subprocess
import tempfile
import threading
from typing import Callable, Optional, Sequence

from ._binary import find_binary
from ._errors import Interrupted, parse_error

__all__ = ["call"]


def _progress_bar(total: Optional[int], desc: str):
    try:
        from tqdm.auto import tqdm  # type: ignore[import-not-found]
    except ImportError:
        return None
    return tqdm(total=total, desc=desc, unit="run", leave=False)


def call(
    args: Sequence[str],
    *,
    progress: Optional[Callable[[], Optional[int]]] = None,
    total: Optional[int] = None,
    planned: Optional[Callable[[], Optional[int]]] = None,
    desc: str = "accord",
    ok_codes: Sequence[int] = (0,),
) -> subprocess.CompletedProcess:
    """Run ``accord ARGS`` and return its output.

    The child runs in its own session, so a Ctrl-C at the terminal reaches Python only;
    Python then sends the child one SIGINT and waits for it to stop as the CLI does
    (runs in flight committed, files complete), and raises :class:`Interrupted`.

    Parameters
    ----------
    args : sequence of str
        Arguments after the binary.
    progress : callable, optional
        Returns the work done so far (polled twice a second) for a tqdm bar.
    total : int, optional
        The work to do, for the bar.
    planned : callable, optional
        Returns the work to do once it is known (polled until it is).
    desc : str
        The bar's label.
    ok_codes : sequence of int
        Exit statuses that are not errors.

    Returns
    -------
    subprocess.CompletedProcess
        With ``stdout`` and ``stderr`` as text.

    Raises
    ------
    AccordError, ConfigError
        When accord exits with another status.
    Interrupted
        On Ctrl-C, after the child has stopped.
    """
    command = [find_binary(), *[str(a) for a in args]]
    # Files, not pipes: a chatty child cannot block on a full pipe while we poll.
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True, start_new_session=True)
        bar = _progress_bar(total, desc) if progress is not None else None
        stop = threading.Event()
        try:
            while True:
                try:
                    child.wait(timeout=0.5)
                    break
                except subprocess.TimeoutExpired:
                    if bar is not None and progress is not None:
                        done = progress()
                        if bar.total is None and planned is not None:
                            bar.total = planned()
                        if done is not None:
                            bar.n = done
                            bar.refresh()
        except KeyboardInterrupt:
            child.send_signal(signal.SIGINT)
            try:
                child.wait()
            except KeyboardInterrupt:
                child.kill()
                child.wait()
            raise Interrupted(child.returncode) from None
        finally:
            stop.set()
            if bar is not None:
                if progress is not None:
                    done = progress()
                    if done is not None:
                        bar.n = done
                bar.close()
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode not in ok_codes:
        raise parse_error(stderr, child.returncode, command)
    return subprocess.CompletedProcess(command, child.returncode, stdout, stderr)
