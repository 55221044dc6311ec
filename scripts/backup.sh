#!/usr/bin/env bash
# Backup and restore of the PostgreSQL database (and the uploaded files) of BHT-CRM.
#
#   scripts/backup.sh backup     pg_dump -Fc of DATABASE_URL into BACKUP_FILE
#                                (default backups/bht-<UTC timestamp>.dump), and the
#                                files under MEDIA_ROOT into BACKUP_FILE.media.tar.gz
#   scripts/backup.sh restore    pg_restore --clean --if-exists of BACKUP_FILE into the
#                                DATABASE_URL database (which must exist), in one
#                                transaction, then the media archive (if any) into MEDIA_ROOT
#
# `make backup` and `make restore` call it. A restore replaces what is in the target
# database: it asks for the database name first, or needs FORCE=1 (no prompt without
# a terminal). See README.md, "Operations".
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MEDIA_ROOT=${MEDIA_ROOT:-$ROOT/media}

die() {
    echo "backup.sh: $*" >&2
    exit 1
}

usage() {
    echo "usage: DATABASE_URL=postgres://... [BACKUP_FILE=path] [FORCE=1] $0 backup|restore" >&2
    exit 2
}

[ $# -eq 1 ] || usage
[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set (postgres://user:password@host:5432/name)"
# dj-database-url also accepts postgresql:// and pgsql://; libpq knows the first two.
URL=$DATABASE_URL
case "$URL" in
    postgres://* | postgresql://*) ;;
    pgsql://*) URL="postgresql://${URL#pgsql://}" ;;
    *) die "DATABASE_URL is not a PostgreSQL URL; backups need PostgreSQL (pg_dump)" ;;
esac
# Only for messages: the URL without its password.
SHOWN=$(printf '%s' "$URL" | sed -E 's#(://[^:/@]+):[^@]*@#\1:***@#')
DBNAME=$(printf '%s' "$URL" | sed -E 's#^[a-z]+://[^/]*/##; s#\?.*$##')

case "$1" in
backup)
    FILE=${BACKUP_FILE:-$ROOT/backups/bht-$(date -u +%Y%m%d-%H%M%S).dump}
    mkdir -p "$(dirname "$FILE")"
    # Written beside the target and renamed at the end: a failed dump never
    # leaves a file that looks like a backup.
    pg_dump --format=custom --no-owner --dbname="$URL" --file="$FILE.partial"
    mv "$FILE.partial" "$FILE"
    echo "database $SHOWN -> $FILE ($(du -h "$FILE" | cut -f1))"
    if [ -d "$MEDIA_ROOT" ] && [ -n "$(ls -A "$MEDIA_ROOT")" ]; then
        tar -czf "$FILE.media.tar.gz.partial" -C "$MEDIA_ROOT" .
        mv "$FILE.media.tar.gz.partial" "$FILE.media.tar.gz"
        echo "media $MEDIA_ROOT -> $FILE.media.tar.gz ($(du -h "$FILE.media.tar.gz" | cut -f1))"
    else
        echo "media: $MEDIA_ROOT is empty or missing, nothing to archive"
    fi
    ;;
restore)
    FILE=${BACKUP_FILE:-}
    if [ -z "$FILE" ]; then
        # The newest backup under backups/.
        FILE=$(ls -1t "$ROOT"/backups/*.dump 2>/dev/null | head -n 1 || true)
        [ -n "$FILE" ] || die "BACKUP_FILE is not set and backups/ holds no .dump file"
    fi
    [ -f "$FILE" ] || die "no such backup file: $FILE"
    pg_restore --list "$FILE" >/dev/null || die "$FILE is not a pg_dump custom-format archive"
    if [ "${FORCE:-0}" != "1" ]; then
        [ -t 0 ] || die "restore replaces the contents of database '$DBNAME'; set FORCE=1 to confirm"
        echo "Restoring $FILE replaces everything in database '$DBNAME' ($SHOWN)."
        read -r -p "Type the database name to continue: " answer
        [ "$answer" = "$DBNAME" ] || die "not confirmed; nothing changed"
    fi
    # One transaction and stop at the first error: a failed restore changes nothing.
    pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
        --exit-on-error --dbname="$URL" "$FILE"
    echo "restored $FILE -> $SHOWN"
    if [ -f "$FILE.media.tar.gz" ]; then
        mkdir -p "$MEDIA_ROOT"
        tar -xzf "$FILE.media.tar.gz" -C "$MEDIA_ROOT"
        echo "media $FILE.media.tar.gz -> $MEDIA_ROOT"
    fi
    ;;
*)
    usage
    ;;
esac
