package policy

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// Waive marks every finding of res that a waiver in force on the day of now
// covers, the first waiver in file order winning, and adds a note to res for
// each waiver that has expired: it no longer applies, and the report says so.
func (p *Policy) Waive(res *result.Result, now time.Time) {
	var live []Waiver
	for _, w := range p.Ignore {
		if w.expired(now) {
			res.Notes = append(res.Notes, fmt.Sprintf(
				"the waiver of %s (%s) expired on %s and no longer applies",
				w.subject(), p.source(w), w.Expires.Format(time.DateOnly)))
			continue
		}
		live = append(live, w)
	}

	for i := range res.Findings {
		f := &res.Findings[i]
		for _, w := range live {
			if w.covers(*f) {
				f.Waiver = p.record(w)
				break
			}
		}
	}
}

// expired reports whether the day of now is after the last day of w.
func (w Waiver) expired(now time.Time) bool {
	if w.Expires.IsZero() {
		return false
	}
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(w.Expires)
}

// covers reports whether w waives f. A pattern ending in "/**" covers the
// folders it matches and everything below them.
func (w Waiver) covers(f result.Finding) bool {
	if f.Check != w.Check {
		return false
	}
	if w.Path == "" {
		return true
	}
	if f.Path == "" {
		return false
	}

	dir, deep := strings.CutSuffix(w.Path, "/**")
	if !deep {
		ok, _ := path.Match(w.Path, f.Path)
		return ok
	}
	for p := f.Path; p != "/" && p != "."; p = path.Dir(p) {
		if ok, _ := path.Match(dir, p); ok {
			return true
		}
	}
	return false
}

// subject names what w waives, for notes.
func (w Waiver) subject() string {
	if w.Path == "" {
		return fmt.Sprintf("%q", w.Check)
	}
	return fmt.Sprintf("%q at %s", w.Check, w.Path)
}

// source says where w is written, "FILE:LINE".
func (p *Policy) source(w Waiver) string {
	return fmt.Sprintf("%s:%d", p.File, w.Line)
}

// record is how a report shows w.
func (p *Policy) record(w Waiver) *result.Waiver {
	r := &result.Waiver{Reason: w.Reason, Path: w.Path, Source: p.source(w)}
	if !w.Expires.IsZero() {
		r.Expires = w.Expires.Format(time.DateOnly)
	}
	return r
}
