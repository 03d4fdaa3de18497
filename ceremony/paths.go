package ceremony

import "path/filepath"

// The layout of a package's part of the vault, for the callers that name
// its files to a person (the CLI's reports, the app's pages). Everything
// sits under Package.Dir:
//
//	chain                     the chain (ChainPath)
//	keys/<label>.sec, .pub    the keys: recovery, K1, K2, ... (KeyPath, PublicKeyPath)
//	releases/<v>/SHA256{,.sig} each release's checksum list and its signature
//	transcripts/              the signed ceremony transcripts (TranscriptsDir)
//	journal.json              the journal of an unfinished ceremony

// KeysDir is the folder holding the package's key files.
func (p *Package) KeysDir() string { return p.path("keys") }

// KeyPath is where the secret key labelled label ("recovery", "K1", ...)
// is kept, whether or not it is there.
func (p *Package) KeyPath(label string) string { return p.path("keys", label+".sec") }

// PublicKeyPath is where the public key labelled label is kept.
func (p *Package) PublicKeyPath(label string) string { return p.path("keys", label+".pub") }

// ChecksumsPath is the checksum list of the release of version.
func (p *Package) ChecksumsPath(version string) string {
	return filepath.Join(p.releaseDir(version), "SHA256")
}

// SignaturePath is the signed checksum list of the release of version, the
// file published beside the release files.
func (p *Package) SignaturePath(version string) string { return p.ChecksumsPath(version) + ".sig" }

// TranscriptsDir is the folder holding the package's signed transcripts.
func (p *Package) TranscriptsDir() string { return p.path("transcripts") }

// JournalPath is the journal an unfinished ceremony of the package keeps;
// it exists only while one is unfinished (or a genesis was interrupted).
func (p *Package) JournalPath() string { return p.journalPath() }
