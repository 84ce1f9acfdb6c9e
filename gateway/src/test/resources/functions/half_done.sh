#!/bin/sh
# Prints part of its answer, then fails: the classic watchdog answers 500 "exit status 3" and the output.
echo half done
exit 3
