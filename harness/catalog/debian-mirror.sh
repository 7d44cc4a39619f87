# Sourced by the converters here: debian_mirror prints the Debian archive this machine's apt installs from (the first
# .../debian URI of /etc/apt/sources.list.d/*.sources, sources.list or sources.list.d/*.list), or $MIRROR when set.
# No archive is assumed: a machine whose apt names none is told to set MIRROR.
debian_mirror() {
    local uri="${MIRROR:-}"
    if [ -z "$uri" ]; then
        uri="$( { grep -hsE '^[[:space:]]*URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{for (i = 2; i <= NF; i++) print $i}';
                  grep -hsE '^[[:space:]]*deb[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
                      sed -E 's/\[[^]]*\]//' | awk '{print $2}'; } |
                grep -E '/debian/?$' | head -n1 || true)"
    fi
    if [ -z "$uri" ]; then
        echo "$(basename "$0"): this machine's apt sources name no Debian archive (.../debian); set MIRROR=<url of one>" >&2
        return 1
    fi
    echo "${uri%/}"
}
