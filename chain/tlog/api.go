package tlog

// A Baton log's HTTP API. Beside the static files of C2SP tlog-tiles
// (/checkpoint, /tile/...), which any web server or CDN can serve, the log
// answers:
//
//	POST /add              a chain file of entries to log, in order: AddResponse
//	GET  /proof/<hash>     a Proof of the logged entry with that entry hash,
//	                       in the newest published checkpoint (?wait=1 waits
//	                       for one that holds it)
//	GET  /head/<hash>      the logged head of the chain whose genesis has that
//	                       entry hash: Head
//	GET  /evidence?from=N  the evidence list from piece N (EvidenceItem lines)
//	GET  /evidence/<N>     piece N (MarshalEvidence)
const (
	PathAdd        = "/add"
	PathProof      = "/proof/"
	PathHead       = "/head/"
	PathEvidence   = "/evidence"
	PathCheckpoint = "/checkpoint"
)

// MaxSubmission bounds the body of one POST /add: a client sends a long
// chain in several.
const MaxSubmission = 1 << 20

// MaxResponse bounds what a client reads of any answer of the log.
const MaxResponse = 4 << 20

// AddResponse answers POST /add: the entries logged or found logged, in
// order, and the first entry refused, if any (the entries after it were
// not looked at).
type AddResponse struct {
	Entries []AddedEntry `json:"entries"`
	Refused *Refusal     `json:"refused,omitempty"`
}

// AddedEntry is one entry the log holds.
type AddedEntry struct {
	Position uint64 `json:"position"`
	Hash     string `json:"hash"`
	Index    uint64 `json:"index"`
	Present  bool   `json:"present"` // it was logged before
}

// Refusal says why the log refused an entry. Evidence is the number of
// the piece of evidence the log keeps of it, when a key in force signed
// it (a fork or an equivocation).
type Refusal struct {
	Position uint64 `json:"position"`
	Hash     string `json:"hash"`
	Reason   string `json:"reason"`
	Evidence uint64 `json:"evidence,omitempty"`
}

// Head answers GET /head/: a chain's logged head, the entry itself and
// its proof in the newest published checkpoint (none before one holds
// it). A client that checks the proof knows the log holds this head; it
// cannot know the log shows it the newest (spec/log.md).
type Head struct {
	Position uint64 `json:"position"`
	Hash     string `json:"hash"`
	Index    uint64 `json:"index"`
	Entry    string `json:"entry,omitempty"`
	Proof    string `json:"proof,omitempty"`
}
