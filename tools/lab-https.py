#!/usr/bin/python3
# lab-https.py: the lab's HTTPS server (private endpoint, "Microsoft" and
# "internet" hosts).  Answers every GET with one short fixed body over
# HTTP/1.0, so each connection carries the same bytes on every run.
#
# Usage: lab-https.py ADDR PORT CERT KEY BODY

import http.server
import socket
import ssl
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    """The same answer to every request."""

    server_version = "pathwatch-lab"
    sys_version = ""
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        # One write for head and body: no Nagle pause, no Date header.
        body = self.server.body
        head = ("HTTP/1.0 200 OK\r\nServer: pathwatch-lab\r\n"
                "Content-Type: text/plain\r\nContent-Length: %d\r\n\r\n"
                % len(body))
        self.log_request(200)
        self.wfile.write(head.encode() + body)

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.client_address[0], fmt % args))
        sys.stderr.flush()


class Server(http.server.HTTPServer):
    """Ends each connection with close_notify both ways, then FINs, so a
    recording holds the same packets on every run (no RST races)."""

    def shutdown_request(self, request):
        try:
            request.settimeout(2)
            request = request.unwrap()
        except (OSError, ValueError):
            pass
        try:
            request.shutdown(socket.SHUT_WR)
            request.settimeout(2)
            while request.recv(4096):
                pass
        except OSError:
            pass
        request.close()


def main():
    if len(sys.argv) != 6:
        sys.stderr.write("usage: lab-https.py ADDR PORT CERT KEY BODY\n")
        return 2
    addr, port, cert, key, body = sys.argv[1:]
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    # One session ticket keeps the recordings small and their sizes fixed.
    ctx.num_tickets = 1
    srv = Server((addr, int(port)), Handler)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    srv.body = (body + "\n").encode()
    sys.stderr.write("lab-https: serving %s:%s\n" % (addr, port))
    sys.stderr.flush()
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
