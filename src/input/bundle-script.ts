// The collection script `mailleak collect --script` prints: POSIX sh for servers without Node
// (CentOS 6/7, cPanel). It runs the same read-only commands live mode runs (src/input/live*.ts),
// so that replaying the bundle through live collection (bundle-acquire.ts) gives the same inputs.
// Rules for the text below, checked by test/input/bundle-script.test.ts with dash:
// - POSIX sh only: no arrays, `local`, `[[`, `$'…'`, `pipefail`, process substitution;
// - nothing writable but stdout: stdout and stderr are split with fd 3 and command substitution,
//   never a temp file; every command reads /dev/null, because `ssh host sh` feeds the script on
//   stdin and a command reading stdin would swallow the rest of the script;
// - every section is framed by marker lines that carry a per-run boundary, so no command output
//   can end a section early; stdout is kept byte for byte (one newline is added before the
//   stderr marker and removed by the reader), stderr and the exit status follow it.
import { BUNDLE_VERSION } from './bundle-format.js';

import { DOCKER_PS_TEMPLATE } from './live-docker.js';
import { ROUTING_PARAMETERS } from './postfix-files.js';

const SCRIPT = String.raw`#!/bin/sh
# mailleak collect script, bundle format v${BUNDLE_VERSION}. Read-only: runs iptables-save/ip6tables-save
# (listings when they fail), nft list ruleset (JSON and text), exim -bP, postconf -n/-M/-P, docker ps (podman ps) and the networks
# of the container publishing SMTP (never its environment) and its postconf, ss -ltnp and
# readlink -f /usr/sbin/sendmail (which MTA is active); reads /etc/passwd, /etc/group, the
# routing tables postconf names (never SASL password maps or keys), routes and the resolver
# configuration. Writes nothing; prints one text bundle on stdout.
# Use: mailleak collect --script | ssh root@host sh | mailleak explain gmail.com
LC_ALL=C
export LC_ALL
# the sbin folders come last: a non-root login's PATH often lacks them
PATH=$PATH:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
exec 3>&1
ML_NL='
'
ML_B="mlb$$x$(date +%s 2>/dev/null)"
ML_T=
if command -v timeout >/dev/null 2>&1 && timeout 5 true </dev/null >/dev/null 2>&1; then
  ML_T='timeout 15'
fi

# ml_body MARKER COMMAND...: one section; stdout as is, then stderr and the exit status.
ml_body() {
  printf '### mailleak-section %s %s\n' "$ML_B" "$1"
  shift
  ml_err=$($ML_T "$@" </dev/null 2>&1 1>&3 3>&-; printf '\n%s' "$?")
  ml_rc=${"$"}{ml_err##*"$ML_NL"}
  ml_err=${"$"}{ml_err%"$ML_NL"*}
  ml_word=
  case $ml_rc in
    124) [ -n "$ML_T" ] && ml_word=' timeout' ;;
    126) ml_word=' denied' ;;
    127) ml_word=' not-found' ;;
  esac
  printf '\n### mailleak-stderr %s exit=%s%s\n' "$ML_B" "$ml_rc" "$ml_word"
  [ -n "$ml_err" ] && printf '%s\n' "$ml_err"
  printf '### mailleak-end %s\n' "$ML_B"
  return "$ml_rc"
}

# ml_empty MARKER EXIT WORD MESSAGE: a section for something that could not run at all.
ml_empty() {
  printf '### mailleak-section %s %s\n\n' "$ML_B" "$1"
  printf '### mailleak-stderr %s exit=%s %s\n%s\n' "$ML_B" "$2" "$3" "$4"
  printf '### mailleak-end %s\n' "$ML_B"
  return "$2"
}

# ml_run COMMAND ARGS...: the section is named by the command line (the reader looks it up so).
ml_run() {
  if command -v "$1" >/dev/null 2>&1; then
    ml_body "cmd $*" "$@"
  else
    ml_empty "cmd $*" 127 not-found "$1: command not found"
  fi
}

# ml_file PATH: a file's content, or why it cannot be read.
ml_file() {
  if [ ! -e "$1" ]; then ml_empty "file $1" 1 missing "$1: No such file or directory"
  elif [ -d "$1" ]; then ml_empty "file $1" 1 directory "$1: Is a directory"
  elif [ ! -r "$1" ]; then ml_empty "file $1" 1 denied "$1: Permission denied"
  else ml_body "file $1" cat -- "$1"
  fi
}

# ml_firewall TOOL: save with counters; the listings when save fails (as live mode does); the
# legacy tables under the nf_tables backend (live mode reads them when iptables-nft warns of
# them), the nft tables under the legacy backend (evidence only: not read by the analysis).
ml_firewall() {
  if ! ml_run "$1-save" -c; then
    ml_run "$1" -L -n -v -x --line-numbers
    ml_run "$1" -t nat -L -n -v -x --line-numbers
  fi
  case $ml_backend in
    nf_tables) ml_run "$1-legacy-save" -c ;;
    legacy) command -v "$1-nft-save" >/dev/null 2>&1 && ml_run "$1-nft-save" -c ;;
  esac
  return 0
}

# ml_exim: exim -bP config, or the configuration file when it fails or prints nothing; the user.
ml_exim() {
  ml_bin=exim
  ml_run exim -bP config
  ml_rc=$?
  if [ "$ml_rc" = 127 ]; then
    ml_bin=exim4
    ml_run exim4 -bP config
    ml_rc=$?
  fi
  [ "$ml_rc" = 127 ] && return 0
  if [ "$ml_rc" != 0 ] || [ "$($ml_bin -bP config </dev/null 2>/dev/null | grep -c '[^[:space:]]')" = 0 ]; then
    ml_run "$ml_bin" -bP configure_file
    ml_path=$($ml_bin -bP configure_file </dev/null 2>/dev/null | sed -n '$p' | sed 's/^[[:space:]]*config\(ure\)\{0,1\}_file[[:space:]]*=[[:space:]]*//; s/^[[:space:]]*//; s/[[:space:]]*$//')
    case $ml_path in
      /*) ml_file "$ml_path" ;;
    esac
  fi
  ml_run "$ml_bin" -bP exim_user exim_group
  return 0
}

# ml_engine docker|podman: the container that publishes 25/465/587 (as live-docker.ts picks it:
# the first in ps; Mailu's Postfix behind its front), its networks only (never its environment:
# secrets) and the bridge of each (docker: the network's options; podman: its network_interface).
ml_engine() {
  ml_e=$1
  ml_run "$ml_e" ps --no-trunc --format '${DOCKER_PS_TEMPLATE}' || return 0
  ml_ps=$("$ml_e" ps --no-trunc --format '${DOCKER_PS_TEMPLATE}' </dev/null 2>/dev/null)
  ml_line=$(printf '%s\n' "$ml_ps" | grep -E '"Ports":"[^"]*:(25|465|587)-(>|\\u003e)' | sed -n '1p')
  # Mailu publishes SMTP on its nginx front; its Postfix container sends the mail. Postal's
  # containers use the host's network and publish nothing; its worker sends
  ml_worker=$(printf '%s\n' "$ml_ps" | grep -E '"Image":"[^"]*postalserver/postal' | grep -E '"Names":"[^"]*worker' | sed -n '1p')
  case $(printf '%s\n' "$ml_line" | sed -n 's/.*"Image":"\([^"]*\)".*/\1/p') in
    *mailu/nginx*) ml_mailu=$(printf '%s\n' "$ml_ps" | grep -E '"Image":"[^"]*mailu/postfix' | sed -n '1p')
      [ -n "$ml_mailu" ] && ml_line=$ml_mailu ;;
    ''|*postalserver/postal*) [ -n "$ml_worker" ] && ml_line=$ml_worker ;;
  esac
  ml_id=$(printf '%s\n' "$ml_line" | sed -n 's/.*"ID":"\([0-9a-f]*\)".*/\1/p')
  case $ml_id in
    ''|*[!0-9a-f]*) return 0 ;;
  esac
  ml_run "$ml_e" inspect --format '{{json .NetworkSettings.Networks}}' "$ml_id" || return 0
  # every network it is on: a container on several may send by any that routes out
  for ml_net in $("$ml_e" inspect --format '{{json .NetworkSettings.Networks}}' "$ml_id" </dev/null 2>/dev/null | tr ',' '\n' | sed -n 's/.*"NetworkID":"\([A-Za-z0-9][A-Za-z0-9_.-]*\)".*/\1/p' | sort -u); do
    case $ml_e in
      docker) case $ml_net in
          *[!0-9a-f]*) ;;
          *) ml_run docker network inspect --format '{{json .Options}}' "$ml_net" ;;
        esac ;;
      podman) ml_run podman network inspect --format '{{.NetworkInterface}}' "$ml_net" ;;
    esac
  done
  # the MTA in that container is usually Postfix (mailcow, docker-mailserver, Mailu)
  ml_postfix "$ml_e" exec "$ml_id"
  return 0
}

# ml_postfix [docker|podman exec ID]: postconf -n, -M, -P (on the host, or in the container), then the
# source files of the tables the routing parameters name, as live-postfix.ts reads them: never
# anything whose name says SASL, password, secret or key. postconf -x expands $config_directory.
ml_postfix() {
  ml_run "$@" postconf -n || return 0
  ml_run "$@" postconf -M
  ml_run "$@" postconf -P
  ml_vals=$($ML_T "$@" postconf -x -h ${ROUTING_PARAMETERS.join(' ')} </dev/null 2>/dev/null) || ml_vals=$($ML_T "$@" postconf -h ${ROUTING_PARAMETERS.join(' ')} </dev/null 2>/dev/null)
  ml_seen=' '
  set -f
  for ml_w in $(printf '%s\n' "$ml_vals" | tr ',' ' '); do
    ml_w=${"$"}{ml_w#!}
    ml_w=${"$"}{ml_w#proxy:}
    case $ml_w in
      hash:/*|btree:/*|lmdb:/*|cdb:/*|dbm:/*|sdbm:/*|texthash:/*|regexp:/*|pcre:/*) ml_p=${"$"}{ml_w#*:} ;;
      /*) ml_p=$ml_w ;;
      *) continue ;;
    esac
    case $ml_seen in *" $ml_p "*) continue ;; esac
    ml_seen="$ml_seen$ml_p "
    printf '%s\n' "$ml_p" | grep -qiE "sasl|passw|secret|[.]key\$|[.]pem\$" && continue
    if [ $# -eq 0 ]; then ml_file "$ml_p"; else ml_run "$@" cat -- "$ml_p"; fi
  done
  set +f
  return 0
}

# ml_docker: docker's containers; podman's too where podman is installed (rootful bridge networks forward the same way).
ml_docker() {
  ml_engine docker
  command -v podman >/dev/null 2>&1 && ml_engine podman
  return 0
}

ml_version=$(iptables -V </dev/null 2>/dev/null)
case $ml_version in
  *nf_tables*) ml_backend=nf_tables ;;
  *legacy*) ml_backend=legacy ;;
  '') ml_backend=none ;;
  *) ml_backend=legacy ;;
esac
printf '# mailleak-bundle v${BUNDLE_VERSION} boundary=%s\n' "$ML_B"
printf '# hostname: %s\n' "$(hostname 2>/dev/null || uname -n 2>/dev/null)"
printf '# date: %s\n' "$(date -u '+%Y-%m-%dT%H:%M:%SZ' 2>/dev/null)"
printf '# system: %s\n' "$(uname -s 2>/dev/null)"
printf '# kernel: %s\n' "$(uname -r 2>/dev/null) $(uname -m 2>/dev/null)"
printf '# iptables: %s\n' "$ml_version"
printf '# backend: %s\n' "$ml_backend"
printf '# user: %s\n' "$(id 2>/dev/null)"
ml_firewall iptables
ml_firewall ip6tables
# native nftables tables (iptables does not show them): JSON, and the text live mode falls back to
ml_run nft -j list ruleset
ml_run nft list ruleset
ml_exim
ml_postfix
ml_file /etc/passwd
ml_file /etc/group
ml_run ip -o addr
ml_run ip route
ml_run ip -6 route
ml_file /etc/resolv.conf
ml_docker
ml_run ss -ltnp
ml_run readlink -f /usr/sbin/sendmail
printf '### mailleak-bundle-end %s\n' "$ML_B"
`;

/** The collection script, as `mailleak collect --script` prints it. */
export function collectScript(): string {
  return SCRIPT;
}
