#!/bin/sh
# A classic test function: prints the CGI environment the watchdog gives it, then its stdin.
echo "method=$Http_Method"
echo "query=$Http_Query"
echo "path=$Http_Path"
echo "call_id=$Http_X_Call_Id"
echo "custom=$Http_X_Custom"
echo "stdin=$(cat)"
