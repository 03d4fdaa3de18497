package vectors

import (
	"bytes"
	"fmt"
)

// attacks says what each vector models; the generator copies it into the
// manifest and docs/ATTACKS.md. Cases without an entry are format checks.
var attacks = map[string]string{
	"first-trust-whole-story":               "baseline: a new user verifies the whole chain, every signature, and is shown the re-key and hand-over as history",
	"pinned-at-release-1.0-skips-to-head":   "upgrade across skipped releases: pinned at 1.0, jumps to 2.0 over a re-key and a hand-over (both need consent)",
	"pinned-after-rekey":                    "upgrade from after the re-key: only the hand-over needs consent",
	"pinned-at-head":                        "nothing new: the chain ends at the pin",
	"pinned-at-genesis":                     "pinned at genesis, before any release",
	"signature-lines-in-any-order":          "signature order on an entry is not significant",
	"extra-unknown-signature-ignored":       "a late witness adds a signature by a key the client does not know: ignored, as in signed notes",
	"fork-by-another-signatory":             "fork: someone adopts the package under the same name and versions, signing with their own keys",
	"bad-signature":                         "a flipped bit in a release entry's signature",
	"signed-by-unannounced-key":             "an attacker signs a release entry with a key no earlier entry announced",
	"rollback-truncated-chain":              "rollback: a mirror serves a chain that ends before the user's pin",
	"equivocation-against-pin":              "equivocation: the signatory (or a thief of its key) shows this user a different entry at the pinned position",
	"equivocation-within-chain":             "equivocation: two different validly signed entries at one position in one file",
	"second-entry-unsigned-is-altered":      "a mirror with no key adds a second entry at a position: the copy was altered, not equivocation (nobody's key signed it)",
	"altered-at-pin-is-not-equivocation":    "a mirror with no key alters the entry at the user's pin: refused as unsigned, never named equivocation",
	"duplicated-entry":                      "an entry repeated in the file",
	"reordered-entries":                     "two entries swapped",
	"missing-entry":                         "an entry dropped from the middle of the chain",
	"entry-for-another-package":             "a validly signed entry naming another package spliced into this chain",
	"broken-prev-link":                      "an entry signed by the right key but linking a different history",
	"entry-replayed-from-another-chain":     "replay: an entry from another signatory's chain spliced in at the next position",
	"handover-not-signed-by-old-key":        "hand-over forged by the would-be successor: not signed by the outgoing key",
	"handover-missing-successor-acceptance": "hand-over to a key whose holder never accepted (no proof of possession)",
	"handover-forged-witness":               "hand-over with a witness signature line that does not verify",
	"handover-witness-missing":              "hand-over naming a witness who did not sign",
	"rekey-not-signed-by-recovery-key":      "re-key signed by the old (lost) key instead of the offline recovery key",
	"key-announced-twice":                   "a release announces a key already used: every position gets a fresh key",
	"wrong-signatory-id":                    "an entry claims another signatory id than the chain's",
	"entry-signed-by-retired-key":           "an attacker holding a retired key (K2) signs a new entry after K5 took over",
	"freeze-old-head-not-detectable":        "freeze: a mirror serves an old but valid head; Baton cannot tell without a fresher source (SECURITY.md, What Baton cannot promise)",
	"chain-of-another-package":              "a valid chain of another package offered for this one",
	"emergency-key-committed-at-genesis":    "Ed25519 falls: the signatory reveals the ML-DSA-65 key its genesis committed to (needs consent)",
	"emergency-key-never-committed":         "an attacker who broke Ed25519 reveals a post-quantum key of their own",
	"emergency-commitment-after-pin":        "an attacker who broke Ed25519 forges a commitment after the user's pin, then reveals its key",
	"emergency-bad-pq-signature":            "an emergency entry whose ML-DSA-65 signature does not verify",
	"version-released-twice":                "a second release entry for a version already released: which files are 1.1?",
	"handover-witnessed-by-outgoing-key":    "a hand-over whose only witness is the outgoing signatory's own key",
	"fork-shorter-than-pin":                 "a fork shorter than the user's pin is still named a fork, not a rollback",
	"handover-witnessed-by-retired-key":     "a hand-over whose witness is a retired key of the chain: witnesses must be independent",
	"truncated-file":                        "a chain file cut off in the middle of an entry",
	"release-files-match":                   "baseline: release files match the signed checksum list the entry names",
	"release-file-altered":                  "a release file altered after signing",
	"release-mix-and-match-list":            "mix-and-match: a validly signed checksum list that is not the one the entry names",
	"release-list-of-another-version":       "mix-and-match: version 1.0's files offered as version 1.1",
	"release-list-signed-by-retired-key":    "a checksum list signed by another release's key (K2) but named by release 1.0's entry",
}

// elsewhere lists the attacks whose tests are not vectors: attack, what
// refuses it, and the test.
var elsewhere = [][3]string{
	{"the signatory of another pinned package serves its own chain and a list naming this package's files", "verify needs --package; a chain of another package is refused (ErrOtherPackage)", "cmd/baton/testdata/script/trustpath.txtar; TestCheckIsBoundToThePackage"},
	{"a pin raised from a bare Pin: the app pinned a thief's fork at a higher position", "only TrustStore.Accept of a TrustStore.Check moves a pin", "TestEventsNeedTheirOwnConsent, TestAStaleCheckIsRefused (chain); app TestVerify* (fork at the pin refused, re-key needs the consent dialog)"},
	{"--expect-words or --expect-key ignored once a package is pinned", "checked against the signatory in force", "trustpath.txtar"},
	{"two verifies race: one writes back a stale store and the pin goes back", "the trust store is locked from load to save", "TestTwoVerifiesRace (two real processes)"},
	{"key names and entry text with ESC, bidi or line separators rewrite the terminal", "key names limited to the signed-note grammar; fields quoted or escaped; a safe writer at the output boundary", "TestVerifyHostileText, TestLogHostileKeyNames, TestKeysHostileVault, TestHostileKeyNameRefused, vector entry-key-name-with-escape"},
	{"a successor's name holding '\"' and ',' forges the witness list of the consent text", "names quoted, witnesses one per line, old → new signatory id", "TestVerifyConsentQuotesNames, TestLogQuotesNamesAndShowsHandover"},
	{"an older release served with the newest chain (downgrade)", "refused unless --release names it", "lifecycle.txtar, readme.txtar"},
	{"files in the release directory that the list does not name", "listed in the verdict and the JSON; --strict refuses them", "trustpath.txtar"},
	{"a 1 GiB chain, 1 GiB or 100 MB through a pipe, one 10 MB line, 200,000 lines; a 1 GiB signature file", "streamed and refused in bounded memory (bench/hostile.sh, BENCH.md)", "TestHostileChainInput"},
	{"a refused release (an altered file) still moves the pin", "the pin moves only when the whole verdict is OK", "trustpath.txtar"},
	{"a typo in the words reported as MISMATCH", "an input error (ErrWordInput), retyped at the terminal", "TestCheckWords, trustpath.txtar, TestInteractiveFirstTrust"},
	{"the first-trust prompt shows the chain's words before asking for the published ones", "asked first, shown after", "TestInteractiveFirstTrust"},
	{"a blanket --consent accept follows any future hand-over", "consent names the event (--accept POS:HASH or the successor's id)", "rekey.txtar, handover.txtar, TestHandoverNeedsConsent"},
	{"a key file asking for 65,536 bcrypt rounds (20 minutes an attempt)", "the cost is estimated and asked about first; the KDF can be cancelled", "TestHostileKDFRounds, TestOpenKeyFileAsksBeforeASlowKDF"},
	{"an unsigned second entry at a position accuses the signatory of equivocation", "equivocation only when a key in force signed both; else ErrAltered", "vectors second-entry-unsigned-is-altered, altered-at-pin-is-not-equivocation"},
	{"a vault, witness key, restore source or backup target that is a symlink into a git work tree", "every secret key path is resolved through symlinks before the work-tree check", "cmd/baton/testdata/script/worktree.txtar"},
	{"a thief of a used release key kept in the vault forks at the next position", "used keys are wiped after the next release unless --keep-used-key; status reminds of their backups until destroyed", "release_files.txtar, backup.txtar, TestGenesisThenReleasesPlusTwo"},
	{"a .env with a token in the release directory gets its hash published; symlinks dropped silently", "the release lists what it signs and refuses dotfiles (unless --include-dotfiles) and symlinks", "release_files.txtar"},
	{"the crash-injection variable works in the shipped binary", "the hook is compiled into the test binary only", "TestShippedBinaryHasNoCrashHook"},
	{"the app's Verify screen pins over an existing pin: a fork at the pin, a re-key with no question", "the app verifies through TrustStore.Check and asks about each event in a dialog before Accept", "app TestVerifyPinnedRefusesForks, TestVerifyRekeyAfterPinAsksConsent, TestVerifyStaleConsentIsRefused"},
	{"a namesake (same signatory name, another recovery key) poses as a signatory the user trusts for another package", "signatory-level trust compares the signatory id derived from the recovery key, never the name", "TestOtherSignatoriesAreNotVouchedFor, signatory.txtar"},
	{"a vouching pin is removed between the check and the accept, and the first trust goes through anyway", "Accept asks the store again", "TestSignatoryTrustIsCheckedAtAccept"},
	{"a mirror answers slowly forever, or sends an endless body", "one deadline per fetch; the size limit applied as the body streams; nothing pinned", "TestRefusals (ceremony/fetch), deps.txtar"},
	{"a redirect from https to http, ftp or file; a URL with credentials; plain http to another machine", "https only (http only to loopback), no scheme change on redirect", "TestRefusals, TestOnlyHTTPSOrLoopback (ceremony/fetch), TestManifestRefusals"},
	{"a manifest key the reader does not know (a later version's pin, a typo'd signature) silently ignored", "unknown keys refused", "TestManifestRefusals, deps.txtar, FuzzParseManifest"},
	{"a dependency's tampered release signature hidden in a long report", "refused, listed under NEEDS ATTENTION, exit 1", "deps.txtar"},
	{"a thief with a copy of the vault forks the chain with the key in force, and every new user who compares the genuine words accepts it", "the log logs the first entry at a position and keeps a conflicting one signed by a key in force as evidence; under a log policy the thief's chain has no proof of its head (refused), and the maintainer's monitor raises the evidence (ALARM, exit 1)", "tlog_fork.txtar, TestFirstSeenWins, TestSubmitProveAndKeepEvidence"},
	{"the thief publishes first", "the genuine publish is refused and kept as evidence; the monitor raises the thief's logged entry and the refused genuine one", "tlog_fork.txtar"},
	{"a chain served without a log proof, with a tampered inclusion proof, or with the proof of another entry", "refused under a log policy (no log proof, ErrNotIncluded)", "tlog_publish.txtar, TestVerifyProofs"},
	{"a checkpoint without a witness quorum; a log that shows a split view", "witnesses cosign only a tree consistent with what they saw; below the quorum a client refuses (ErrNoQuorum); a monitor raises a tree that does not extend the one it saw", "tlog_splitview.txtar, tlog_publish.txtar, TestWitnessedCheckpoints, TestVerifyProofs"},
	{"a log proof older than the policy's max-age, or older than a checkpoint the user saw", "refused (ErrTooOld, ErrOlderThanSeen); a second tree of one size is a split view (ErrSplitView)", "tlog_publish.txtar, TestVerifyProofs, TestCheckSeen, TestTrustStoreRemembersNewestCheckpoint"},
	{"a proof signed by another key than the policy's log, or another origin", "refused (ErrWrongLog)", "tlog_publish.txtar, TestVerifyProofs, TestCheckpointOriginMustBeTheLogs"},
	{"the log is killed (SIGKILL) during a burst of appends", "every acknowledged entry is there after the restart, the tree extends the last checkpoint, every chain goes on", "TestKill9DuringAppends (the real process)"},
	{"a hostile log answers with endless bodies or tiles", "every answer read with a size limit; tiles authenticated against the verified checkpoint", "ceremony/logclient, TestHostileRequests"},
}

// AttackTable renders docs/ATTACKS.md from the cases.
func AttackTable(cases []Case) []byte {
	var b bytes.Buffer
	b.WriteString("# Attack suite\n\nEvery row is a test vector in testdata/vectors.json, run by `go test ./chain/` (TestVectors).\n")
	b.WriteString("Generated by `make vectors`; do not edit by hand. Format checks (malformed files) are in the manifest too, type `parse`;\n")
	b.WriteString("[testdata/README.md](../testdata/README.md) lists every case. What Baton promises and what it cannot: [SECURITY.md](SECURITY.md).\n\n")
	b.WriteString("| # | case | attack | fixture | verdict |\n|---|---|---|---|---|\n")
	n := 0
	for _, c := range cases {
		if c.Attack == "" {
			continue
		}
		n++
		fixture := c.Chain
		if c.Type == "release" {
			fixture += ", " + c.Sig + ", " + c.Root
		}
		if c.Pin != "" {
			fixture += fmt.Sprintf(", pin at %s", pinPosition(c.Pin))
		} else if c.Type == "first-trust" {
			fixture += ", no pin"
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %s |\n", n, c.Name, c.Attack, fixture, c.Expect)
	}
	b.WriteString("\nBounded-resource cases (TestHostileSizes in chain/limits_test.go): a 1 GB chain stream, a 10 MB line, a chain of 1,000,000 entries, a 100 MB garbage file: each refused with an error naming the line, in bounded memory.\n")
	b.WriteString("\n## Attacks on the trust path, tested outside the vectors\n\nWhat a mirror, a thief or a second process could do to the command line, the app or the trust store, and the test that shows it refused (issue 10).\n\n| # | attack | refused by | test |\n|---|---|---|---|\n")
	for i, a := range elsewhere {
		fmt.Fprintf(&b, "| %d | %s | %s | %s |\n", i+1, a[0], a[1], a[2])
	}
	return b.Bytes()
}

func pinPosition(line string) string {
	f := bytes.Fields([]byte(line))
	if len(f) < 3 {
		return "?"
	}
	return string(f[2])
}
