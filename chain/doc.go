// Package chain implements Baton chains: a package's release keys as an
// append-only list of signed entries, one chain per package, each entry
// signed by the key the entry before it announced. The format is specified
// in spec/chain.md; this comment is its summary.
//
// # Entries
//
// An entry is a C2SP signed note. Its text is a header line, then one
// field per line in a fixed order, then a blank line and the signature
// lines:
//
//	baton-entry v1
//	package example.org/hello
//	signatory 62d47bef549752fc1baa0f64bec47f22
//	position 2
//	kind release
//	time 2026-01-15T12:00:00Z
//	prev a872c7b55382b78d511dc1bc76d96192ba93c8ab516ab8ea163c22ee16cc097b
//	version 1.0
//	checksums 665a2ab236b37d991b9fef051b72dd2d27e12b5c6f99f9330b30b3e05bb8037b
//	next RWSV4YgA1f6HbMtdw2licJpHNh7S2r2S65EGB15rxzhKVZOiS3kC9eG6
//
//	— baton-02014f057b90fc1e 1odMc0tiWi82yOkC...
//
// The signatory is the first 16 bytes of the fingerprint of the
// signatory's recovery key; prev is the SHA-256 of the previous entry's
// text (the entry hash); next is the key that must sign the next entry,
// as signify key text. The kinds are genesis (position 1: the recovery
// key and the first release key), release (a version and the SHA-256 of
// its signed checksum list), handover (a new signatory, accepted by its
// keys and co-signed by witnesses), rekey (signed by the recovery key when
// a release key is lost) and emergency (an ML-DSA-65 key committed to in
// advance takes over if Ed25519 falls). A signature line names its key as
// "baton-" and 16 hex digits of the key's fingerprint; a key id is that of
// golang.org/x/mod/sumdb/note's Ed25519 keys, so note's verifier checks
// Baton entries. Entry, SignedEntry, NewGenesis, Follow and SignEntry build
// entries; ParseSignedEntry reads one.
//
// # Chains
//
// A chain file is the entries in position order, separated by blank
// lines. Reader reads one entry at a time in bounded memory; ReadAll and
// Marshal read and write a whole chain. A release N is signed by its own
// key K_N, which entry N-1 announced; after release N ships the signatory
// makes K_(N+2) ("release plus two"), so that users who skip releases
// still walk an unbroken chain.
//
// # Verification and trust
//
// A user trusts a package by pinning it in a TrustStore: package,
// signatory, position, entry hash and the key that entry announced.
// TrustStore.Check verifies a chain against that pin (every signature
// checked; forks, rollbacks and equivocation refused) or, with no pin, as
// first trust, after which the person must compare the signatory's key
// with a copy obtained out of band. Only TrustStore.Accept of such a
// Check, with the person's Consent to each hand-over, re-key or emergency
// entry after the pin, moves a pin. A refusal is an *Error that wraps one
// of the Err values (ErrFork, ErrRollback, ErrEquivocation, ...).
// VerifyRelease checks a release's files against a verified chain.
//
// The signify formats (keys, signatures, checksum lists, fingerprints and
// words) are in chain/signify; the backup formats in chain/backup; QR
// codes in chain/qr; the escaping of untrusted text in chain/untrusted.
package chain
