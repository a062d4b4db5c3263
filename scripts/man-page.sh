#!/bin/sh
# Builds the man page from the command definitions, with swift-argument-parser's GenerateManual
# plugin (a release build of the package first, about a minute), into OUT (default ./dealboard.1):
#   scripts/man-page.sh [OUT] && man -l dealboard.1
set -eu
out=${1:-dealboard.1}
root=$(cd "$(dirname "$0")/.." && pwd)
swift package --package-path "$root" plugin generate-manual >&2
version=$("$(swift build --package-path "$root" -c release --show-bin-path)/dealboard" --version)
# The generator leaves the footer's .Os empty, and writes the blank line between two paragraphs
# of a command's description as it is, which groff warns about: the version goes in the footer,
# and each blank line becomes a paragraph break.
sed -e "s/^\.Os\$/.Os \"$version\"/" -e 's/^$/.Pp/' "$root/.build/plugins/GenerateManual/outputs/dealboard/dealboard.1" > "$out"
echo "wrote $out ($version)" >&2
