package main

import (
	"fmt"
	"io"
	"strings"
)

var verbUsage = map[string]string{
	"init": `Usage: baton init --package NAME --name "Signatory Name" --operator YOU
                  [--signatory-of PACKAGE] [--emergency-key] [--witness NAME]...
                  [--require-offline] [--kdf-rounds N]

Runs the genesis ceremony: makes the recovery key and the keys for the first
two releases (K1, K2) in the vault, signs the genesis entry and writes a
signed transcript. It prints the chain file to publish and the signatory's
recovery key, as text and words: publish those where users can compare them
at first trust (your web page, a talk slide, read out on a call).

  --package NAME      the package, as its ecosystem spells it
  --name NAME         the signatory's name, as users will see it
  --signatory-of PKG  start the chain under the signatory of PKG, another
                      package of this vault: it shares PKG's recovery key
                      (and passphrase), so users who trust you for PKG can
                      trust this package without comparing words again
  --operator NAME     who runs the ceremony (recorded in the transcript)
  --witness NAME      someone watching the ceremony (repeatable)
  --require-offline   refuse to run while a network interface is up
  --emergency-key     also make an offline ML-DSA-65 emergency key; the
                      genesis commits to its hash (see baton help emergency)
  --kdf-rounds N      bcrypt_pbkdf rounds for new secret keys (default 42)
`,
	"adopt": `Usage: baton adopt --chain ORIGINAL-CHAIN --name "Signatory Name" --operator YOU
                   [--witness NAME]... [--require-offline] [--kdf-rounds N]
                   [--emergency-key]

Starts your own, independent chain for a package someone else signs: a fork.
The package name comes from the original chain, which must verify; your
transcript records the signatory you forked from. Users who trust the
original signatory are refused your chain until they remove their pin and
trust yours deliberately.
`,
	"release": `Usage: baton release --package NAME --version V --dir DIR [FILE...] --operator YOU
                     [--witness NAME]... [--repo PATH] [--require-offline] [--yes]
                     [--kdf-rounds N] [--backup FOLDER] [--include-dotfiles]
                     [--keep-used-key]

Runs the release ceremony: lists the release files (every regular file in
DIR and its subdirectories, or the FILEs named relative to DIR) and hashes
them, signs their checksum list with the key in force, appends the release
entry announcing the next key, generates the release-plus-two key,
restore-tests it, and wipes the secret of the key that signed the release
from the vault: every version, patch releases included, is a release of its
own signed by the next key, so that key never signs again. It names the
backups of the wiped key still to destroy (baton backup destroyed records
it). Interrupted, it resumes when run again with the same arguments.

A DIR holding symlinks is refused (sign the files themselves), and so is
one holding dotfiles (names starting with '.', such as .env or .git/)
unless --include-dotfiles says to sign them.

It prints what to publish: the chain file and SHA256.sig, which it copies
beside the release files in --dir (the vault keeps releases/V/SHA256.sig)
and which also verifies with stock signify:
signify-openbsd -C -p K.pub -x SHA256.sig

  --repo PATH         the package's git repository: refuse to sign with a
                      key whose secret appears in its files or history
  --kdf-rounds N      bcrypt_pbkdf rounds for the new key (default: as the
                      package's existing keys)
  --backup FOLDER     copy the new release-plus-two key to FOLDER (removable
                      media) and restore-test the copy before the ceremony ends
  --include-dotfiles  sign dotfiles and the files in dot-directories too
  --keep-used-key     keep the secret of the key that signed the release (and
                      of older used keys) in the vault; the next release
                      without this flag wipes them
`,
	"abort": `Usage: baton abort --package NAME

Drops the journal of an unfinished ceremony. Keys it generated stay in the
vault; the chain is untouched unless the entry was already appended.
`,
	"rekey": `Usage: baton rekey --package NAME --reason "one line" --operator YOU
                   [--shares FILE...] [--yes] [--witness NAME]...
                   [--require-offline] [--kdf-rounds N]

Runs the re-key ceremony when the key in force is lost (or must no longer be
trusted): generates a replacement key, signs a re-key entry announcing it
with the package's recovery key, restore-tests the replacement and offers to
delete the replaced key's secret (--yes answers yes). The recovery key comes
from the vault (its passphrase is asked), or is rebuilt from M of its N
shares with --shares; the rebuilt key is not kept.

It prints the chain to publish. Every user who trusts the package is asked
to consent to the re-key, and reads --reason, before accepting anything
signed after it. A release interrupted by the lost key must be dropped
first: baton abort --package NAME.

  --reason TEXT       why the key is replaced, in one line users will read
  --shares FILE...    share files (their text, or a photo or scan of a
                      sheet's QR code), at least the split's threshold
`,
	"handover": `Usage: baton handover request --chain CURRENT-CHAIN --name "Successor Name" --operator YOU
                              --out DRAFT [--package NAME] [--reason "one line"]
                              [--witness-key "Name=KEY"]... [--kdf-rounds N]
       baton handover witness --draft DRAFT --key WITNESS.sec
       baton handover sign --package NAME --draft DRAFT --operator YOU [--yes]
       baton handover accept --chain PUBLISHED-CHAIN --operator YOU [--package NAME]

A supervised hand-over moves a package's chain to a successor, in four steps:

request   the successor, in their own vault: makes their recovery key and
          release keys and writes a draft hand-over entry signed with them
          (their acceptance). It prints their key words: read them aloud with
          the outgoing signatory, out of band. --witness-key names a witness
          who must co-sign: their name, '=', and their public key as its 56
          base64 characters or their signify .pub file (repeatable).
witness   each witness named in the draft co-signs it with their signify
          secret key (asked for its passphrase if it has one); the draft is
          rewritten in place.
sign      the outgoing signatory checks the draft against their chain and
          every signature on it, confirms that the successor's words were
          compared out of band (--yes answers yes; with no terminal and no
          --yes nothing is signed, exit 3), and signs it with the key in
          force. Publish the chain it prints.
accept    the successor takes the published chain into their vault and signs
          the next releases.

Every user who trusts the package is asked to consent to the hand-over,
with the witnesses who co-signed it, before they accept anything the
successor signs.
`,
	"emergency": `Usage: baton emergency --package NAME --reason "one line" --operator YOU
                       [--witness NAME]... [--require-offline] [--kdf-rounds N]

Runs the emergency ceremony, for the day Ed25519 can no longer be trusted:
reveals the package's ML-DSA-65 emergency key, whose hash the genesis
committed to (baton init --emergency-key), and signs with it an emergency
entry announcing a fresh replacement key. Clients accept it only because an
entry they already trusted committed to that key, and every user is asked
to consent to it. It prints the chain to publish.

  --reason TEXT       why, in one line users will read
`,
	"backup": `Usage: baton backup --package NAME --to FOLDER [--paper] [LABEL...] --operator YOU
                    [--witness NAME]... [--require-offline]
       baton backup list --package NAME
       baton backup destroyed --package NAME LABEL...

Runs the backup ceremony for the keys LABEL... (recovery, K1, K2, ...; by
default every key whose secret is in the vault). A backup counts only once a
restore test proved it: each is read back, decrypted with the passphrase
(asked here) and matched with the key's public key, then recorded in the
vault's backups.json. It prints where each backup is and which keys are
still not restore-tested.

  --to FOLDER   where the backups go, under FOLDER/baton-backup/PACKAGE/:
                removable media, outside any git work tree
  --paper       write a paper sheet per key (LABEL-paper.pdf: the key as a
                QR code and as typed-restore text, still encrypted with the
                passphrase) instead of copies of the encrypted key files.
                Print the sheets, prove a printout with baton restore
                --check from a photo of its QR code, then delete the PDFs.

list shows the package's backups (key, kind, restore-tested, when, where)
and the keys whose only copy is the vault.

destroyed records that you destroyed every backup of the retired keys
LABEL... (copies and paper sheets): a release wipes the secret of the key
that signed it from the vault, and status reminds you of its backups until
you say they are gone.
`,
	"restore": `Usage: baton restore --package NAME --label LABEL --from BACKUP [--check] --operator YOU
                     [--witness NAME]... [--require-offline]

Restores a key into the vault from a backup: a copy of its .sec file, the
paper sheet's typed-restore text typed into a file, or a photo or scan (PNG,
JPEG) of the sheet's QR code. The backup is decrypted with the passphrase
and matched with the key's public key (or, when that is lost too, the chain)
before keys/LABEL.sec is written; an existing key file is never replaced.

  --label LABEL   the key the backup holds: recovery or K<n> (--key too)
  --from BACKUP   the backup file
  --check         only restore-test the backup and record it as proven; no
                  key is written (to prove a printout or an old copy while
                  the vault still holds the key)
`,
	"shares": `Usage: baton shares --package NAME --to FOLDER --threshold M --total N
                    [--holder NAME]... --operator YOU [--witness NAME]...
                    [--require-offline]

Splits the package's recovery key M-of-N: any M shares rebuild it, fewer
reveal nothing. It writes one PDF sheet per share (its words and a QR code)
under FOLDER/baton-backup/PACKAGE/recovery-shares-SPLIT/ and proves the
split by a restore test: every sheet is read back and sets of M shares that
together use every share must rebuild the recovery key. It prints the sheets
and who holds which. Print them, give each to its holder in person, then
delete the folder. baton rekey --shares rebuilds the key from M of them
(their typed text, or photos of their QR codes).

  --threshold M   shares needed to rebuild the key (at least 2)
  --total N       shares to make (at most 255)
  --holder NAME   who share i is for, printed on its sheet: give none, or
                  one per share in order (repeatable)
`,
	"status": `Usage: baton status

For each package in the vault: the chain's head (position and kind), the key
in force, the spare keys, the keys without a restore-tested backup, the
backups of retired keys still to destroy, and any unfinished ceremony.
`,
	"keys": `Usage: baton keys list --package NAME
       baton keys show --package NAME LABEL [--qr] [--png FILE]

list shows each key of a package (recovery, K1, K2, ...): in force (signs
the next entry), spare (generated, not yet announced), used (signed an
earlier entry, secret kept with --keep-used-key), retired (secret deleted)
or recovery; with its fingerprint words.

show prints one public key as signify text, its .pub file and its
fingerprint words; --qr adds a QR code for the terminal and --png FILE
writes a 512-pixel PNG QR code (the key is public).
`,
	"verify": `Usage: baton verify --package NAME --chain CHAIN|URL|-
                    [--sig SHA256.sig|URL [--dir DIR] [--release VERSION] [--strict] [FILE...]]
                    [--expect-key KEY | --expect-words "W1 W2 ... W12"]
                    [--consent ask|refuse] [--accept POSITION:HASH|SIGNATORY-ID]...
                    [--log-policy FILE] [--log-proof FILE] [--log-head]

Checks package NAME's chain (--chain - reads standard input; an https://
URL is fetched within --timeout, default 30s, and a size limit) against
your trust store; a chain of another package is refused. The trust store is
locked while it runs, and your pin moves only when the whole verdict is OK.

The first time (nothing pinned for the package) it verifies the chain from
its genesis and asks you for the signatory's key as they published it:
--expect-key (the 56-character key text), --expect-words (the 12 words), or
typed at the terminal, before it shows the chain's own. A match pins the
chain; a mismatch refuses (exit 1); a typo or a wrong count is an input
error (exit 2, or type again at the terminal); with no way to ask, nothing
is pinned (exit 3).

Later, it checks the chain against your pin: a fork, a rollback or a second
history at your pin is refused. --expect-key and --expect-words are checked
against the signatory in force. A hand-over, re-key or emergency switch
needs your consent to that event: asked at the terminal (--consent ask, the
default; exit 3 without one), or named with --accept POSITION:HASH (shown by
baton log and in the hint) or, for a hand-over, --accept with the new
signatory's id. --consent refuse declines every event (exit 3, the pin
stays).

With --sig it then checks a release: the signed checksum list must be the
one the chain names, and every file it lists, in --dir (default: the
directory of --sig), must match; FILE arguments check only those names, as
signify -C does. The release is found by the list's hash and must be the
chain's newest; an older one is refused unless --release names it. Files in
the directory that the list does not name are listed; --strict refuses them.

Under a transparency log policy (--log-policy, else $BATON_LOG_POLICY,
else baton/log-policy in your configuration directory, when it exists) the
chain's head must be proven in the log: --log-proof, default the chain's
path or URL with .tlog-proof. The proof is refused unless the checkpoint
is signed by the policy's log, cosigned by its quorum of witnesses within
its max-age, and no older than the newest checkpoint your trust store saw
from that log; online (--log-head, or a chain or proof by URL) an older
one counts when the log's tiles prove it a prefix of the newer. --log-head
also asks the log (online) for the chain's
newest logged head, and refuses an older copy (a frozen mirror).
`,
	"publish": `Usage: baton publish --chain CHAIN [--log URL] [--log-policy FILE] [--proof FILE]
                     [--timeout 2m]

Logs the chain's entries that the transparency log does not hold yet, waits
for a checkpoint that the log's witnesses cosigned, and writes the proof
that the chain's head is in the log beside the chain (CHAIN.tlog-proof, a
C2SP tlog-proof). Run it on an online machine: it needs no vault and no
passphrase. Run it again to renew the proof (a newer checkpoint) without a
new release: a policy refuses proofs older than its max-age.

The log is --log, else the policy's first log with a URL; the policy is
--log-policy, else $BATON_LOG_POLICY, else baton/log-policy in your
configuration directory. First seen wins: the log refuses an entry that
conflicts with one it holds, and keeps it as evidence. If the entry the log
holds is not yours, a key was stolen: re-key, and watch with baton monitor.
`,
	"monitor": `Usage: baton monitor [--log URL] [--log-policy FILE] [--package NAME]... [--chain CHAIN]...
                     [--state FILE] [--timeout 30m]

Follows the transparency log for your packages: it verifies the log's
newest checkpoint with the policy (signed by the log, cosigned by a quorum
of witnesses, no older than max-age), checks it extends the tree it saw
last time, reads every entry logged since (tiles, verified against the
checkpoint) and the log's evidence, and raises an ALARM for any entry of
your packages under your signatory that is not in your chain, or any
evidence about them: one of your keys was stolen or misused. Another
signatory's chain for the same name (a fork) is a NOTICE. Exit 1 on an
alarm. Run it on an online machine, regularly: it needs no secret (it
reads the chains of --chain, of --package in the vault, or of every
package in the vault) and resumes where it stopped (--state, default in
your cache directory).
`,
	"trust": `Usage: baton trust list
       baton trust add --package NAME --chain CHAIN [--expect-key KEY | --expect-words "W1 ... W12"]
       baton trust remove PACKAGE
       baton trust signatory --package PACKAGE | --remove SIGNATORY-ID

The trust store pins each package to one signatory and a position in its
chain. add is verify's first trust without release files; remove drops a
pin, so that the next verify is a first trust again (to follow a fork or a
new signatory deliberately).

A first trust of a package whose signatory you already trust for another
package is offered without comparing words again ("signed by Ada, whom you
already trust for example.org/hello"; --accept SIGNATORY-ID says yes
without a terminal). signatory --package trusts the signatory of a pinned
package for every package it signs: such a first trust is then taken
without a question. Hand-overs and re-keys always need consent, package by
package.
`,
	"deps": `Usage: baton deps --manifest FILE|URL [--explain PACKAGE] [--words]
                  [--recent DAYSd] [--jobs N] [--timeout DURATION]
                  [--consent ask|refuse] [--accept POSITION:HASH|SIGNATORY-ID]...
                  [--log-policy FILE]

Checks every package a manifest lists against your trust store, as verify
checks one, on every core, and prints a trust report: at the top what needs
you (packages that changed hands or re-keyed in the last --recent days,
default 90d; refusals; hand-overs and re-keys waiting for your consent;
packages never pinned), then one line per package: its verdict, signatory,
pin, newest release, events since your pin, and log proof. --explain
PACKAGE prints one package's whole story; --words adds the signatories'
fingerprint words; --json prints the report for machines.

Pins move forward where a chain verifies with nothing to decide. Consent
is asked package by package, as verify asks it, or given with --accept. A
package never pinned whose signatory you already trust for another package
is offered on that trust; any other needs its words compared, with
baton verify. Exit codes are verify's: 1 if any package is refused, 4 if
any could not be checked, 3 if a decision is left open, else 0.

The manifest is TOML (baton-deps.toml):

  [[package]]
  name = "example.org/hello"
  chain = "https://example.org/hello/chain"     # or a path
  signature = "https://example.org/hello/SHA256.sig"  # optional
  proof = "https://example.org/hello/chain.tlog-proof" # optional: the default

Relative locations start at the manifest's directory, or its URL. Baton
fetches https:// URLs itself (http:// only from this machine), each within
--timeout (default 30s) and a size limit, with no redirect to another
scheme, and caches them; the transport is never trusted.

Under a transparency log policy (as for verify: --log-policy, else
$BATON_LOG_POLICY, else baton/log-policy in your configuration directory)
each package's head must be proven in the log by its proof, else the
package is refused with the cause; the report says where the log holds it
("logged #12, 2 of 3 witnesses"). A proof in a checkpoint older than the
newest seen (another package published later) counts when the log's tiles
prove it a prefix of the newer one. With no policy: "no log proof".
`,
	"log": `Usage: baton log --chain CHAIN
       baton log --package NAME

Shows a chain as a timeline, one block per entry: position, kind, time, the
version, hand-over (from whom to whom, the old and new signatory id, the
witnesses one per line) or reason, and the fingerprint words of the key it
announces. Hand-overs and re-keys after your pin are marked as needing
consent. Entries are printed as they are read (--chain - reads standard
input), and the chain is verified from its genesis alongside. Names are
quoted, and control, bidirectional and zero-width characters read from the
chain are shown escaped (\x1b, \u202e). --json prints the entries. Exits
1 if the chain does not verify.
`,
	"transcript": `Usage: baton transcript --package NAME [TRANSCRIPT]

Lists the package's ceremony transcripts, or prints one after checking its
signature. Transcripts verify with stock signify too:
signify-openbsd -V -e -p K.pub -x FILE.txt.sig -m FILE.txt
`,
	"help": `Usage: baton help [VERB]
`,
	"version": `Usage: baton version   (or baton --version)

Prints Baton's version, the one the desktop app's About screen shows; with
--json, as {"version": "..."}.
`,
}

const globalHelp = `GLOBAL FLAGS (every verb)
  --vault DIR             the vault (default $BATON_VAULT, else
                          $XDG_DATA_HOME/baton, else ~/.local/share/baton)
  --trust FILE            the trust store (default $BATON_TRUST, else
                          $XDG_CONFIG_HOME/baton/trust, else ~/.config/baton/trust)
  --json                  print one JSON object on stdout
  --passphrase-file FILE  read the passphrase from FILE's first line (also
                          $BATON_PASSPHRASE_FILE); otherwise it is asked at
                          the terminal, without echo
  --yes                   answer yes to confirmations (retiring old keys,
                          signing a hand-over)
`

const exitHelp = `EXIT CODES
  0  success
  1  verification refused: bad chain, signature or files; key mismatch
  2  usage error
  3  a person must decide (first trust not confirmed, consent needed) and
     nobody could be asked, or they declined
  4  ceremony or I/O failure: vault, passphrase, unfinished ceremony...

ENVIRONMENT
  BATON_VAULT, BATON_TRUST, BATON_PASSPHRASE_FILE   defaults for the flags
`

func (e *env) writeUsage(w io.Writer, topic string) {
	topic, _, _ = strings.Cut(topic, " ")
	if u, ok := verbUsage[topic]; ok {
		fmt.Fprintf(w, "%s\n%s\n%s", u, globalHelp, exitHelp)
		return
	}
	fmt.Fprintf(w, "Baton signs package releases with a chain of keys, and checks them.\n\nUsage: baton VERB [FLAGS]\n\nVERBS\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun baton help VERB (or baton VERB -h) for a verb's flags.\n\n%s\n%s", globalHelp, exitHelp)
}

// showHelp prints help on stdout; the run then exits 0.
func (e *env) showHelp(topic string) error {
	e.writeUsage(e.stdout, topic)
	return errHelpShown
}

func cmdHelp(e *env, args []string) error {
	if len(args) == 0 {
		return e.showHelp("")
	}
	if _, ok := verbUsage[args[0]]; !ok {
		return usageErr(fmt.Sprintf("help: no verb %q", args[0]), "baton help")
	}
	return e.showHelp(args[0])
}
