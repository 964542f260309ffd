#!/usr/bin/env bash
# Writes csws(1) from the binary's own help (the same text `csws help COMMAND` prints).
# usage: manpage.sh CSWS > csws.1
set -euo pipefail
csws="$1"
escape() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\&'/"; }
echo ".TH CSWS 1 \"$(date -u +%Y-%m-%d)\" \"csws $("$csws" --version)\" \"User Commands\""
echo ".SH NAME"
echo "csws \\- customer success workspace: customer plans, health and risk, kept in git"
echo ".SH SYNOPSIS"
echo ".B csws"
echo "[\\fB\\-C\\fR \\fIDIR\\fR] [\\fB\\-\\-as\\-of\\fR \\fIDATE\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]"
echo ".SH DESCRIPTION"
echo ".nf"
"$csws" --help | escape
echo ".fi"
echo ".SH COMMANDS"
for command in $("$csws" --help | awk '/^SUBCOMMANDS:/{on=1; next} on && /^  [a-z]/{print $1}'); do
  echo ".SS $command"
  echo ".nf"
  "$csws" help "$command" 2>/dev/null | escape || true
  echo ".fi"
done
echo ".SH SEE ALSO"
echo "git(1). The README of the csws repository: workspace layout, scoring, sync, reports."
