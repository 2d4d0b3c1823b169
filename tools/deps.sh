#!/bin/sh
# Installs the Debian packages that pathwatch's build, data and tests use,
# but only those not installed yet, so a prepared machine pays nothing.
set -eu

pkgs="gcc make pkg-config libpcap-dev libnetfilter-queue-dev
libncurses-dev libmaxminddb-dev mmdb-bin libmaxmind-db-writer-perl
tshark tcpdump python3 python3-scapy tmux time
iproute2 iptables dnsmasq-base dnsutils curl openssl chromium"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
# npm comes with the machine's Node.js, which conflicts with Debian's
# npm package: install Debian's only where there is no npm at all.
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages:$missing (run 'make deps' as root)" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $missing
