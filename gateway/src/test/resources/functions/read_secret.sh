#!/bin/sh
# A classic test function: prints the secret named by its argument, from where the gateway
# says functions find their secrets.
exec cat "$secret_mount_path/$1"
