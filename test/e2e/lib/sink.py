# A minimal SMTP sink for the e2e tier: listens on every given port, IPv4 and IPv6 on one socket,
# accepts any message and appends one JSON line per message to OUT: the port and the local
# address it arrived on, and its family. It never relays anything.
import json, socket, sys, threading

out = sys.argv[1]
ports = [int(p) for p in sys.argv[2].split(',')]
lock = threading.Lock()

def handle(conn, port):
    local = conn.getsockname()[0]
    family = 6
    if local.startswith('::ffff:') and '.' in local:
        local, family = local[7:], 4
    f = conn.makefile('rwb')
    def say(text):
        f.write((text + '\r\n').encode()); f.flush()
    try:
        say('220 sink.test ESMTP test sink')
        rcpts = []
        while True:
            line = f.readline()
            if not line:
                break
            cmd = line.decode('latin-1').strip()
            verb = cmd[:4].upper()
            if verb == 'DATA':
                say('354 end with .')
                while True:
                    body = f.readline()
                    if not body or body.rstrip(b'\r\n') == b'.':
                        break
                with lock, open(out, 'a') as o:
                    o.write(json.dumps({'port': port, 'address': local, 'family': family, 'rcpt': rcpts}) + '\n')
                say('250 accepted')
            elif verb == 'RCPT':
                rcpts.append(cmd[8:].strip()); say('250 ok')
            elif verb == 'QUIT':
                say('221 bye'); break
            else:
                say('250 ok')
    except OSError:
        pass
    finally:
        conn.close()

def serve(sock, port):
    while True:
        conn, _ = sock.accept()
        threading.Thread(target=handle, args=(conn, port), daemon=True).start()

sockets = []
for port in ports:
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(('::', port))
    s.listen(16)
    sockets.append((s, port))
for s, port in sockets:
    threading.Thread(target=serve, args=(s, port), daemon=True).start()
print('ready', flush=True)
threading.Event().wait()
