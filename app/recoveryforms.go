package app

// recoveryCeremonies are the ceremonies for when something went wrong: a
// re-key (from the vault's recovery key or from shares), an emergency
// entry, and adopting (forking) a chain.
func recoveryCeremonies() []ceremonyCard { return nil }
