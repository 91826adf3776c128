# Sends one TCP SYN per request, from the uid/gid asked for, and reports what connect() said.
# Runs as root inside the test namespace. The owner match reads the credentials the socket's
# file was opened with (fsuid/fsgid, which follow the effective ids), so the prober switches
# its effective gid/uid just around socket(), with no supplementary groups at all, and
# switches back; no fork per probe (fork is slow on small VMs).
# The SYN crosses the OUTPUT hooks synchronously inside connect(), so the counters are final
# when connect() returns; the socket is closed at once (long before the 1 s retransmit).
# It also runs the namespace's iptables commands (restore, save, list) for the rig.
# Protocol: one JSON object per line on stdin, one JSON answer per line on stdout.
import errno
import json
import os
import socket
import subprocess
import sys


def open_socket_as(family, uid, gid):
    os.setegid(gid)
    os.seteuid(uid)
    try:
        return socket.socket(family, socket.SOCK_STREAM)
    finally:
        os.seteuid(0)
        os.setegid(0)


def probe(req):
    family = socket.AF_INET6 if req["family"] == 6 else socket.AF_INET
    s = open_socket_as(family, req["uid"], req["gid"])
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((req["src"], req["sport"]))
        s.setblocking(False)
        try:
            s.connect((req["dst"], req["dport"]))
            return {"connect": "connected"}
        except OSError as e:
            if e.errno != errno.EINPROGRESS:
                return {"connect": errno.errorcode.get(e.errno, str(e.errno))}
            err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            return {"connect": "EINPROGRESS", "soError": errno.errorcode.get(err, str(err)) if err else None}
    finally:
        s.close()


def run(req):
    done = subprocess.run(req["argv"], input=req.get("input", ""), capture_output=True, text=True)
    return {"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


def answer(req):
    if req.get("op") == "run":
        return run(req)
    try:
        out = probe(req)
    except Exception as e:  # reported to the caller, never fatal for the prober
        return {"error": repr(e)}
    if req.get("save"):
        out["save"] = run({"argv": req["save"]})
    return out


def main():
    os.setgroups([])
    for line in sys.stdin:
        sys.stdout.write(json.dumps(answer(json.loads(line))) + "\n")
        sys.stdout.flush()


main()
