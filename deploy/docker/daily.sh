#!/bin/sh
# The daily maintenance of the compose stack: a backup every day at DAILY_AT (UTC), the retention
# purge on the first of the month after it. On a host, the systemd timers do this instead.
set -eu
at="${DAILY_AT:-01:30}"
while :; do
    now=$(date -u +%s)
    next=$(date -u -d "today $at" +%s)
    [ "$next" -gt "$now" ] || next=$(date -u -d "tomorrow $at" +%s)
    sleep $((next - now))
    flask backup --to "${BACKUP_DIR:-/data/backups}" || echo "daily.sh: the backup failed" >&2
    if [ "$(date -u +%d)" = "01" ]; then
        flask purge-expired || echo "daily.sh: the retention purge failed" >&2
    fi
done
