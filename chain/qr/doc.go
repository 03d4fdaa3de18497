// Package qr puts a signify public key in a QR code (Payload, PNG,
// Terminal) and reads one back (ParsePayload), for comparing a key by
// camera. The payload is specified in spec/signify.md.
package qr
