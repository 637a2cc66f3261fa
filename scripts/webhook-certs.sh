#!/usr/bin/env bash
# Makes a private CA and a serving certificate for the eksguard admission webhook, with openssl.
#
#   scripts/webhook-certs.sh [--out DIR] [--namespace NS] [--service NAME] [--ip ADDR]... [--days N]
#
# Writes DIR/ca.crt, DIR/ca.key, DIR/tls.crt, DIR/tls.key (default DIR: ./webhook-certs) and
# prints the base64 caBundle for the ValidatingWebhookConfiguration on stdout. The certificate
# names the Service (NAME.NS.svc and its longer forms), plus any --ip (127.0.0.1 for a
# webhook on loopback). An existing CA in DIR is reused, so a renewed serving certificate
# keeps the caBundle valid. Then, for the manifests in deploy/webhook/:
#
#   kubectl -n eksguard-system create secret tls eksguard-webhook-tls \
#     --cert=webhook-certs/tls.crt --key=webhook-certs/tls.key
#   kubectl patch validatingwebhookconfiguration eksguard --type=json -p \
#     "[{\"op\":\"replace\",\"path\":\"/webhooks/0/clientConfig/caBundle\",\"value\":\"$(base64 -w0 webhook-certs/ca.crt)\"}]"
set -euo pipefail

OUT=webhook-certs
NAMESPACE=eksguard-system
SERVICE=eksguard-webhook
DAYS=365
IPS=()

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

while [ $# -gt 0 ]; do
	case "$1" in
	--out) OUT=${2:?}; shift 2 ;;
	--namespace) NAMESPACE=${2:?}; shift 2 ;;
	--service) SERVICE=${2:?}; shift 2 ;;
	--ip) IPS+=("${2:?}"); shift 2 ;;
	--days) DAYS=${2:?}; shift 2 ;;
	-h | --help) usage ;;
	*) printf 'webhook-certs: unknown argument %s\n' "$1" >&2; usage ;;
	esac
done

command -v openssl >/dev/null || { echo 'webhook-certs: openssl is required' >&2; exit 1; }
mkdir -p "$OUT"
chmod 700 "$OUT"
cd "$OUT"

if [ ! -s ca.key ] || [ ! -s ca.crt ]; then
	openssl req -x509 -newkey rsa:2048 -nodes -days $((DAYS * 5)) -subj "/CN=eksguard-webhook-ca" \
		-keyout ca.key -out ca.crt 2>/dev/null
fi

SANS="DNS:${SERVICE},DNS:${SERVICE}.${NAMESPACE},DNS:${SERVICE}.${NAMESPACE}.svc,DNS:${SERVICE}.${NAMESPACE}.svc.cluster.local"
for ip in "${IPS[@]+"${IPS[@]}"}"; do SANS="${SANS},IP:${ip}"; done

cat >server.ext <<EXT
subjectAltName=${SANS}
extendedKeyUsage=serverAuth
keyUsage=critical,digitalSignature,keyEncipherment
basicConstraints=CA:FALSE
EXT
openssl req -newkey rsa:2048 -nodes -subj "/CN=${SERVICE}.${NAMESPACE}.svc" -keyout tls.key.new -out tls.csr 2>/dev/null
openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days "$DAYS" -extfile server.ext -out tls.crt.new 2>/dev/null
# Replace key and certificate together so a running webhook never reads a mismatched pair for long.
chmod 600 tls.key.new ca.key
mv tls.key.new tls.key
mv tls.crt.new tls.crt
rm -f tls.csr server.ext
base64 -w0 ca.crt
echo
