package ceremony

import "fmt"

// Step is one step of a ceremony's plan: the name its journal records
// and the title it announces (UI.Step) and its transcript lists. A UI
// shows a ceremony's plan before running it instead of copying titles.
type Step struct {
	Name  string
	Title string
}

// The steps several ceremonies share.
var (
	readinessPlan   = Step{"readiness", "check the machine is ready"}
	choosePlan      = Step{"choose", "choose the replacement key's label"}
	replacementPlan = Step{"generate", "generate the replacement key"}
)

// GenesisPlan is the genesis (and adopt) ceremony's steps: with an
// emergency key, its generation comes before the genesis entry, which
// commits to it.
func GenesisPlan(gp GenesisParams) []Step {
	recovery := Step{"generate-recovery", "generate recovery key (keep offline)"}
	if gp.SignatoryOf != "" {
		recovery = Step{"share-recovery", "share the recovery key of " + gp.SignatoryOf + " (the same signatory)"}
	}
	plan := []Step{
		readinessPlan,
		recovery,
		{"generate-K1", "generate key for release 1"},
		{"generate-K2", "generate key for release 2 (release plus two)"},
	}
	if gp.EmergencyKey {
		plan = append(plan, Step{"generate-emergency", "generate the emergency key (ML-DSA-65, keep offline)"})
	}
	return append(plan,
		Step{"genesis-entry", "sign the genesis entry"},
		Step{"restore-test", "restore-test the new keys from the vault"})
}

// ReleasePlan is the release ceremony's steps: with a backup folder, the
// new key's backup and its restore test come before old keys are retired.
func ReleasePlan(rp ReleaseParams) []Step {
	plan := []Step{
		readinessPlan,
		{"hash", "hash the release files"},
		{"sign", "sign the checksum list with the key in force"},
		{"entry", "append the release entry announcing the next key"},
		{"generate", "generate the release-plus-two key"},
		{"restore-test", "restore-test the new key from the vault"},
	}
	if rp.BackupFolder != "" {
		plan = append(plan,
			Step{"backup", "back up the new key to the backup folder"},
			Step{"backup-restore-test", "restore-test the backup copy"})
	}
	return append(plan, Step{"retire", "retire secret keys no longer needed"})
}

// RekeyPlan is the re-key ceremony's steps.
func RekeyPlan(RekeyParams) []Step {
	return []Step{
		readinessPlan, choosePlan, replacementPlan,
		{"entry", "sign the re-key entry with the recovery key"},
		{"restore-test", "restore-test the replacement key"},
		{"retire", "delete the replaced key's secret"},
	}
}

// EmergencyPlan is the emergency ceremony's steps.
func EmergencyPlan(EmergencyParams) []Step {
	return []Step{
		readinessPlan, choosePlan, replacementPlan,
		{"entry", "reveal the emergency key and sign the emergency entry"},
	}
}

// BackupFilesPlan is the steps of a backup to key file copies.
func BackupFilesPlan(BackupParams) []Step {
	return []Step{
		readinessPlan,
		{"copy", "copy the encrypted key files to the backup folder"},
		{"restore-test", "restore-test every copy: read back, decrypt, compare"},
	}
}

// BackupPaperPlan is the steps of a paper backup.
func BackupPaperPlan(BackupParams) []Step {
	return []Step{
		readinessPlan,
		{"sheets", "render a paper sheet per key"},
		{"restore-test", "restore-test every sheet: read back text and QR, decrypt, compare"},
	}
}

// SharesPlan is the steps of splitting the recovery key M of N.
func SharesPlan(sp SharesParams) []Step {
	return []Step{
		readinessPlan,
		{"split", fmt.Sprintf("split the recovery key %d of %d and write a sheet per share", sp.Threshold, sp.Total)},
		{"restore-test", "restore-test the split: read every sheet back and rebuild the key from sets of M"},
	}
}

// RestorePlan is the steps of a restore; a check writes no key.
func RestorePlan(rp RestoreParams) []Step {
	plan := []Step{
		readinessPlan,
		{"restore-test", "read the backup, decrypt it and compare it with the public key"},
	}
	if !rp.Check {
		plan = append(plan, Step{"install", "write the restored key into the vault"})
	}
	return plan
}

// HandoverRequestPlan is the steps of the successor's hand-over request.
func HandoverRequestPlan(HandoverRequestParams) []Step {
	return []Step{
		readinessPlan,
		{"generate-recovery", "generate the successor's recovery key"},
		{"generate-K1", "generate the successor's first release key"},
		{"generate-K2", "generate the successor's spare key (release plus two)"},
		{"draft", "sign the draft hand-over entry (acceptance)"},
	}
}

// HandoverSignPlan is the steps of the current signatory's hand-over.
func HandoverSignPlan() []Step {
	return []Step{
		readinessPlan,
		{"check", "check the draft and its signatures"},
		{"compare", "compare the successor's words out of band"},
		{"sign", "sign the hand-over with the key in force"},
	}
}

// HandoverAcceptPlan is the steps of the successor's acceptance.
func HandoverAcceptPlan() []Step {
	return []Step{{"import", "take the chain into the vault"}}
}

// WitnessPlan is the steps of a witness's co-signature of a hand-over
// draft (WitnessDraftFile), which needs no vault and keeps no journal:
// the caller announces them.
func WitnessPlan() []Step {
	return []Step{{"open-key", "open your witness key"}, {"co-sign", "co-sign the draft"}}
}
