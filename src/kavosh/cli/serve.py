"""``kavosh serve``: the web page and the HTTP API on uvicorn, over the embedded index.

FastAPI, uvicorn and Jinja2 are imported only when the command runs, so the rest of the
CLI works without them.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys

from .common import index_opt, reading_path
from .errors import EXIT_OK, UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def add_parser(sub) -> None:
    """Add the ``serve`` subcommand to the ``kavosh`` parser's subparsers ``sub``."""
    sp = sub.add_parser("serve", help="serve the search page and the HTTP API",
                        description="Serve the Persian search page (/) and the HTTP API (/api, docs at /docs) "
                                    "over the index. Commits made by a separate `kavosh index` run are picked "
                                    "up within a second.")
    index_opt(sp)
    sp.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    sp.add_argument("--port", type=int, default=DEFAULT_PORT,
                    help=f"port (default {DEFAULT_PORT}; 0 picks a free one and prints it)")
    sp.add_argument("--token", default=None,
                    help="enable the write endpoints, protected by this bearer token "
                         "(default $KAVOSH_TOKEN; without one they answer 403)")
    sp.add_argument("--workers", type=int, default=1,
                    help="server processes (default 1; searches are CPU-bound, so up to the number of cores)")
    sp.add_argument("--max-body-mb", type=float, default=10.0,
                    help="largest request body in MiB (default 10); larger ones get 413")
    sp.add_argument("--create", action="store_true", help="create an empty index if there is none")
    sp.add_argument("--access-log", action="store_true",
                    help="log every request on standard error (client, method, path, status)")
    sp.add_argument("--cluster", metavar="ADDRESS", default=None,
                    help="search a sharded index with shard actors on a Ray cluster: 'auto' (the cluster "
                         "started on this machine with `ray start`), HOST:PORT of its head, ray://HOST:PORT, or "
                         "'local' (start one here); needs pip install 'kavosh[cluster]' (docs/scale-out.md)")
    sp.add_argument("--shard-timeout", type=float, default=10.0, metavar="S",
                    help="with --cluster: seconds a search waits for the shards; results name the ones "
                         "missing then (default 10)")
    sp.add_argument("--replicas", type=int, default=1, metavar="R",
                    help="with --cluster: shard actors per shard, placed on R different nodes (the cluster needs "
                         "that many); queries are spread over them and a slow or lost replica is replaced by "
                         "another within --failover seconds (default 1: no replicas)")
    sp.add_argument("--failover", type=float, default=1.0, metavar="S",
                    help="with --cluster --replicas: seconds a replica may take before its shard is asked on "
                         "another replica (default 1)")
    sp.set_defaults(func=run)


def _cluster_index(args: argparse.Namespace):
    """The :class:`kavosh.cluster.serving.ClusterIndex` of ``--cluster``, or ``None``; :class:`UserError`
    for a user mistake (no Ray, no cluster, an index that is not sharded, several workers)."""
    if args.cluster is None:
        if args.replicas != 1 or args.failover != 1.0 or args.shard_timeout != 10.0:
            raise UserError("--replicas, --failover and --shard-timeout apply to a cluster: add --cluster ADDRESS")
        return None
    if args.workers != 1:
        raise UserError("--cluster serves from one process (the shards do the work): drop --workers")
    if not args.shard_timeout > 0:
        raise UserError(f"--shard-timeout must be above 0, got {args.shard_timeout}")
    if args.replicas < 1:
        raise UserError(f"--replicas must be at least 1, got {args.replicas}")
    if not args.failover > 0:
        raise UserError(f"--failover must be above 0, got {args.failover}")
    from ..index.store import IndexError_

    try:
        from ..cluster.serving import ClusterError, ClusterIndex
    except ImportError as e:  # pragma: no cover - the module itself imports nothing optional
        raise UserError(str(e)) from e
    try:
        return ClusterIndex(args.index, address=args.cluster, timeout=args.shard_timeout, replicas=args.replicas,
                            failover=args.failover)
    except (ClusterError, IndexError_) as e:
        raise UserError(str(e)) from e


def _listen(host: str, port: int, reuse_port: bool = False) -> socket.socket:
    """Bind and listen, or raise :class:`UserError` (port taken, bad address).  ``reuse_port``: with
    ``SO_REUSEPORT``, so that several listening sockets (one a worker) share the port and the kernel spreads
    new connections over them (Linux allows it only to sockets of the same user)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        raise UserError(f"cannot listen on {host!r}: {e.strerror}") from e
    family, kind, proto, _, addr = infos[0]
    # proto must be IPPROTO_TCP (not 0): asyncio only sets TCP_NODELAY on accepted sockets of a TCP listener,
    # and without it every keep-alive answer waits ~40 ms for a delayed ACK (Nagle).
    sock = socket.socket(family, kind, proto or socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # inherited by accepted sockets (Linux)
    try:
        sock.bind(addr)
        sock.listen(2048)
    except OSError as e:
        sock.close()
        hint = "; choose another --port" if e.errno == errno.EADDRINUSE else ""
        raise UserError(f"cannot listen on {host}:{port}: {e.strerror}{hint}") from e
    sock.set_inheritable(True)
    return sock


def _one_socket_each():
    """uvicorn's worker supervisor with one listening socket a worker (:func:`_listen` ``reuse_port``).

    With one socket shared by every worker, the first worker to wake accepts a whole burst of new
    connections (asyncio's accept loop takes up to its backlog at once), and keep-alive clients then stay on
    it: under 50 connections opened together, one of two workers served them all (1.0 core of 2, 274–294
    requests/s; docs/benchmarks.md "On a quiet machine").  With a socket each, the kernel hashes
    connections over the workers (578 requests/s, 1.94 cores).  A worker uvicorn starts again later (after
    a crash or SIGHUP) listens on every socket, so none is left without a worker."""
    from uvicorn.supervisors.multiprocess import Multiprocess, Process

    class OneSocketEach(Multiprocess):
        def init_processes(self) -> None:
            for one in self.sockets:
                process = Process(self.config, [one])
                process.start()
                self.processes.append(process)

    return OneSocketEach


def _log_config() -> dict:
    """uvicorn's logging set-up with its own messages at WARNING and the access log (when
    ``--access-log`` turns it on) at INFO, both on standard error.

    (uvicorn's ``log_level`` sets the access logger too, so ``log_level="warning"`` would
    silence ``--access-log``: the levels are given here instead.)"""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["handlers"]["access"]["stream"] = "ext://sys.stderr"
    config["loggers"]["uvicorn"]["level"] = "WARNING"
    config["loggers"]["uvicorn.error"]["level"] = "WARNING"
    config["loggers"]["uvicorn.access"]["level"] = "INFO"
    return config


def run(args: argparse.Namespace) -> int:
    """Run the server until interrupted; user mistakes raise :class:`UserError`."""
    from ..index.store import IndexError_

    try:
        import uvicorn

        from ..api.app import ENV_INDEX, ENV_MAX_BODY, ENV_RELOAD, ENV_TOKEN, app_from_env, create_app
        from ..api.protocol import uvicorn_options
        from ..api.service import IndexService
    except ImportError as e:
        raise UserError(f"`kavosh serve` needs FastAPI, uvicorn and Jinja2 ({e.name} is missing): "
                        "pip install 'kavosh[serve]' or pip install fastapi uvicorn jinja2") from e

    token = args.token if args.token is not None else os.environ.get("KAVOSH_TOKEN")
    if token is not None and not token.strip():
        raise UserError("the token is empty; give a non-empty --token or KAVOSH_TOKEN, or neither")
    if token is not None and not (token.isascii() and token.isprintable() and " " not in token):
        raise UserError("the token must be printable ASCII without spaces (it travels in an HTTP header)")
    if args.workers < 1:
        raise UserError(f"--workers must be at least 1, got {args.workers}")
    if not 0 <= args.port <= 65535:
        raise UserError(f"--port must be between 0 and 65535, got {args.port}")
    if args.max_body_mb <= 0:
        raise UserError(f"--max-body-mb must be positive, got {args.max_body_mb}")
    max_body = int(args.max_body_mb * 1024 * 1024)
    if not args.create:
        args.index = reading_path(args.index)
    try:
        service = IndexService(args.index, token=token, create=args.create, index=_cluster_index(args))
    except IndexError_ as e:
        msg = str(e)
        if "no Kavosh index" in msg:
            msg += " (or pass --create to serve an empty one)"
        raise UserError(msg) from e
    except OSError as e:
        raise UserError(f"cannot open the index at {args.index}: {e.strerror or e}") from e

    sock = _listen(args.host, args.port, reuse_port=args.workers > 1)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    writes = "writes enabled (token required)" if token else "read-only (no token: writes answer 403)"
    print(f"kavosh: serving {service.index.path} ({len(service):,} documents) at http://{shown}:{port}/ — "
          f"{writes}; API reference at /docs; Ctrl-C stops", file=sys.stderr, flush=True)
    # httptools when installed, with the request-head limit h11 has, on asyncio's loop (kavosh.api.protocol)
    common = dict(log_config=_log_config(), log_level=None, access_log=args.access_log, proxy_headers=False,
                  server_header=False, timeout_graceful_shutdown=5, **uvicorn_options())
    if args.workers == 1:
        config = uvicorn.Config(create_app(service, max_body), **common)
        server = uvicorn.Server(config)
        try:
            server.run(sockets=[sock])
        except KeyboardInterrupt:
            pass
        return EXIT_OK
    # Several processes: each opens the index itself (settings go through the environment).
    service.stop()
    os.environ[ENV_INDEX] = str(service.index.path)
    os.environ[ENV_MAX_BODY] = str(max_body)
    os.environ[ENV_RELOAD] = "1"
    if token:
        os.environ[ENV_TOKEN] = token
    else:
        os.environ.pop(ENV_TOKEN, None)
    assert app_from_env  # imported above so a broken install fails before forking
    socks = [sock]
    try:
        socks += [_listen(args.host, port, reuse_port=True) for _ in range(args.workers - 1)]
        config = uvicorn.Config("kavosh.api.app:app_from_env", factory=True, workers=args.workers, **common)
        _one_socket_each()(config, sockets=socks).run()
    except KeyboardInterrupt:
        pass
    finally:
        for one in socks:
            one.close()
    return EXIT_OK
