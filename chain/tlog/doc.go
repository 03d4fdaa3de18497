// Package tlog holds the formats and checks of Baton's transparency log on
// the client's side: the log's leaves are chain entries exactly as signed;
// a proof file (C2SP tlog-proof) shows a chain's head is in a checkpoint
// signed by the log and cosigned by witnesses (C2SP tlog-checkpoint,
// tlog-cosignature); a policy (the Sigsum policy format with vkeys, as
// Tessera reads it, plus a maximum age) says which log and witnesses a
// client trusts; and the log's evidence of refused conflicting entries.
// It is specified in spec/log.md. It never imports the GUI toolkit and
// builds without cgo.
package tlog
