#!/bin/sh
# Install the system tools the test suite needs, or say exactly what is missing.
#   java       runs W3C EPUBCheck           (Debian: default-jre-headless)
#   pdftotext  reads the PDF handout back   (Debian: poppler-utils)
#   soffice    converts the docx and odt    (Debian: libreoffice-writer-nogui)
#   asciidoctor reads the AsciiDoc back      (Debian: asciidoctor)
#   zbarimg    reads the PDF's QR codes back (Debian: zbar-tools)
#   tmux, zsh, fish  try tab completion in real interactive shells (Debian: tmux zsh fish)
#   wqy-microhei.ttc  a TrueType CJK font for the PDF's -O cjk-font tests
#                     (Debian: fonts-wqy-microhei; Apache 2.0 or GPL 3 with font exception)
set -eu
missing=""
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui"
command -v asciidoctor >/dev/null 2>&1 || missing="$missing asciidoctor"
command -v zbarimg >/dev/null 2>&1 || missing="$missing zbar-tools"
command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
command -v zsh >/dev/null 2>&1 || missing="$missing zsh"
command -v fish >/dev/null 2>&1 || missing="$missing fish"
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing="$missing fonts-wqy-microhei"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "missing system packages:$missing" >&2
    echo "install them with: sudo apt-get install$missing" >&2
    exit 1
fi
