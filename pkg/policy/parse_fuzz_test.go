package policy

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/imgaudit/imgaudit/pkg/check"
)

// FuzzParse reads any bytes as a policy file. It must end quickly, and
// either refuse the file with an *Error that names it in one line, or
// accept a policy whose every part is valid: a known threshold, checks
// from the catalogue, waivers with a check and a reason.
func FuzzParse(f *testing.F) {
	seeds := []string{
		example, "", "---\n", "failOn: none\n", "failOn: [high]\n", "checks: {nope: {}}\n",
		"checks:\n  user-root:\n    severity: urgent\n", "ignore:\n  - check: env-file\n",
		"ignore:\n  - check: env-file\n    reason: r\n    expires: 2027-02-30\n",
		"budgets:\n  imageSize: -5MB\n  wasted: 101%\n", "failOn: high\nfailOn: low\n",
		"a: &a [*a, *a]\nb: &b [*a, *a]\nc: &c [*b, *b]\nfailOn: *c\n", // aliases
		"checks: &c\n  user-root: *c\n", "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n",
		"\t- tab\n", "failOn: !!binary aGlnaA==\n", "\xff\xfe f\x00a\x00",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	known := map[string]bool{}
	for _, c := range check.All() {
		known[c.ID] = true
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		p, err := Parse(".imgaudit.yaml", data)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Parse of %d bytes took %v", len(data), d)
		}
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) || !strings.HasPrefix(err.Error(), ".imgaudit.yaml") {
				t.Errorf("error %q (%T) is not an *Error naming the file", err, err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q spans lines", err)
			}
			return
		}

		if p.FailOn != "" {
			if _, err := ParseThreshold(p.FailOn); err != nil {
				t.Errorf("accepted failOn %q: %v", p.FailOn, err)
			}
		}
		for id := range p.Checks {
			if !known[id] {
				t.Errorf("accepted unknown check %q", id)
			}
		}
		for _, w := range p.Ignore {
			if !known[w.Check] || strings.TrimSpace(w.Reason) == "" {
				t.Errorf("accepted waiver %+v", w)
			}
		}
	})
}
