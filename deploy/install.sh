#!/bin/sh
# One-line install of the Ashiato agent on a runner host (run as root):
#   curl -fsSL https://<your console>/install.sh | ASHIATO_SERVER=https://console:8080 ASHIATO_TOKEN=... sh
# or, from a release tarball or checkout: ASHIATO_SERVER=... ASHIATO_TOKEN=... ./deploy/install.sh
# Installs the binary in /opt/ashiato, the token in /etc/ashiato/token (mode 600), the unit, and starts the agent
# before the runner's service. Run it before ./svc.sh install of actions/runner, or restart the runner after it.
set -eu
: "${ASHIATO_SERVER:?set ASHIATO_SERVER to the console URL}"
: "${ASHIATO_TOKEN:?set ASHIATO_TOKEN to an ingest token (ashiato token create --role ingest)}"
here=$(cd "$(dirname "$0")" && pwd)
source_dir=${ASHIATO_SOURCE:-$here/..}

install -d -m 755 /opt/ashiato /etc/ashiato
if [ -x "$source_dir/ashiato" ] && [ ! -f "$source_dir/Ashiato.slnx" ]; then
  cp -a "$source_dir/." /opt/ashiato/            # a release tarball: the self-contained build
else
  "$source_dir/ashiato" --help >/dev/null          # a checkout: build once, then copy the build
  cp -a "$source_dir/.build/release/." /opt/ashiato/
fi
umask 077
printf '%s\n' "$ASHIATO_TOKEN" > /etc/ashiato/token
printf 'ASHIATO_SERVER=%s\nASHIATO_AGENT_ARGS=%s\n' "$ASHIATO_SERVER" "${ASHIATO_AGENT_ARGS:-}" > /etc/ashiato/agent.env
install -m 644 "$here/systemd/ashiato-agent.service" /etc/systemd/system/ashiato-agent.service
# Every runner service on this host starts after the agent.
for unit in /etc/systemd/system/actions.runner.*.service; do
  [ -e "$unit" ] || continue
  name=$(basename "$unit")
  install -d "/etc/systemd/system/$name.d"
  printf '[Unit]\nAfter=ashiato-agent.service\nWants=ashiato-agent.service\n' > "/etc/systemd/system/$name.d/ashiato.conf"
done
systemctl daemon-reload
systemctl enable --now ashiato-agent.service
echo "ashiato agent installed; it streams every job to $ASHIATO_SERVER"
