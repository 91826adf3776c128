#!/usr/bin/env bash
# Prepares real Postfix for the postfix tier (test/postfix) without installing it: Debian's
# postfix and exim4 packages conflict (installing postfix removes exim4, which the e2e and
# exim-expand tiers need). So the package is only downloaded (`apt-get download`) and unpacked
# (`dpkg-deb -x`) into a cache folder; the tier lays those files over /usr and /etc inside a
# private mount namespace per scenario. Also creates what Postfix needs on the machine: the
# `postfix` user and group and the `postdrop` group (as the package's postinst does), and gives
# postdrop/postqueue their group and set-gid bit in the cache. Idempotent: an unpacked cache is
# kept. Run as root on Debian 12; the machine's Exim and /etc are not touched.
set -euo pipefail

CACHE="${MAILLEAK_POSTFIX_CACHE:-/var/cache/mailleak-postfix}"
ROOT="$CACHE/root"

if [ "$(id -u)" != 0 ]; then
  echo "setup-postfix: not root, nothing done (the postfix tier will say it cannot run)" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
  echo "setup-postfix: apt-get/dpkg-deb not found (not Debian), nothing done" >&2
  exit 0
fi

if [ ! -x "$ROOT/usr/sbin/postfix" ]; then
  mkdir -p "$CACHE"
  work="$(mktemp -d "$CACHE/.download.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  # _apt must be able to write the .deb where apt-get download puts it (the current directory)
  chmod 755 "$work"
  chown _apt "$work" 2>/dev/null || true
  (cd "$work" && apt-get download -q postfix >/dev/null 2>&1) || (apt-get update -qq && cd "$work" && apt-get download -q postfix)
  mkdir -p "$work/root"
  dpkg-deb -x "$work"/postfix_*.deb "$work/root"
  rm -rf "$ROOT"
  mv "$work/root" "$ROOT"
fi

# Postfix's libraries (RUNPATH /usr/lib/postfix) need these; none conflicts with exim4
missing=()
for pkg in libicu72 libdb5.3 libnsl2 libsasl2-2 libssl3 netbase; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# the users and groups postinst would create
getent group postdrop >/dev/null || groupadd --system postdrop
getent group postfix >/dev/null || groupadd --system postfix
getent passwd postfix >/dev/null || useradd --system --gid postfix --home-dir /var/spool/postfix --no-create-home --shell /usr/sbin/nologin postfix

# postdrop and postqueue write to and read the maildrop queue as group postdrop (postfix-files)
for prog in postdrop postqueue; do
  chgrp postdrop "$ROOT/usr/sbin/$prog"
  chmod 2755 "$ROOT/usr/sbin/$prog"
done

# dynamicmaps.cf as postinst writes it: no dynamically loaded map types are installed
[ -f "$ROOT/etc/postfix/dynamicmaps.cf" ] || : > "$ROOT/etc/postfix/dynamicmaps.cf"

if ! "$ROOT/usr/sbin/postconf" -c "$ROOT/usr/share/postfix" -d mail_version >/dev/null 2>&1; then
  # the binaries' RUNPATH is /usr/lib/postfix: outside the tier's mount namespace only ldd can tell
  if LD_LIBRARY_PATH="$ROOT/usr/lib/postfix" ldd "$ROOT/usr/sbin/postconf" | grep -q 'not found'; then
    echo "setup-postfix: libraries missing:" >&2
    LD_LIBRARY_PATH="$ROOT/usr/lib/postfix" ldd "$ROOT/usr/sbin/postconf" | grep 'not found' >&2
    exit 1
  fi
fi
echo "setup-postfix: Postfix $(LD_LIBRARY_PATH="$ROOT/usr/lib/postfix" "$ROOT/usr/sbin/postconf" -c "$ROOT/usr/share/postfix" -d -h mail_version 2>/dev/null || echo '?') unpacked in $ROOT"
