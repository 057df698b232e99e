#!/usr/bin/env bash
# placeholder until the test bed lands
case "$1" in up) mkdir -p "$2"; : > "$2/testbed.env";; down) ;; esac
