package report

import "github.com/imgaudit/imgaudit/pkg/result"

// Rule describes one check of the catalogue, for the formats that list
// every check whether or not it found anything: SARIF rules and JUnit test
// cases. The command fills the list in from the catalogue, so that report
// reads nothing but plain types.
type Rule struct {
	ID       string
	Severity result.Severity // the check's default
	Summary  string
	// Rationale says why a finding matters, Fix what to do about it.
	Rationale string
	Fix       string
	// Disabled is true when the policy turned the check off.
	Disabled bool
}
