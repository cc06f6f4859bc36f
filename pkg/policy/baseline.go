package policy

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// BaselineVersion is the version of the baseline file format.
const BaselineVersion = 1

// Baseline is the set of findings a team has accepted for an image, so that
// the gate fails only on findings that are new or got worse.
type Baseline struct {
	Version int `json:"baselineVersion"`
	// Image says what the baseline was recorded from; it is not compared.
	Image    BaselineImage `json:"image"`
	Findings []Accepted    `json:"findings"`
	// File is where the baseline was read from.
	File string `json:"-"`
}

// BaselineImage names the image a baseline was recorded from.
type BaselineImage struct {
	Reference string `json:"reference"`
	Digest    string `json:"digest,omitempty"`
}

// Accepted is one accepted finding. It holds no message, so rewording a
// message or moving a file to another layer changes nothing.
type Accepted struct {
	// ID is the finding's identity, as result.Finding.Identity spells it.
	ID       string          `json:"id"`
	Check    string          `json:"check"`
	Path     string          `json:"path,omitempty"`
	Subject  string          `json:"subject,omitempty"`
	Severity result.Severity `json:"severity"`
}

// NewBaseline records the findings of res that no waiver covers, in a
// stable order.
func NewBaseline(res *result.Result) *Baseline {
	b := &Baseline{
		Version:  BaselineVersion,
		Image:    BaselineImage{Reference: res.Image.Reference, Digest: res.Image.Digest},
		Findings: []Accepted{},
	}
	for _, f := range res.Findings {
		if f.Waiver != nil {
			continue
		}
		b.Findings = append(b.Findings, Accepted{
			ID: f.Identity(), Check: f.Check, Path: f.Path, Subject: f.Subject,
			Severity: f.Severity,
		})
	}
	slices.SortFunc(b.Findings, func(x, y Accepted) int {
		return cmp.Or(cmp.Compare(x.ID, y.ID), cmp.Compare(y.Severity, x.Severity))
	})
	return b
}

// Write writes the baseline as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(b)
}

// ReadBaseline reads a baseline file that NewBaseline wrote.
func ReadBaseline(name string) (*Baseline, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading the baseline: %w", err)
	}

	var b Baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, &Error{File: name, Msg: fmt.Sprintf("not a baseline: %v", err)}
	}
	if b.Version != BaselineVersion {
		return nil, &Error{File: name, Msg: fmt.Sprintf(
			"baselineVersion is %d; this imgaudit reads version %d", b.Version, BaselineVersion)}
	}
	for i, a := range b.Findings {
		if a.Check == "" || a.Severity == 0 {
			return nil, &Error{File: name, Msg: fmt.Sprintf(
				"finding %d needs a check and a severity", i+1)}
		}
	}
	b.File = name
	return &b, nil
}

// mark sets Baseline on every finding that no waiver covers. Findings that
// share an identity are paired with accepted ones most severe first, so
// that one more of them is new and a higher severity is worse.
func (b *Baseline) mark(fs []result.Finding) {
	accepted := map[string][]result.Severity{}
	for _, a := range b.Findings {
		id := result.Finding{Check: a.Check, Path: a.Path, Subject: a.Subject}.Identity()
		accepted[id] = append(accepted[id], a.Severity)
	}
	current := map[string][]int{}
	for i, f := range fs {
		if f.Waiver == nil {
			current[f.Identity()] = append(current[f.Identity()], i)
		}
	}

	for id, idx := range current {
		slices.SortStableFunc(idx, func(x, y int) int {
			return cmp.Compare(fs[y].Severity, fs[x].Severity)
		})
		sevs := accepted[id]
		slices.SortFunc(sevs, func(x, y result.Severity) int { return cmp.Compare(y, x) })
		for n, i := range idx {
			switch {
			case n >= len(sevs):
				fs[i].Baseline = result.BaselineNew
			case fs[i].Severity > sevs[n]:
				fs[i].Baseline = result.BaselineWorse
			default:
				fs[i].Baseline = result.BaselineKnown
			}
		}
	}
}
