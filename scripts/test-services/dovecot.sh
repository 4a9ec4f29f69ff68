#!/usr/bin/env bash
# Test IMAP server helper.
#   scripts/test-services/dovecot.sh install      install Debian's dovecot-imapd if it is missing (needs root/apt)
#   scripts/test-services/dovecot.sh start [user] [password]
#                                                  run a throw-away unprivileged Dovecot on 127.0.0.1 (Ctrl-C stops it)
# The IMAP tests (lib/intake/imap.service.test.ts) start their own instance through dovecot.ts; they only
# need the binary to be installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
case "${1:-}" in
  install)
    if [ -x /usr/sbin/dovecot ]; then echo "dovecot already installed: $(/usr/sbin/dovecot --version)"; exit 0; fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq dovecot-imapd >/dev/null
    echo "dovecot installed: $(/usr/sbin/dovecot --version)"
    ;;
  start)
    shift
    exec npx tsx scripts/test-services/dovecot.ts "$@"
    ;;
  *)
    echo "usage: $0 install | start [user] [password]" >&2
    exit 2
    ;;
esac
