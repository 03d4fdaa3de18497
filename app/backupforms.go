package app

// backupCeremonies are the backup ceremonies: key file copies, paper
// sheets, recovery shares and restoring (or restore-testing) a key.
func backupCeremonies() []ceremonyCard { return nil }
