package result

import "path"

// How a finding compares with a baseline.
const (
	BaselineNew   = "new"   // the baseline has no finding like it
	BaselineWorse = "worse" // the baseline has it at a lower severity
	BaselineKnown = "known" // the baseline has it at the same or a higher severity
)

// Waiver is a policy entry that accepts a finding for a stated reason.
type Waiver struct {
	Reason string `json:"reason"`
	// Path is the glob the waiver matches paths with; empty when it waives
	// every finding of the check.
	Path string `json:"path,omitempty"`
	// Expires is the last day the waiver applies, as YYYY-MM-DD; empty when
	// it does not expire.
	Expires string `json:"expires,omitempty"`
	// Source is where the waiver is written, "FILE:LINE".
	Source string `json:"source,omitempty"`
}

// Gate is the verdict of the pre-deploy gate.
type Gate struct {
	// FailOn is the threshold: high, medium, low, info, or none when the
	// gate is off.
	FailOn string `json:"failOn"`
	Passed bool   `json:"passed"`
	// Blocking counts the findings that fail the gate, Waived those a
	// waiver took out of it.
	Blocking int `json:"blocking"`
	Waived   int `json:"waived"`
	// Baseline is the baseline file findings were compared with, if any.
	Baseline string `json:"baseline,omitempty"`
}

// Identity is the finding's message-free identity, which baselines match
// on: "CHECK:PATH" with the path cleaned, "CHECK:SUBJECT" for a finding
// without a path, or the check ID alone. Rewording a message, or a file
// moving to another layer, leaves it unchanged.
func (f Finding) Identity() string {
	switch {
	case f.Path != "":
		return f.Check + ":" + path.Clean(f.Path)
	case f.Subject != "":
		return f.Check + ":" + f.Subject
	}
	return f.Check
}
