package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/imgaudit/imgaudit/pkg/check"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// DefaultFile is the policy file read from the working directory when no
// other is named.
const DefaultFile = ".imgaudit.yaml"

// Policy is a parsed policy file. The zero value is the empty policy: the
// catalogue at its defaults, no waivers, no budgets.
type Policy struct {
	// File is where the policy was read from; empty for the empty policy.
	File string
	// FailOn is the gate threshold the file sets, as ParseThreshold reads
	// it; empty when the file sets none.
	FailOn string
	// Checks holds the per-check settings by check ID.
	Checks map[string]Rule
	// Ignore lists the waivers in the order the file gives them.
	Ignore []Waiver
	// Budgets are the limits the size-budget check enforces.
	Budgets check.Budgets
}

// Rule changes how one check runs.
type Rule struct {
	Disabled bool
	// Severity replaces the check's severity on every finding; 0 keeps it.
	Severity result.Severity
}

// Waiver accepts the findings of one check, or those at paths that match a
// glob, for a stated reason and until an optional date.
type Waiver struct {
	Check string
	// Path is a glob in the syntax of path.Match; empty waives every
	// finding of the check.
	Path   string
	Reason string
	// Expires is the last day the waiver applies; zero when it does not
	// expire.
	Expires time.Time
	// Line is where the waiver starts in File.
	Line int
}

// Load reads the policy file at name. An empty name reads DefaultFile and
// takes its absence for the empty policy; a named file must exist.
func Load(name string) (*Policy, error) {
	explicit := name != ""
	if !explicit {
		name = DefaultFile
	}

	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return &Policy{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the policy file: %w", err)
	}
	return Parse(name, data)
}

// ParseThreshold reads a gate threshold: a severity name, or "none", which
// turns the gate off and reads as 0.
func ParseThreshold(s string) (result.Severity, error) {
	if strings.EqualFold(s, "none") {
		return 0, nil
	}
	return result.ParseSeverity(s)
}

// CheckOptions returns the catalogue options the policy asks for.
func (p *Policy) CheckOptions() check.Options {
	opts := check.Options{
		Disabled: map[string]bool{},
		Severity: map[string]result.Severity{},
		Budgets:  p.Budgets,
	}
	for id, r := range p.Checks {
		if r.Disabled {
			opts.Disabled[id] = true
		}
		if r.Severity != 0 {
			opts.Severity[id] = r.Severity
		}
	}
	return opts
}
