// Package untrusted shows text that came from outside — a chain, a
// signature, a key comment, a checksum list — so that it cannot act on a
// terminal or pose as other text: Escape makes control, bidirectional and
// zero-width characters visible, Quote sets text in quotes for prose, and
// SanitizeMessage escapes a message already built.
package untrusted
