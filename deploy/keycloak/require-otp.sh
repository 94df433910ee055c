#!/usr/bin/env bash
# Production MFA rule for the partnernet realm: users with the role caseworker or intake must use a one-time
# password (TOTP) at every browser login; everybody else may add one. The demo realm leaves this off (see README.md).
#
# Copies the built-in browser flow to "browser-with-role-otp", adds to its login forms one conditional sub-flow per
# role (Condition - user role -> OTP Form, required), negates those roles in the built-in conditional 2FA sub-flow so
# nobody is asked twice, and binds the copy as the realm's browser flow. Safe to run again.
#
# Needs curl and jq. Environment: KEYCLOAK_URL (http://localhost:8180), KEYCLOAK_REALM (partnernet),
# KEYCLOAK_ADMIN / KEYCLOAK_ADMIN_PASSWORD (an admin of the master realm), OTP_ROLES ("caseworker intake").
set -euo pipefail

url="${KEYCLOAK_URL:-http://localhost:${KEYCLOAK_PORT:-8180}}"
realm="${KEYCLOAK_REALM:-partnernet}"
roles="${OTP_ROLES:-caseworker intake}"
flow=browser-with-role-otp
api="$url/admin/realms/$realm"

command -v jq >/dev/null || { echo "require-otp: jq is needed" >&2; exit 1; }
token=$(curl -fsS -d grant_type=password -d client_id=admin-cli \
  --data-urlencode "username=${KEYCLOAK_ADMIN:-admin}" --data-urlencode "password=${KEYCLOAK_ADMIN_PASSWORD:-admin}" \
  "$url/realms/master/protocol/openid-connect/token" | jq -r .access_token)

call() { # METHOD PATH [JSON]
  local method=$1 path=$2
  if [ $# -ge 3 ]; then
    curl -fsS -X "$method" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$3" "$api$path"
  else
    curl -fsS -X "$method" -H "Authorization: Bearer $token" "$api$path"
  fi
}
enc() { jq -rn --arg v "$1" '$v|@uri'; }
executions() { call GET "/authentication/flows/$(enc "$1")/executions"; }
# Sets the requirement of the execution whose displayName is $2 inside flow $1.
set_requirement() {
  local rep
  rep=$(executions "$1" | jq -c --arg n "$2" --arg r "$3" 'map(select(.displayName==$n)) | first | .requirement=$r')
  call PUT "/authentication/flows/$(enc "$1")/executions" "$rep" >/dev/null
}
# Adds a role condition (negated or not) to a sub-flow, unless a condition with that config alias is there.
add_role_condition() {
  local subflow=$1 role=$2 negate=$3 alias=$4
  if executions "$subflow" | jq -e --arg a "$alias" 'any(.[]; .alias==$a)' >/dev/null; then
    return 0
  fi
  call POST "/authentication/flows/$(enc "$subflow")/executions/execution" '{"provider":"conditional-user-role"}' >/dev/null
  local id
  id=$(executions "$subflow" | jq -r 'map(select(.providerId=="conditional-user-role" and (.alias|not))) | last | .id')
  local rep
  rep=$(executions "$subflow" | jq -c --arg id "$id" 'map(select(.id==$id)) | first | .requirement="REQUIRED"')
  call PUT "/authentication/flows/$(enc "$subflow")/executions" "$rep" >/dev/null
  call POST "/authentication/executions/$id/config" \
    "$(jq -cn --arg a "$alias" --arg r "$role" --arg n "$negate" '{alias:$a, config:{condUserRole:$r, negate:$n}}')" >/dev/null
}

if ! call GET /authentication/flows | jq -e --arg f "$flow" 'any(.[]; .alias==$f)' >/dev/null; then
  call POST /authentication/flows/browser/copy "$(jq -cn --arg f "$flow" '{newName:$f}')" >/dev/null
  echo "require-otp: created flow $flow (a copy of browser)"
fi

forms=$(executions "$flow" | jq -r 'map(select(.level==0 and .authenticationFlow==true and (.displayName|endswith("forms")))) | first | .displayName')
two_fa=$(executions "$flow" | jq -r 'map(select(.level==1 and .authenticationFlow==true and (.displayName|test("Conditional (OTP|2FA)")))) | first | .displayName')
[ -n "$forms" ] && [ "$forms" != null ] || { echo "require-otp: no forms sub-flow in $flow" >&2; exit 1; }

for role in $roles; do
  sub="$flow OTP for $role"
  if ! executions "$flow" | jq -e --arg s "$sub" 'any(.[]; .displayName==$s)' >/dev/null; then
    call POST "/authentication/flows/$(enc "$forms")/executions/flow" \
      "$(jq -cn --arg s "$sub" --arg r "$role" '{alias:$s, type:"basic-flow", provider:"registration-page-form", description:("OTP required for the role " + $r)}')" >/dev/null
    set_requirement "$forms" "$sub" CONDITIONAL
    add_role_condition "$sub" "$role" false "$flow has role $role"
    call POST "/authentication/flows/$(enc "$sub")/executions/execution" '{"provider":"auth-otp-form"}' >/dev/null
    set_requirement "$sub" "OTP Form" REQUIRED
    echo "require-otp: users with the role $role must use OTP"
  fi
  if [ -n "$two_fa" ] && [ "$two_fa" != null ]; then
    add_role_condition "$two_fa" "$role" true "$flow optional 2FA not for $role"
  fi
done

call PUT "" "$(jq -cn --arg f "$flow" '{browserFlow:$f}')" >/dev/null
echo "require-otp: realm $realm now logs in through $flow"
