"""A small round-robin HTTP proxy on loopback for ``make scale-smoke``: each request goes
to the next web node in turn (not each connection: a browser keeps its connection open),
as a load balancer without sticky sessions does. It appends the client's address to
X-Forwarded-For and logs ``<method> <path> -> <node port> <status>`` per request.

    python proxy.py LISTEN_PORT NODE_PORT [NODE_PORT ...]
"""

import http.client
import itertools
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
}


def serve(listen_port, node_ports):
    nodes = itertools.cycle(node_ports)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def forward(self):
            with lock:
                port = next(nodes)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            forwarded = self.headers.get("X-Forwarded-For")
            client = self.client_address[0]
            headers["X-Forwarded-For"] = f"{forwarded}, {client}" if forwarded else client
            upstream = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                upstream.request(self.command, self.path, body=body, headers=headers)
                response = upstream.getresponse()
                content = response.read()
            except OSError as error:
                self.send_error(502, f"node {port}: {error}")
                print(f"{self.command} {self.path} -> {port} 502", flush=True)
                return
            finally:
                upstream.close()
            self.send_response_only(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP | {"content-length"}:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(content)
            print(f"{self.command} {self.path} -> {port} {response.status}", flush=True)

        do_GET = do_POST = do_HEAD = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = forward

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass  # one line per request is printed by forward()

    server = ThreadingHTTPServer(("127.0.0.1", listen_port), Handler)
    server.daemon_threads = True
    print(f"proxy on 127.0.0.1:{listen_port} -> {node_ports}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    serve(int(sys.argv[1]), [int(port) for port in sys.argv[2:]])
