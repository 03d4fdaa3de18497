// Package signify reads and writes the OpenBSD signify formats Baton uses,
// byte-compatible with signify-openbsd: public and secret key files
// (Ed25519, secret keys encrypted with bcrypt_pbkdf), signatures with or
// without an embedded message, and the checksum lists that sign a
// release's files (SignChecksumList, OpenChecksumList, HashFiles,
// VerifyFiles). It also defines how people compare keys: a key's
// Fingerprint and its twelve PGP words. The profile is specified in
// spec/signify.md.
package signify
