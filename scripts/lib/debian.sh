# Sourced by scripts/build and scripts/test: install Debian packages that are missing.

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
    SUDO="sudo"
fi

# What WeasyPrint needs to make PDFs (its docs: "Installation"); csreview init writes the
# same list into the CI files it makes (generator/init.py, DEBIAN_PACKAGES).
PDF_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)

# apt_install WHAT APT-GET-ARGUMENTS...: install from Debian, or stop, naming what failed.
apt_install() {
    local what=$1
    shift
    echo "scripts: installing $what via apt" >&2
    if ! $SUDO apt-get update || ! DEBIAN_FRONTEND=noninteractive \
        $SUDO apt-get install -y "$@"; then
        echo "scripts: ERROR: apt-get install of $what failed" >&2
        exit 1
    fi
}

# missing PACKAGE...: print the packages that are not installed.
missing() {
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || echo "$p"
    done
}

# ensure_pdf_packages: the libraries PDFs need, if any is missing.
ensure_pdf_packages() {
    local needed
    mapfile -t needed < <(missing "${PDF_PACKAGES[@]}")
    if ((${#needed[@]})); then
        apt_install "what PDFs need (${needed[*]})" --no-install-recommends "${needed[@]}"
    fi
}
