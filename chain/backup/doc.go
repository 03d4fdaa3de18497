// Package backup implements Baton's backup formats, specified in
// spec/backups.md: the paper key text that a person types back from a
// printed sheet (EncodePaperKey, DecodePaperKey), with check characters
// per line and over the whole key, and the M-of-N shares of a recovery key
// (SplitKey, ParseShare, CombineShares) written as PGP words with
// Reed-Solomon check words.
package backup
