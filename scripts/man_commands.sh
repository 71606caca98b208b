#!/bin/sh
# The COMMANDS section of relmap's man page, for help2man --include: the
# help of every command, as `relmap COMMAND --help` prints it.
set -eu
relmap=$1
echo "[COMMANDS]"
"$relmap" --help | sed -n '/^Subcommands:/,$ s/^  \([a-z][a-z-]*\) .*/\1/p' | while read -r command; do
  [ "$command" = help ] && continue
  echo ".SS \"relmap $command\""
  echo ".nf"
  "$relmap" "$command" --help | sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\([.']\)/\\\\\&\1/"
  echo ".fi"
done
